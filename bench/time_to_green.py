"""Time to green: a candidate's `make setup && make test` with uv on PATH, and without it.

Most candidates have no uv; `make setup` then installs the pinned uv from PyPI into the
project's .venv and uses it. For every kind (default answers), this renders a fresh
project, then times `make setup test` once with uv found and once with `UV=` (as where
uv is not installed), interleaved in one run because this machine is shared and noisy.
Caches are warm (one untimed round first), as on a candidate's second project. Prints
the medians and the ratio without/with uv; nothing is asserted.

    .venv/bin/python bench/time_to_green.py [--repeat 3] [--kind KIND ...]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from generator.kinds import load_kinds  # noqa: E402
from generator.template import Template  # noqa: E402

MODES: dict[str, list[str]] = {"with uv": [], "without uv": ["UV="]}


def fresh_project(kind: str, destination: Path) -> Path:
    subprocess.run(
        [
            str(BIN / "takehome"),
            "new",
            kind,
            str(destination),
            "--defaults",
            "--vcs-ref",
            "HEAD",
            "--template",
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    return destination


def seconds_to_green(project: Path, make_args: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        ["make", *make_args, "setup", "test"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.exit(
            f"make {' '.join(make_args)} setup test failed in {project}:\n{done.stderr[-2000:]}"
        )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--kind", action="append", help="only this kind (repeatable)")
    options = parser.parse_args()
    kinds = options.kind or list(load_kinds(Template(ROOT)))
    print(
        f"{'kind':<20} {'with uv s':>10} {'without s':>10} {'ratio':>7}   ({options.repeat} runs)"
    )
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        for kind in kinds:
            samples: dict[str, list[float]] = {mode: [] for mode in MODES}
            for round_ in range(options.repeat + 1):
                for mode, make_args in MODES.items():
                    project = fresh_project(kind, work / f"{kind}-{round_}-{len(make_args)}")
                    took = seconds_to_green(project, make_args)
                    if round_:  # round 0 only warms the caches
                        samples[mode].append(took)
            with_uv, without = (statistics.median(samples[mode]) for mode in MODES)
            print(f"{kind:<20} {with_uv:>10.1f} {without:>10.1f} {without / with_uv:>7.2f}")


if __name__ == "__main__":
    main()
