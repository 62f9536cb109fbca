"""`make bench`'s report: fit the timings, plot them, put the table into the README.

Reads the JSON that pytest-benchmark wrote for bench/test_scaling.py, fits each
implementation's time per call against n (complexity.fit), writes a log-log plot
(matplotlib, Agg) and replaces the table between the README's scaling markers. Exits 1
when a fitted class is not the one the write-up claims.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .complexity import Fit, fit

START = "<!-- scaling:start -->"
END = "<!-- scaling:end -->"


@dataclass(frozen=True)
class Series:
    """One implementation's time per call (seconds) at each n: the fastest round, as
    `timeit` advises, since noise from other processes only ever adds time."""

    name: str
    claimed: str
    times: dict[int, float]

    @property
    def fitted(self) -> Fit:
        sizes = sorted(self.times)
        return fit(sizes, [self.times[n] for n in sizes])


@dataclass(frozen=True)
class Measurement:
    series: list[Series]
    date: str
    machine: str


class ReportError(Exception):
    """The benchmark results or the README cannot be used; the message says why."""


def load(path: Path) -> Measurement:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        times: dict[str, dict[int, float]] = defaultdict(dict)
        claims: dict[str, str] = {}
        for bench in raw["benchmarks"]:
            info = bench["extra_info"]
            times[info["implementation"]][int(info["n"])] = float(bench["stats"]["min"])
            claims[info["implementation"]] = info["claimed"]
        cpu = raw["machine_info"].get("cpu", {}).get("brand_raw") or raw["machine_info"]["machine"]
        machine = f"{cpu}, Python {raw['machine_info']['python_version']}"
        date = str(raw["datetime"])[:10]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ReportError(f"{path} is not a pytest-benchmark result of bench/: {error}") from error
    if not times:
        raise ReportError(f"{path} holds no benchmark: run `make bench`.")
    series = [Series(name, claims[name], dict(sorted(t.items()))) for name, t in times.items()]
    return Measurement(series, date, machine)


def table(measurement: Measurement) -> str:
    """The Markdown table: time per call at each n, then the fit of each implementation."""
    names = [s.name for s in measurement.series]
    sizes = sorted({n for s in measurement.series for n in s.times})
    lines = [
        f"Measured by `make bench` on {measurement.date}, {measurement.machine}:",
        "",
        "| n | " + " | ".join(f"{name} (µs per call)" for name in names) + " |",
        "| ---: | " + " | ".join("---:" for _ in names) + " |",
    ]
    for n in sizes:
        cells = [
            f"{s.times[n] * 1e6:.2f}" if n in s.times else "not run" for s in measurement.series
        ]
        lines.append(f"| 2^{n.bit_length() - 1} | " + " | ".join(cells) + " |")
    fits = [s.fitted for s in measurement.series]
    lines.append("| fitted exponent | " + " | ".join(f"{f.exponent:.2f}" for f in fits) + " |")
    lines.append("| best fit | " + " | ".join(f.best for f in fits) + " |")
    lines.append("| claimed | " + " | ".join(s.claimed for s in measurement.series) + " |")
    return "\n".join(lines)


def mismatches(measurement: Measurement) -> list[str]:
    return [
        f"{s.name}: measured {s.fitted.best}, the write-up claims {s.claimed}"
        for s in measurement.series
        if s.fitted.best != s.claimed
    ]


def plot(measurement: Measurement, destination: Path) -> None:
    """Time per call against n, log-log, one line per implementation."""
    import matplotlib  # noqa: PLC0415 (only `make bench` needs it; the tests stay fast)

    matplotlib.use("Agg")
    from matplotlib import pyplot  # noqa: PLC0415

    figure, axes = pyplot.subplots(figsize=(6, 4), dpi=100)
    for s in measurement.series:
        sizes = sorted(s.times)
        label = f"{s.name}: {s.fitted.best} (exponent {s.fitted.exponent:.2f})"
        axes.loglog(sizes, [s.times[n] * 1e6 for n in sizes], marker="o", base=2, label=label)
    axes.set_xlabel("n")
    axes.set_ylabel("µs per call (fastest round)")
    axes.set_title(f"Time per call against n ({measurement.date})")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend()
    destination.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(destination, format="png", metadata={"Software": None})
    pyplot.close(figure)


def insert(readme: str, block: str) -> str:
    """`readme` with the text between the scaling markers replaced by `block`."""
    start, end = readme.find(START), readme.find(END)
    if start < 0 or end < start:
        raise ReportError(
            f"The README has no {START} ... {END} markers to write the table between."
        )
    return f"{readme[: start + len(START)]}\n{block}\n{readme[end:]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("results", type=Path, help="pytest-benchmark JSON of bench/")
    parser.add_argument("--readme", type=Path, default=Path("README.md"))
    parser.add_argument("--plot", type=Path, default=Path("docs/scaling.png"))
    args = parser.parse_args(argv)
    try:
        measurement = load(args.results)
        readme = args.readme.read_text(encoding="utf-8")
        link = Path(os.path.relpath(args.plot, args.readme.parent)).as_posix()
        block = f"{table(measurement)}\n\n![Time per call against n]({link})"
        updated = insert(readme, block)
    except (OSError, ReportError) as error:
        print(f"report: {error}", file=sys.stderr)
        return 2
    plot(measurement, args.plot)
    args.readme.write_text(updated, encoding="utf-8")
    print(table(measurement))
    print(f"\nWrote the table into {args.readme} and the plot to {args.plot}.")
    wrong = mismatches(measurement)
    for line in wrong:
        print(f"MISMATCH {line}", file=sys.stderr)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
