"""Remove the folders whose names rendered empty (cookiecutter hook).

copier skips a folder whose name renders empty; cookiecutter cannot, so the export
gives such a folder a stand-in name (STAND_IN and a digest of its source path, one per
folder) and renders every file below it empty.
This hook, which cookiecutter runs in the new project, removes those stand-ins.
"""

import shutil
from pathlib import Path

STAND_IN = ".takehome-skipped"


def remove_stand_ins(project: Path) -> int:
    """Remove every stand-in folder (STAND_IN, then "-" and a digest) below `project`;
    return how many."""
    removed = 0
    for folder in sorted(project.rglob(f"{STAND_IN}-*"), key=lambda path: len(path.parts)):
        if folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder)
            removed += 1
    return removed


if __name__ == "__main__":
    remove_stand_ins(Path.cwd())
