"""A real browser runs lesson 3 in JupyterLab: the graph SVG and the backward player render, and
stepping the player moves the highlighted node.

JupyterLab is started headless on 127.0.0.1 (a free port, its own config, runtime, settings
and workspace folders, news and update checks off) on a copy of the lesson with its outputs
cleared, so that nothing passes on stored outputs and the repository's notebook is never
autosaved. Debian's chromium, driven by Playwright's Python package, opens it, waits for an
idle kernel, runs all cells and checks what the page shows. A screenshot of the player goes
to build/browser/ (or $VISGRAD_SCREENSHOT_DIR).

Skips, saying why, when Playwright or chromium is missing: `make test` installs chromium from
Debian's packages where it can (as root on Debian). Never `playwright install`.
"""

from __future__ import annotations

import base64
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "notebooks" / "03_gradients.ipynb"
CHROMIUM = os.environ.get("VISGRAD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
SCREENSHOTS = Path(os.environ.get("VISGRAD_SCREENSHOT_DIR", ROOT / "build" / "browser"))
TIMEOUT_MS = 120_000

sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="Playwright's Python package is not installed (pip install playwright; "
    "never `playwright install`: the test uses Debian's chromium)",
)
pytest.importorskip("jupyterlab", reason="JupyterLab is not installed (pip install -e '.[lab]')")
if not (os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
    pytest.skip(
        f"no chromium at {CHROMIUM}: on Debian, `apt-get install -y chromium` as root "
        "(make test does this when it can), or set VISGRAD_CHROMIUM",
        allow_module_level=True,
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _lesson_without_outputs(folder: Path) -> str:
    """Copy the lesson with its outputs and widget state cleared; returns its file name."""
    nb = json.loads(LESSON.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    nb["metadata"].pop("widgets", None)
    (folder / LESSON.name).write_text(json.dumps(nb), encoding="utf-8")
    return LESSON.name


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    """A JupyterLab server on a copy of the lesson: yields its base URL (token included)."""
    base = tmp_path_factory.mktemp("jupyterlab")
    work = base / "work"
    work.mkdir()
    name = _lesson_without_outputs(work)
    settings = base / "settings"
    notification = settings / "@jupyterlab" / "apputils-extension"
    notification.mkdir(parents=True)
    (notification / "notification.jupyterlab-settings").write_text(
        json.dumps({"checkForUpdates": False, "fetchNews": "false"})
    )
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(base / "config"),
        JUPYTER_RUNTIME_DIR=str(base / "runtime"),
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTERLAB_WORKSPACES_DIR=str(base / "workspaces"),
        # the kernel imports visgrad and autograd_lessons from this checkout
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT), env.get("PYTHONPATH", "")]),
    )
    port = _free_port()
    token = "visgrad-browser-test"
    command = [
        sys.executable, "-m", "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={work}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.news_url=",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = open(base / "jupyterlab.log", "wb")  # noqa: SIM115 - closed below
    server = subprocess.Popen(command, cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    started = (base / "jupyterlab.log").read_text()
                    pytest.fail("JupyterLab did not start:\n" + started)
                time.sleep(0.3)
        yield f"{url}/lab/tree/{urllib.parse.quote(name)}?token={token}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _svg_of(img_src: str) -> str:
    """The SVG text of an <img> whose source is a data URI (how JupyterLab shows SVG outputs)."""
    header, _, payload = img_src.partition(",")
    if ";base64" in header:
        return base64.b64decode(payload).decode("utf-8")
    return urllib.parse.unquote(payload)


def _active_node(svg_html: str) -> str | None:
    """The id of the node the player highlights (amber fill, thick red outline), if any."""
    for node_id, body in re.findall(r'<g id="([^"]*)" class="node"[^>]*>(.*?)</g>', svg_html,
                                    flags=re.S):
        if 'fill="#ffd54f"' in body and 'stroke="#c62828"' in body:
            return node_id
    return None


def test_lesson_3_runs_in_jupyterlab_with_graph_and_player(jupyterlab):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1500})
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(jupyterlab)

            # a connected, idle kernel first, or "Run All" opens a "Select Kernel" dialog
            page.wait_for_selector(".jp-Notebook")
            page.wait_for_function(
                """() => {
                    const name = document.querySelector('.jp-Toolbar-kernelName');
                    const status = document.querySelector('.jp-Notebook-ExecutionIndicator');
                    return name && /Python/.test(name.textContent)
                        && status && status.getAttribute('data-status') === 'idle';
                }"""
            )
            page.click(".jp-Notebook")
            page.click("li.lm-MenuBar-item:has-text('Run')")
            page.click("li.lm-Menu-item:has-text('Run All Cells')")

            # the player is a widget: wait for its buttons and its picture
            next_button = page.locator("button.jupyter-button:has-text('next')")
            next_button.wait_for()
            page.wait_for_function(
                """() => [...document.querySelectorAll('.jp-InputArea-prompt')]
                        .every(p => !p.textContent.includes('*'))"""
            )

            # every graph the lesson draws is an <img> holding the SVG as a data URI
            images = page.locator(".jp-RenderedSVG img")
            assert images.count() >= 4
            svgs = [_svg_of(images.nth(i).get_attribute("src")) for i in range(images.count())]
            assert any("AddBackward0" in s and "MeanBackward0" in s for s in svgs)

            # the derivation of 4.5 is typeset (MathJax turns $$...$$ into mjx-container)
            derivation = page.locator(".jp-MarkdownOutput:has(h2:has-text('Derive it'))")
            derivation.scroll_into_view_if_needed()
            page.wait_for_function(
                "el => el.querySelectorAll('mjx-container').length >= 3",
                arg=derivation.element_handle(),
            )
            derivation.screenshot(path=str(SCREENSHOTS / "lesson03_chain_rule.png"))

            picture = page.locator(".widget-html-content:has(svg)").first
            picture.scroll_into_view_if_needed()
            before = picture.inner_html()
            assert "MeanBackward0" in before
            page.screenshot(path=str(SCREENSHOTS / "lesson03_player_step0.png"), full_page=False)

            next_button.click()
            page.wait_for_function(
                "([el, old]) => el.innerHTML !== old", arg=[picture.element_handle(), before]
            )
            next_button.click()
            slider_value = page.locator(".widget-readout").first
            page.wait_for_function(
                "el => el.textContent.trim() === '2'", arg=slider_value.element_handle()
            )
            after = picture.inner_html()
            assert after != before
            assert _active_node(before) is not None
            assert _active_node(after) is not None
            assert _active_node(after) != _active_node(before)
            picture.scroll_into_view_if_needed()
            page.screenshot(path=str(SCREENSHOTS / "lesson03_player_step2.png"), full_page=False)
            player = page.locator(".widget-vbox:has(.widget-html-content svg)").first
            player.screenshot(path=str(SCREENSHOTS / "lesson03_player_step2_widget.png"))
        finally:
            browser.close()
