"""Which of several equal values PyTorch picks: its C++ selection loops, followed step by step.

Among equal values "the k-th smallest" or "the k largest" has several right answers; PyTorch
returns the one its algorithm happens to end on, and the indices (and so where the gradient
goes) depend on it. visgrad follows the same steps, in Python, for the rows that need it (a
row without ties has one answer, which NumPy finds at once):

- kthvalue runs PyTorch's own quickselect (Sedgewick's: a median-of-three pivot, partitions
  that stop on equal values);
- sort (stable=False) runs the C++ standard library's (libstdc++'s) `sort`; topk its
  `partial_sort` when k·64 ≤ n, else its `nth_element`, then `sort` of the first k - 1
  entries when sorted=True. Those are an introsort (quicksort with a median-of-three pivot,
  a heapsort when it recurses too deep, an insertion sort for runs of 16 or fewer) and its
  selection twin, introselect.

NaN counts as larger than every number and equal to another NaN, as PyTorch compares.
"""

from __future__ import annotations

import math
from collections.abc import Callable

Less = Callable[[float, float], bool]


def _greater(x: float, y: float) -> bool:
    """x > y, NaN counting as the largest (PyTorch's gt_or_nan)."""
    return (math.isnan(x) and not math.isnan(y)) or x > y


def _smaller(x: float, y: float) -> bool:
    """x < y, NaN counting as the largest."""
    return (not math.isnan(x) and math.isnan(y)) or x < y


# --- kthvalue: PyTorch's quickselect ----------------------------------------------------------
def kthvalue_place(values: list[float], k: int) -> int:
    """The original place of the entry that ends at position k (from 0) when `values` are
    partitioned as PyTorch's kthvalue does, narrowing to the side that holds k."""
    places = list(range(len(values)))

    def swap(i: int, j: int) -> None:
        values[i], values[j] = values[j], values[i]
        places[i], places[j] = places[j], places[i]

    low, high = 0, len(values) - 1
    while high > low:
        if high == low + 1:  # two entries: order them
            if _greater(values[low], values[high]):
                swap(low, high)
            break
        swap((low + high) // 2, low + 1)  # the median of three becomes the pivot, at low
        if _greater(values[low + 1], values[high]):
            swap(low + 1, high)
        if _greater(values[low], values[high]):
            swap(low, high)
        if _greater(values[low + 1], values[low]):
            swap(low + 1, low)
        pivot, i, j = values[low], low + 1, high
        while True:
            i += 1
            while _greater(pivot, values[i]):
                i += 1
            j -= 1
            while _greater(values[j], pivot):
                j -= 1
            if j < i:
                break
            swap(i, j)
        swap(low, j)  # the pivot to its final place, j
        if j <= k:
            low = i
        if j >= k:
            high = j - 1
    return places[k]


# --- sort and topk: the C++ standard library's sort, partial_sort and nth_element -------------
def sort_places(values: list[float], descending: bool) -> list[int]:
    """The original places in the order PyTorch's sort (stable=False) leaves them: the C++
    library's `sort` (with x86-simd-sort, which the PyTorch wheels checked here are built
    without, ties would come out in yet another order)."""
    row = _Row(values, _greater if descending else _smaller)
    row.sort(0, len(values))
    return row.places


def topk_places(values: list[float], k: int, largest: bool, sorted: bool) -> list[int]:  # noqa: A002
    """The original places of the k entries PyTorch's topk returns, in its order."""
    row = _Row(values, _greater if largest else _smaller)
    n = len(values)
    if k == 0:
        return []
    if k * 64 <= n:
        row.partial_sort(0, k, n)
    else:
        row.nth_element(0, k - 1, n)
        if sorted:
            row.sort(0, k - 1)
    return row.places[:k]


class _Row:
    """(value, original place) pairs, rearranged by libstdc++'s algorithms with `before`
    (the comparison: does a value come before another). Positions are list indices."""

    THRESHOLD = 16  # runs this short are finished by insertion sort

    def __init__(self, values: list[float], before: Less) -> None:
        self.values, self.places, self.before = values, list(range(len(values))), before

    def _less(self, i: int, j: int) -> bool:
        return self.before(self.values[i], self.values[j])

    def _swap(self, i: int, j: int) -> None:
        v, p = self.values, self.places
        v[i], v[j] = v[j], v[i]
        p[i], p[j] = p[j], p[i]

    def _get(self, i: int) -> tuple[float, int]:
        return self.values[i], self.places[i]

    def _set(self, i: int, item: tuple[float, int]) -> None:
        self.values[i], self.places[i] = item

    # sort: introsort, then one insertion sort over the nearly sorted whole
    def sort(self, first: int, last: int) -> None:
        if first != last:
            self._introsort_loop(first, last, 2 * _floor_log2(last - first))
            self._final_insertion_sort(first, last)

    def _introsort_loop(self, first: int, last: int, depth: int) -> None:
        while last - first > self.THRESHOLD:
            if depth == 0:
                self.partial_sort(first, last, last)  # too deep: heapsort the rest
                return
            depth -= 1
            cut = self._partition_around_median(first, last)
            self._introsort_loop(cut, last, depth)
            last = cut

    def _partition_around_median(self, first: int, last: int) -> int:
        """The median of (first + 1, middle, last - 1) moved to first as the pivot; the rest
        split into entries not after it and entries not before it; the split returned."""
        self._move_median_to_first(first, first + 1, first + (last - first) // 2, last - 1)
        low, high, pivot = first + 1, last, first
        while True:
            while self._less(low, pivot):
                low += 1
            high -= 1
            while self._less(pivot, high):
                high -= 1
            if not low < high:
                return low
            self._swap(low, high)
            low += 1

    def _move_median_to_first(self, result: int, a: int, b: int, c: int) -> None:
        if self._less(a, b):
            if self._less(b, c):
                self._swap(result, b)
            elif self._less(a, c):
                self._swap(result, c)
            else:
                self._swap(result, a)
        elif self._less(a, c):
            self._swap(result, a)
        elif self._less(b, c):
            self._swap(result, c)
        else:
            self._swap(result, b)

    def _final_insertion_sort(self, first: int, last: int) -> None:
        if last - first > self.THRESHOLD:
            self._insertion_sort(first, first + self.THRESHOLD)
            for i in range(first + self.THRESHOLD, last):
                self._linear_insert(i)
        else:
            self._insertion_sort(first, last)

    def _insertion_sort(self, first: int, last: int) -> None:
        for i in range(first + 1, last):
            if self._less(i, first):  # to the very front: shift the whole run right
                item = self._get(i)
                for j in range(i, first, -1):
                    self._set(j, self._get(j - 1))
                self._set(first, item)
            else:
                self._linear_insert(i)

    def _linear_insert(self, last: int) -> None:
        """Move the entry at `last` left past the entries it comes before (some entry to its
        left does not come after it, so no bound check is needed)."""
        item = self._get(last)
        while self.before(item[0], self.values[last - 1]):
            self._set(last, self._get(last - 1))
            last -= 1
        self._set(last, item)

    # partial_sort: a heap of the first `middle` entries, then sorted out of the heap
    def partial_sort(self, first: int, middle: int, last: int) -> None:
        self._heap_select(first, middle, last)
        while middle - first > 1:
            middle -= 1
            self._pop_heap(first, middle, middle)

    def _heap_select(self, first: int, middle: int, last: int) -> None:
        self._make_heap(first, middle)
        for i in range(middle, last):
            if self._less(i, first):
                self._pop_heap(first, middle, i)

    def _make_heap(self, first: int, last: int) -> None:
        length = last - first
        if length < 2:
            return
        parent = (length - 2) // 2
        while True:
            self._adjust_heap(first, parent, length, self._get(first + parent))
            if parent == 0:
                return
            parent -= 1

    def _pop_heap(self, first: int, last: int, result: int) -> None:
        item = self._get(result)
        self._set(result, self._get(first))
        self._adjust_heap(first, 0, last - first, item)

    def _adjust_heap(self, first: int, hole: int, length: int, item: tuple[float, int]) -> None:
        top, child = hole, hole
        while child < (length - 1) // 2:
            child = 2 * (child + 1)
            if self._less(first + child, first + child - 1):
                child -= 1
            self._set(first + hole, self._get(first + child))
            hole = child
        if length % 2 == 0 and child == (length - 2) // 2:
            child = 2 * (child + 1)
            self._set(first + hole, self._get(first + child - 1))
            hole = child - 1
        parent = (hole - 1) // 2  # push the item back up from the hole
        while hole > top and self.before(self.values[first + parent], item[0]):
            self._set(first + hole, self._get(first + parent))
            hole = parent
            parent = (hole - 1) // 2
        self._set(first + hole, item)

    # nth_element: introselect
    def nth_element(self, first: int, nth: int, last: int) -> None:
        if first == last or nth == last:
            return
        depth = 2 * _floor_log2(last - first)
        while last - first > 3:
            if depth == 0:
                self._heap_select(first, nth + 1, last)
                self._swap(first, nth)
                return
            depth -= 1
            cut = self._partition_around_median(first, last)
            if cut <= nth:
                first = cut
            else:
                last = cut
        self._insertion_sort(first, last)


def _floor_log2(n: int) -> int:
    return n.bit_length() - 1
