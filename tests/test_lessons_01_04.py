"""Lessons 1-4 exercises: each typical wrong answer gets its own message."""

import math

import pytest

import visgrad as torch
from autograd_lessons import exercise


def message_for(exercise_id, answer):
    feedback = exercise(exercise_id).check(answer)
    assert not feedback.passed, feedback.message
    return feedback.message


# --- lesson 1 ---------------------------------------------------------------------------------
@pytest.mark.parametrize("answer, expected", [
    (torch.ones(2, 2), "does not record operations: pass `requires_grad=True`"),
    (torch.ones(2, 2, requires_grad=True) * 1, "(its grad_fn is `MulBackward0`), so it is not"),
    (torch.ones(2, requires_grad=True), "expected shape (2, 2) but got (2,)"),
    (torch.zeros(2, 2, requires_grad=True), "your tensor is not right yet: entry [0, 0] is 0"),
    ([[1.0, 1.0], [1.0, 1.0]], "should be a tensor"),
])
def test_leaf(answer, expected):
    assert expected in message_for("01.leaf", answer)


GRAD_FN_RIGHT = {"x": None, "y": "AddBackward0", "w": None, "v": None}


@pytest.mark.parametrize("change, expected", [
    ({"x": "AccumulateGrad"}, "AccumulateGrad is the node where x's gradient *ends*"),
    ({"w": "MulBackward0"}, "a tensor we create ourselves (`x`, `w`) has `grad_fn` None"),
    ({"v": "MulBackward0"}, "no input of it requires grad, so nothing was recorded"),
    ({"y": None}, "was recorded because `x` requires grad"),
    ({"y": "AddBackward"}, "`y.grad_fn.name()` is not \"AddBackward\""),
])
def test_grad_fn(change, expected):
    assert expected in message_for("01.grad_fn", {**GRAD_FN_RIGHT, **change})


def test_grad_fn_accepts_printed_forms():
    answer = {"x": "None", "y": "<AddBackward0 object>", "w": None, "v": None}
    assert exercise("01.grad_fn").check(answer).passed


def test_grad_fn_wrong_keys():
    assert 'missing the key(s) "v"' in message_for("01.grad_fn", {"x": None, "y": "", "w": None})
    assert "should be a dict" in message_for("01.grad_fn", ["x"])


@pytest.mark.parametrize("answer, expected", [
    (torch.tensor([1, 2]), "holds integers, and only floating-point tensors can require grad"),
    (torch.tensor([1.0, 2.0]), "holds floats but does not require grad"),
    (torch.tensor([1.0, 3.0], requires_grad=True), "entry [1] is 3"),
])
def test_float_only(answer, expected):
    assert expected in message_for("01.float_only", answer)


# --- lesson 2 ---------------------------------------------------------------------------------
WALK = ["MeanBackward0", "MulBackward0", "MulBackward0", "AddBackward0",
        "torch::autograd::AccumulateGrad"]


@pytest.mark.parametrize("answer, expected", [
    (WALK[::-1], "you listed the nodes from x to out"),
    (["MeanBackward0", "MulBackward0", "PowBackward0", "AddBackward0", "AccumulateGrad"],
     "records MulBackward0 (`y ** 2` would record PowBackward0)"),
    (["MeanBackward0", "MulBackward0", "AddBackward0", "AccumulateGrad"],
     "two MulBackward0 nodes"),
    (WALK + [None], "stop at the AccumulateGrad node"),
    (WALK[:-1], "the walk ends at x's AccumulateGrad node"),
    (["SumBackward0"] + WALK[1:], "node 0 of your list, \"SumBackward0\""),
    ("MeanBackward0", "give a list of node names"),
])
def test_walk(answer, expected):
    assert expected in message_for("02.walk", answer)


def test_walk_accepts_short_accumulate_name():
    assert exercise("02.walk").check(WALK[:-1] + ["AccumulateGrad"]).passed


@pytest.mark.parametrize("answer, expected", [
    ((True, True, "SumBackward0"), "`torch.randn` makes a tensor with requires_grad=False"),
    ((False, False, "SumBackward0"), "switches recording on"),
    ((False, True, "MulBackward0"), "the *last* operation that made b: `.sum()`"),
    ((False, True, "Sum"), "(3) is not \"Sum\""),
    ((False, True), "give three answers"),
])
def test_requires_grad_(answer, expected):
    assert expected in message_for("02.requires_grad_", answer)


def count_per_path(t):
    if t.grad_fn is None:
        return 0
    count, to_visit = 0, [t.grad_fn]
    while to_visit:
        node = to_visit.pop()
        count += 1
        to_visit += [n for n, _ in node.next_functions if n is not None]
    return count


def count_without_accumulate(t):
    seen, to_visit = set(), [t.grad_fn] if t.grad_fn is not None else []
    while to_visit:
        node = to_visit.pop()
        if node in seen or type(node).__name__ == "AccumulateGrad":
            continue
        seen.add(node)
        to_visit += [n for n, _ in node.next_functions if n is not None]
    return len(seen)


def count_following_none(t):
    seen, to_visit = set(), [t.grad_fn] if t.grad_fn is not None else []
    while to_visit:
        node = to_visit.pop()
        if node not in seen:
            seen.add(node)
            to_visit += [n for n, _ in node.next_functions]
    return len(seen)


def count_crashing_on_leaf(t):
    seen, to_visit = {t.grad_fn}, [t.grad_fn]
    while to_visit:
        for n, _ in to_visit.pop().next_functions:
            if n is not None and n not in seen:
                seen.add(n)
                to_visit.append(n)
    return len(seen)


@pytest.mark.parametrize("answer, expected", [
    (count_per_path, "you counted a node once for each path that reaches it"),
    (count_without_accumulate, "you left out the AccumulateGrad nodes"),
    (count_following_none, "(None, 0) for an input that needs no gradient"),
    (count_crashing_on_leaf, "A leaf has `grad_fn` None: there are no nodes to count"),
    (lambda t: 5, "for a leaf, your function returns 5"),
    (count_per_path(torch.ones(1)), "pass your function itself"),
])
def test_count_nodes(answer, expected):
    assert expected in message_for("02.count_nodes", answer)


def test_count_nodes_exception_names_the_line():
    message = message_for("02.count_nodes", count_following_none)
    assert "your code raised `AttributeError` in `count_following_none`, line" in message
    assert "`if node not in seen:`" not in message  # the failing line is the next one
    assert "'NoneType' object has no attribute 'next_functions'" in message


# --- lesson 3 ---------------------------------------------------------------------------------
@pytest.mark.parametrize("answer, expected", [
    ([[27, 27], [27, 27]], "27 is the value of z"),
    ([[18, 18], [18, 18]], "divides by 4, so each x_i gets a quarter"),
    ([[6.75, 6.75], [6.75, 6.75]], "did not differentiate the square"),
    ([[1.5, 1.5], [1.5, 1.5]], "you used x where y = x + 2 belongs"),
    (4.5, "expected shape (2, 2) but got (): give one number per entry (4 numbers)"),
    ([4.5, 4.5], "expected shape (2, 2) but got (2,)"),
    ([[-4.5, -4.5], [-4.5, -4.5]], "has the wrong sign"),
    ([[4.5, 4.5], [4.5, 4.0]], "entry [1, 1] is 4"),
    (None, "is `None`"),
    ("4.5", "should be numbers"),
])
def test_why_4_5(answer, expected):
    assert expected in message_for("03.why_4_5", answer)


def test_why_4_5_accepts_tensor():
    assert exercise("03.why_4_5").check(torch.full((2, 2), 4.5)).passed


@pytest.mark.parametrize("answer, expected", [
    (lambda f, x, h=1e-3: (f(x + h) - f(x)) / h, "one-sided difference"),
    (lambda f, x, h=1e-3: (f(x) - f(x - h)) / h, "one-sided difference"),
    (lambda f, x, h=1e-3: (f(x + h) - f(x - h)) / h, "divide by 2h"),
    (lambda f, x, h=1e-3: (f(x - h) - f(x + h)) / (2 * h), "wrong sign"),
    (lambda f, x, h=1e-3: (f(x + 0.1) - f(x - 0.1)) / 0.2, "not within 1e-5"),
])
def test_slope(answer, expected):
    assert expected in message_for("03.slope", answer)


CHAIN_RIGHT = {"d": 30.0, "c": 30.0, "b": 90.0, "a": 150.0}


@pytest.mark.parametrize("change, expected", [
    ({"d": 15.0}, "∂L/∂d = 2d, not d"),
    ({"d": 225.0}, "225 is L itself"),
    ({"c": 1.0}, "multiply the local 1 by ∂L/∂d"),
    ({"b": 120.0}, "∂(a · b)/∂b is a, not b"),
    ({"a": 120.0}, "you followed only the path through c"),
    ({"a": 30.0}, "you followed only the direct path"),
    ({"a": 151.0}, 'your "a" is not right yet: it is 151'),
])
def test_chain_rule(change, expected):
    assert expected in message_for("03.chain_rule", {**CHAIN_RIGHT, **change})


def mul_backward_assigns(a, b, out):
    a.grad = b.value * out.grad
    b.grad = a.value * out.grad


def mul_backward_no_chain(a, b, out):
    a.grad += b.value
    b.grad += a.value


def mul_backward_own_value(a, b, out):
    a.grad += a.value * out.grad
    b.grad += b.value * out.grad


def mul_backward_returns(a, b, out):
    return b.value * out.grad, a.value * out.grad


def mul_backward_assigns_after_add(a, b, out):
    a.grad = a.grad * 0 + b.value * out.grad
    b.grad += a.value * out.grad


def mul_backward_crashes(a, b, out):
    a.grad += b.grad.value


@pytest.mark.parametrize("answer, expected", [
    (mul_backward_assigns, "you assigned `.grad` instead of adding to it: in `a * a` both inputs"),
    (mul_backward_no_chain, "without multiplying by the incoming `out.grad` (chain rule)"),
    (mul_backward_own_value, "you gave a the gradient a.value"),
    (mul_backward_returns, "a.grad and b.grad did not change"),
    (mul_backward_assigns_after_add, "a.grad already held 1.0 from another use of a"),
    (mul_backward_crashes, "your code raised `AttributeError` in `mul_backward_crashes`"),
])
def test_accumulate(answer, expected):
    assert expected in message_for("03.accumulate", answer)


def preorder(root):
    order, seen, stack = [], set(), [root]
    while stack:
        node = stack.pop(0)
        if node in seen:
            continue
        seen.add(node)
        order.append(node)
        stack = [n for n, _ in node.next_functions if n is not None] + stack
    return order


def stack_dfs(root):
    order, seen, stack = [], {root}, [root]
    while stack:
        node = stack.pop()
        order.append(node)
        for n, _ in node.next_functions:
            if n is not None and n not in seen:
                seen.add(n)
                stack.append(n)
    return order


def recursive_topo(root):
    order, seen = [], set()

    def visit(node):
        if node in seen:
            return
        seen.add(node)
        for n, _ in node.next_functions:
            if n is not None:
                visit(n)
        order.append(node)

    visit(root)
    return order[::-1]


def with_duplicates(root):
    order = recursive_topo(root)
    return order + order[-1:]


@pytest.mark.parametrize("answer, expected", [
    (preorder, "`ExpBackward0` comes before `MulBackward0`, but `MulBackward0` sends gradient"),
    (stack_dfs, "`ExpBackward0` comes before `MulBackward0`"),
    (recursive_topo, "went deeper than Python's recursion limit"),
    (with_duplicates, "appears twice"),
    (lambda root: [root], "misses 4 node(s), e.g. `MulBackward0`"),
    (lambda root: [n.name() for n in recursive_topo(root)], "not their names"),
    (lambda root: recursive_topo(root) + [None], "contains None"),
])
def test_order(answer, expected):
    assert expected in message_for("03.order", answer)


# --- lesson 4 ---------------------------------------------------------------------------------
@pytest.mark.parametrize("answer, expected", [
    ([[0.5, -1.0], [2.0, 0.0]], "the second backward *adds* to x.grad"),
    ([[1.0, 1.0], [1.0, 1.0]], "x.grad after the first backward only"),
    ("error", "the second backward does not fail"),
    ([1.5, 0.0, 3.0, 1.0], "expected shape (2, 2) but got (4,)"),
])
def test_second_backward(answer, expected):
    assert expected in message_for("04.second_backward", answer)


def backward_both_no_retain(x):
    y = x * x
    y.sum().backward()
    (2 * y).sum().backward()


def backward_both_retain_on_second(x):
    y = x * x
    y.sum().backward()
    (2 * y).sum().backward(retain_graph=True)


def backward_both_resets(x):
    y = x * x
    y.sum().backward(retain_graph=True)
    x.grad = None
    (2 * y).sum().backward()


def backward_both_first_only(x):
    (x * x).sum().backward()


@pytest.mark.parametrize("answer, expected", [
    (backward_both_no_retain, "pass `retain_graph=True` to the first backward"),
    (backward_both_retain_on_second, "pass `retain_graph=True` to the first backward"),
    (backward_both_resets, "x.grad holds only the second gradient"),
    (backward_both_first_only, "x.grad holds only the first gradient"),
    (lambda x: x.sum(), "x.grad is still None"),
])
def test_retain_graph(answer, expected):
    assert expected in message_for("04.retain_graph", answer)


def test_retain_graph_names_pytorch_error_and_line():
    message = message_for("04.retain_graph", backward_both_no_retain)
    assert "`RuntimeError` in `backward_both_no_retain`, line" in message
    assert "`(2 * y).sum().backward()`" in message
    assert "Trying to backward through the graph a second time" in message


@pytest.mark.parametrize("answer, expected", [
    ({"a", "b", "c", "e"}, "(a) does not fail: AddBackward0 needs no saved tensors"),
    ({"b", "e"}, "(c) fails too: MulBackward0 saves the other factor, 3"),
    ({"c", "e"}, "(b) fails: MulBackward0 saved both factors"),
    ({"b", "c", "d", "e"}, "(d) does not fail"),
    ({"b", "c"}, "(e) fails: ExpBackward0 saved its result"),
    ({"b", "c", "f"}, "there is no snippet \"f\""),
    (3, "give the letters"),
])
def test_which_fail(answer, expected):
    assert expected in message_for("04.which_fail", answer)


@pytest.mark.parametrize("answer", [["b", "c", "e"], "bce", "(b), (c), (e)", ("B", "C", "E")])
def test_which_fail_accepts_spellings(answer):
    assert exercise("04.which_fail").check(answer).passed


def test_slope_reference_is_second_order():
    ex = exercise("03.slope")
    slope = ex.reference_answer()
    assert math.isclose(slope(lambda t: t**3, 2.0), 12.0, abs_tol=1e-5)
