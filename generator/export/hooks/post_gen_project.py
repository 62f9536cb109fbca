"""Remove the folders whose names rendered empty (cookiecutter hook).

copier skips a folder whose name renders empty; cookiecutter cannot, so the export
gives such a folder a stand-in name and renders every file below it empty. This hook,
which cookiecutter runs in the new project, removes those stand-ins.
"""

import shutil
from pathlib import Path


def remove_stand_ins(project: Path, name: str) -> int:
    """Remove every folder called `name` below `project`; return how many."""
    removed = 0
    for folder in sorted(project.rglob(name), key=lambda path: len(path.parts)):
        if folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder)
            removed += 1
    return removed


def main(name: str) -> int:
    remove_stand_ins(Path.cwd(), name)
    return 0
