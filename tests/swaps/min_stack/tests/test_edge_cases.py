"""Edge cases of the min-stack, one per row of README.md's table, on both implementations."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from min_stack.brute_force import ScanningMinStack
from min_stack.contract import EmptyStackError, MinStack
from min_stack.optimal import TrackedMinStack


def popping_an_empty_stack_is_refused(stack: MinStack) -> None:
    with pytest.raises(EmptyStackError, match="pop from an empty stack"):
        stack.pop()


def the_minimum_of_an_empty_stack_is_refused(stack: MinStack) -> None:
    with pytest.raises(EmptyStackError, match="minimum of an empty stack"):
        stack.minimum()


def equal_minimums_survive_one_pop(stack: MinStack) -> None:
    for value in (2, 1, 1):
        stack.push(value)
    stack.pop()
    assert stack.minimum() == 1


def the_minimum_comes_back_after_a_pop(stack: MinStack) -> None:
    for value in (4, 2, 6, 0):
        stack.push(value)
    assert stack.pop() == 0
    assert stack.minimum() == 2


def a_non_integer_is_refused(stack: MinStack) -> None:
    with pytest.raises(TypeError, match="Only integers can be pushed"):
        stack.push("1")  # type: ignore[arg-type]
    assert len(stack) == 0


EDGE_CASES = [
    pytest.param(popping_an_empty_stack_is_refused, id="empty-pop"),
    pytest.param(the_minimum_of_an_empty_stack_is_refused, id="empty-minimum"),
    pytest.param(equal_minimums_survive_one_pop, id="equal-minimums"),
    pytest.param(the_minimum_comes_back_after_a_pop, id="minimum-restored"),
    pytest.param(a_non_integer_is_refused, id="non-integer"),
]


@pytest.mark.parametrize("implementation", [TrackedMinStack, ScanningMinStack])
@pytest.mark.parametrize("case", EDGE_CASES)
def test_edge_case(
    case: Callable[[MinStack], None], implementation: Callable[[], MinStack]
) -> None:
    case(implementation())
