"""Time generating each kind with `copier copy` and with `cookiecutter` on the export.

Both run as their command-line tools, the way a candidate runs them, with default
answers; each is repeated and the median kept. Nothing is asserted: the figures are
for the docs (docs/cookiecutter.md) and for spotting a regression by eye.

    .venv/bin/python bench/export_vs_copier.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from generator.export.cookiecutter import export_cookiecutter  # noqa: E402
from generator.kinds import load_kinds  # noqa: E402
from generator.template import Template  # noqa: E402


def median_seconds(command: Callable[[Path], list[str]], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="takehome-bench-") as scratch:
            started = time.perf_counter()
            subprocess.run(command(Path(scratch)), check=True, capture_output=True)
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per tool and kind")
    repeat = parser.parse_args().repeat
    template = Template(ROOT)
    kinds = list(load_kinds(template))
    with tempfile.TemporaryDirectory(prefix="takehome-export-") as exported:
        started = time.perf_counter()
        export_cookiecutter(template, Path(exported), kinds)
        print(f"export of {len(kinds)} kind(s): {time.perf_counter() - started:.2f} s")
        print(f"{'kind':<22}{'copier copy':>13}{'cookiecutter':>14}{'copier/cookiecutter':>21}")
        for kind in kinds:
            copier = median_seconds(
                lambda dst, kind=kind: [str(BIN / "copier"), "copy", "--quiet", "--defaults",
                                        "--vcs-ref", "HEAD", "-d", f"kind={kind}", str(ROOT),
                                        str(dst / "project")],
                repeat,
            )  # fmt: skip
            cookiecutter = median_seconds(
                lambda dst, kind=kind: [str(BIN / "cookiecutter"), "--no-input", "-o", str(dst),
                                        str(Path(exported) / kind)],
                repeat,
            )  # fmt: skip
            ratio = copier / cookiecutter
            print(f"{kind:<22}{copier:>12.2f}s{cookiecutter:>13.2f}s{ratio:>20.2f}x")


if __name__ == "__main__":
    main()
