"""Migration steps that copier's `_migrations` run inside a project during an update.

copier runs each step with the project as the working directory, before it renders the
new template version (`_stage == 'before'`), by file path from its clone of the
template: `{{ _copier_python }} {{ _copier_conf.src_path }}/generator/migrations.py …`.
So this file imports the standard library only, and every step is idempotent: running
it twice, or on a project that never had the old name, changes nothing.

    rename-answer OLD NEW   a question was renamed: keep the candidate's answer
    move OLD NEW            a file moved: take the candidate's copy (edits and all) along

copier runs migrations before it validates the answers, so each step also gets the
kind asked for (`--kind "{{ _copier_conf.data.kind | default('') }}"`) and refuses a
kind change itself: the project is then left untouched.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ANSWERS_FILE = ".copier-answers.yml"


class MigrationError(RuntimeError):
    """A step cannot be applied without losing the candidate's work."""


def rename_answer(old: str, new: str, answers_file: Path) -> bool:
    """Rename the top-level key `old` of the answers file to `new`; True if it did.

    Line-based, so the comments and order of the file stay as they are.
    """
    text = answers_file.read_text(encoding="utf-8")
    old_key = re.compile(rf"^{re.escape(old)}:(?=\s)", re.MULTILINE)
    if not old_key.search(text):
        return False
    if re.search(rf"^{re.escape(new)}:(?=\s)", text, re.MULTILINE):
        raise MigrationError(
            f"{answers_file} answers both {old!r} and {new!r}; keep one and commit."
        )
    answers_file.write_text(old_key.sub(f"{new}:", text, count=1), encoding="utf-8")
    return True


def move(old: Path, new: Path) -> bool:
    """`git mv old new`, so the update merges the template's changes into the moved copy.

    The move is staged because copier compares the project's index, not its files, with
    the old template version.
    """
    if not old.exists():
        return False
    if new.exists():
        raise MigrationError(f"both {old} and {new} exist; merge them by hand and commit.")
    new.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "mv", "--", str(old), str(new)], check=True)
    return True


def kind_change_refusal(recorded: str, requested: str | None) -> str | None:
    """The one-line refusal of a kind change (takehome's own check says the same)."""
    if not requested or requested == recorded:
        return None
    return (
        f"The kind cannot change on update (this project is a {recorded} homework): "
        f"start a new project with `takehome new {requested}` instead."
    )


def refuse_kind_change(requested: str, answers_file: Path) -> None:
    text = answers_file.read_text(encoding="utf-8")
    recorded = re.search(r"^kind:\s*['\"]?([\w-]+)", text, re.MULTILINE)
    if recorded and (refusal := kind_change_refusal(recorded[1], requested)):
        raise MigrationError(refusal)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", default="", help="the kind asked for on this update")
    parser.add_argument("--answers-file", type=Path, default=Path(ANSWERS_FILE))
    steps = parser.add_subparsers(dest="step", required=True)
    rename = steps.add_parser("rename-answer", help="a question was renamed")
    rename.add_argument("old")
    rename.add_argument("new")
    moved = steps.add_parser("move", help="a file moved")
    moved.add_argument("old", type=Path)
    moved.add_argument("new", type=Path)
    args = parser.parse_args(argv)
    try:
        refuse_kind_change(args.kind, args.answers_file)
        if args.step == "rename-answer":
            done = rename_answer(args.old, args.new, args.answers_file)
            what = f"answer {args.old!r} renamed to {args.new!r}"
        else:
            done = move(args.old, args.new)
            what = f"{args.old} moved to {args.new}"
    except MigrationError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"migration: {what}" if done else f"migration: nothing to do ({what} already)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
