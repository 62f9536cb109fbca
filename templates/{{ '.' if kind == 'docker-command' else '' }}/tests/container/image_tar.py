"""An image tarball (the `docker save` layout) written without an engine.

container-structure-test reads such a tarball with `--driver tar`, so its metadata
checks can run against the configuration a Dockerfile declares, before any build.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path
from typing import Any


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    archive.addfile(info, io.BytesIO(data))


def write_image(path: Path, config: dict[str, Any]) -> Path:
    """Write an image with one empty layer and the given container `config` (User, Env...)."""
    layer = io.BytesIO()
    with tarfile.open(fileobj=layer, mode="w"):
        pass
    layer_digest = hashlib.sha256(layer.getvalue()).hexdigest()
    image = {
        "architecture": "amd64",
        "os": "linux",
        "config": config,
        "rootfs": {"type": "layers", "diff_ids": [f"sha256:{layer_digest}"]},
    }
    image_json = json.dumps(image).encode()
    config_name = f"{hashlib.sha256(image_json).hexdigest()}.json"
    manifest = [{"Config": config_name, "RepoTags": [], "Layers": [f"{layer_digest}/layer.tar"]}]
    with tarfile.open(path, "w") as archive:
        _add(archive, config_name, image_json)
        _add(archive, f"{layer_digest}/layer.tar", layer.getvalue())
        _add(archive, "manifest.json", json.dumps(manifest).encode())
    return path
