"""Random sequences of calls: the optimal stack answers exactly as the scanning one."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from min_stack.brute_force import ScanningMinStack
from min_stack.optimal import TrackedMinStack

calls = st.one_of(st.tuples(st.just("push"), st.integers()), st.just(("pop",)), st.just(("min",)))


@given(sequence=st.lists(calls, max_size=80))
def test_the_optimal_stack_answers_as_the_scanning_one(sequence: list[tuple[object, ...]]) -> None:
    optimal, oracle = TrackedMinStack(), ScanningMinStack()
    for call in sequence:
        match call:
            case ("push", int(value)):
                optimal.push(value)
                oracle.push(value)
            case ("pop",) if len(oracle):
                assert optimal.pop() == oracle.pop()
            case ("min",) if len(oracle):
                assert optimal.minimum() == oracle.minimum()
        assert len(optimal) == len(oracle)
        optimal.assert_invariants()
