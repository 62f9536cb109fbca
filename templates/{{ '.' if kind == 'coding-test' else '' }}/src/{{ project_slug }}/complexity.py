"""Which growth class fits a series of measurements: the exponent and the best of five.

Used twice: on operation counts by the default tests, and on timings by `make bench`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

GROWTH: dict[str, Callable[[float], float]] = {
    "O(1)": lambda n: 1.0,
    "O(log n)": math.log2,
    "O(n)": lambda n: n,
    "O(n log n)": lambda n: n * math.log2(n),
    "O(n^2)": lambda n: n * n,
}
"""Each candidate class as a function of n, up to a constant factor."""


@dataclass(frozen=True)
class Fit:
    """How a series grows: the log-log slope, and the class with the smallest error."""

    exponent: float
    best: str
    errors: dict[str, float]


def fit(sizes: Sequence[int], values: Sequence[float]) -> Fit:
    """Fit `values` (time or work per call) against `sizes`.

    The exponent is the least-squares slope of log(value) against log(n). Each class is
    fitted as value = c * f(n) in log space, where the best c is the mean of
    log(value) - log(f(n)); its error is the mean squared residual. The class with the
    smallest error wins.
    """
    if len(sizes) != len(values) or len(sizes) < 3:
        raise ValueError("Fitting needs the same number of sizes and values, at least 3.")
    if min(sizes) < 2 or min(values) <= 0:
        raise ValueError("Fitting needs sizes of at least 2 and positive values.")
    xs = [math.log(n) for n in sizes]
    ys = [math.log(v) for v in values]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        raise ValueError("Fitting needs at least two different sizes.")
    exponent = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    errors: dict[str, float] = {}
    for name, growth in GROWTH.items():
        residuals = [y - math.log(growth(n)) for n, y in zip(sizes, ys, strict=True)]
        scale = sum(residuals) / len(residuals)
        errors[name] = sum((r - scale) ** 2 for r in residuals) / len(residuals)
    return Fit(exponent=exponent, best=min(errors, key=errors.__getitem__), errors=errors)
