"""The min-stack as a state machine; the model is a plain list."""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from min_stack.optimal import TrackedMinStack


class MinStackMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.stack = TrackedMinStack()
        self.model: list[int] = []

    @rule(value=st.integers())
    def push(self, value: int) -> None:
        self.stack.push(value)
        self.model.append(value)

    @precondition(lambda self: bool(self.model))
    @rule()
    def pop(self) -> None:
        assert self.stack.pop() == self.model.pop()

    @invariant()
    def the_minimum_is_the_models(self) -> None:
        if self.model:
            assert self.stack.minimum() == min(self.model)
        assert len(self.stack) == len(self.model)
        self.stack.assert_invariants()


TestMinStackMachine = MinStackMachine.TestCase
