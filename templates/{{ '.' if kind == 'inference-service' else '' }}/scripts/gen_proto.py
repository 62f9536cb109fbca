"""Generate the gRPC Python code from proto/grpc_predict_v2.proto (`make proto`).

grpcio-tools writes the modules; mypy-protobuf's plugins write their `.pyi` stubs, so mypy
checks every caller against the messages and the service. The generated files import each
other absolutely; that is made relative here so the code can live inside the package. Each
file is marked so ruff leaves it alone, and mypy-protobuf's flake8-pyi `noqa: Y0..` codes,
which ruff reports as unknown, are dropped.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from grpc_tools import protoc

ROOT = Path(__file__).resolve().parent.parent
PROTO = ROOT / "proto" / "grpc_predict_v2.proto"
# mypy-protobuf installs its protoc plugins as scripts beside this interpreter.
PLUGINS = Path(sys.executable).parent


def generate(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    status = protoc.main(
        [
            "grpc_tools.protoc",
            f"-I{PROTO.parent}",
            f"--plugin=protoc-gen-mypy={PLUGINS / 'protoc-gen-mypy'}",
            f"--plugin=protoc-gen-mypy_grpc={PLUGINS / 'protoc-gen-mypy_grpc'}",
            f"--python_out={out}",
            f"--grpc_python_out={out}",
            f"--mypy_out=quiet:{out}",
            f"--mypy_grpc_out=quiet:{out}",
            str(PROTO),
        ]
    )
    if status != 0:
        sys.exit(f"protoc failed on {PROTO} (exit status {status})")
    for path in sorted(out.glob("grpc_predict_v2_pb2*")):
        text = re.sub(
            r"^import grpc_predict_v2_pb2 ",
            "from . import grpc_predict_v2_pb2 ",
            path.read_text(encoding="utf-8"),
            flags=re.MULTILINE,
        )
        text = re.sub(r"  # noqa: Y\d+$", "", text, flags=re.MULTILINE)
        path.write_text(f"# ruff: noqa\n{text}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the generated modules")
    generate(parser.parse_args().out)


if __name__ == "__main__":
    main()
