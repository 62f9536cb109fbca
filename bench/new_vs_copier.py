"""How much does takehome add on top of copier itself?

Times, in one run and interleaved (this machine is shared and noisy), the `takehome new`
command for every kind against `copier copy` of a minimal one-file template, both as
the commands a user types, and prints medians and the ratio. No threshold is asserted.

    .venv/bin/python bench/new_vs_copier.py [--repeat 7]
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


def minimal_template(folder: Path) -> Path:
    """One question, one templated file: copier's own start-up and render cost."""
    folder.mkdir()
    (folder / "copier.yml").write_text("name:\n  type: str\n  default: demo\n", "utf-8")
    (folder / "README.md.jinja").write_text("# {{ name }}\n", encoding="utf-8")
    return folder


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    repeat = parser.parse_args().repeat
    kinds = list(load_kinds(Template(ROOT)))
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        baseline = minimal_template(work / "minimal")
        samples: dict[str, list[float]] = {"copier copy (minimal)": []}
        samples |= {f"takehome new {kind}": [] for kind in kinds}
        for run in range(repeat):
            samples["copier copy (minimal)"].append(
                timed(
                    [
                        str(BIN / "copier"),
                        "copy",
                        "--defaults",
                        "--quiet",
                        str(baseline),
                        str(work / f"min-{run}"),
                    ]
                )
            )
            for kind in kinds:
                samples[f"takehome new {kind}"].append(
                    timed(
                        [
                            str(BIN / "takehome"),
                            "new",
                            kind,
                            str(work / f"{kind}-{run}"),
                            "--defaults",
                            "--vcs-ref",
                            "HEAD",
                            "--template",
                            str(ROOT),
                        ]
                    )
                )
    base = statistics.median(samples["copier copy (minimal)"])
    print(f"{'command':<36} {'median s':>9} {'ratio':>7}   ({repeat} interleaved runs)")
    for name, values in samples.items():
        median = statistics.median(values)
        print(f"{name:<36} {median:>9.3f} {median / base:>7.2f}")


if __name__ == "__main__":
    main()
