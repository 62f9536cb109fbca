"""Threads push and pop one shared stack; its invariants hold throughout."""

from __future__ import annotations

import random
import threading

from min_stack.counting import CountedList, OpCounter
from min_stack.optimal import TrackedMinStack

THREADS = 8
CALLS = 2000


def test_threads_sharing_a_stack_keep_one_minimum_per_value() -> None:
    counter = OpCounter()
    stack = TrackedMinStack(values=CountedList[int](counter), minimums=CountedList[int](counter))
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def hammer(seed: int) -> None:
        draw = random.Random(seed)
        start.wait()
        try:
            for _ in range(CALLS):
                stack.push(draw.randrange(1000))
                stack.minimum()
                stack.pop()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=hammer, args=(seed,)) for seed in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    stack.assert_invariants()
    assert len(stack) == 0
