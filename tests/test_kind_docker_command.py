"""docker-command: a candidate replaces the example app and its Dockerfile wholesale.

The generated project's policy tests (tests/container/) must judge properties of whatever
Dockerfile, .dockerignore, compose file and run script are there, never the example's
text. So this renders the project, puts compliant apps of other languages in place of
the example (a static Go binary on scratch, Node.js on a pinned node image, a Rust binary
on distroless with its health check in compose), and runs the project's own `make lint`
and `make test` for real: green. Then one broken variant per rule: `make test` fails and
its output names the rule. Nothing here needs a Docker engine (no image is built).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from tests.conftest import git_init, render, run, tool_env

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("docker-command-swap")]

KIND = "docker-command"
LABELS = """ARG REVISION=unknown
LABEL org.opencontainers.image.title="files" \\
      org.opencontainers.image.version="0.1.0" \\
      org.opencontainers.image.revision="${REVISION}"
"""
BUILD_STAGE_NOTE = """# A build stage never runs as a container: only the final stage needs one.
# hadolint ignore=DL3057
"""

GO_ON_SCRATCH = {
    "Dockerfile": f"""# A static Go binary on an empty image: nothing in it but the program.
{BUILD_STAGE_NOTE}FROM golang:1.23.4-bookworm AS build
WORKDIR /src
COPY app/go.mod app/main.go ./
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/server .

FROM scratch
{LABELS}COPY --from=build /out/server /server
USER 10001:10001
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s CMD ["/server", "-healthcheck"]
ENTRYPOINT ["/server"]
""",
    "app/go.mod": "module example.com/files\n\ngo 1.23\n",
    "app/main.go": """package main

import (
\t"flag"
\t"net/http"
\t"os"
)

func main() {
\thealthcheck := flag.Bool("healthcheck", false, "probe /healthz and exit")
\tflag.Parse()
\tif *healthcheck {
\t\tresponse, err := http.Get("http://127.0.0.1:8080/healthz")
\t\tif err != nil || response.StatusCode != http.StatusOK {
\t\t\tos.Exit(1)
\t\t}
\t\treturn
\t}
\thttp.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) {
\t\tw.Write([]byte("ok"))
\t})
\thttp.Handle("/files/", http.StripPrefix("/files/", http.FileServer(http.Dir("/data"))))
\tif err := http.ListenAndServe(":8080", nil); err != nil {
\t\tos.Exit(1)
\t}
}
""",
    "container-structure-test.yaml": {
        "user": "10001:10001",
        "exposedPorts": ["8080"],
        "entrypoint": ["/server"],
    },
}

NODE = {
    "Dockerfile": f"""{BUILD_STAGE_NOTE}FROM node:22.12.0-bookworm-slim AS deps
WORKDIR /app
COPY app/package.json app/package-lock.json ./
RUN npm ci --omit=dev

FROM node:22.12.0-bookworm-slim AS runtime
{LABELS}ENV NODE_ENV=production PORT=8080
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY app/ ./
USER 10001:10001
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s CMD ["node", "healthcheck.js"]
ENTRYPOINT ["node", "server.js"]
""",
    "app/package.json": '{"name": "files", "version": "0.1.0", "private": true}\n',
    "app/package-lock.json": (
        '{"name": "files", "version": "0.1.0", "lockfileVersion": 3, "requires": true,\n'
        ' "packages": {"": {"name": "files", "version": "0.1.0"}}}\n'
    ),
    "app/server.js": """const http = require("node:http");
const server = http.createServer((request, response) => {
  response.writeHead(request.url === "/healthz" ? 200 : 404).end();
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
server.listen(Number(process.env.PORT || 8080));
""",
    "app/healthcheck.js": """const http = require("node:http");
http
  .get(`http://127.0.0.1:${process.env.PORT || 8080}/healthz`, (r) =>
    process.exit(r.statusCode === 200 ? 0 : 1),
  )
  .on("error", () => process.exit(1));
""",
    "container-structure-test.yaml": {
        "user": "10001:10001",
        "exposedPorts": ["8080"],
        "entrypoint": ["node", "server.js"],
        "envVars": [{"key": "NODE_ENV", "value": "production"}],
    },
}

RUST_ON_DISTROLESS = {
    "Dockerfile": f"""{BUILD_STAGE_NOTE}FROM rust:1.83.0-slim-bookworm AS build
WORKDIR /src
COPY app/ ./
RUN cargo build --release --locked

# No shell and no HTTP client in this image: compose.yaml runs the health check.
# hadolint ignore=DL3057
FROM gcr.io/distroless/cc-debian12:nonroot
{LABELS}COPY --from=build /src/target/release/files /files
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/files"]
""",
    "app/Cargo.toml": '[package]\nname = "files"\nversion = "0.1.0"\nedition = "2021"\n',
    "app/Cargo.lock": 'version = 3\n\n[[package]]\nname = "files"\nversion = "0.1.0"\n',
    "app/src/main.rs": """use std::io::{Read, Write};
use std::net::TcpListener;

fn main() {
    if std::env::args().any(|a| a == "--healthcheck") {
        let ok = std::net::TcpStream::connect("127.0.0.1:8080").is_ok();
        std::process::exit(if ok { 0 } else { 1 });
    }
    let listener = TcpListener::bind("0.0.0.0:8080").expect("port 8080");
    for mut stream in listener.incoming().flatten() {
        let mut buffer = [0; 1024];
        let _ = stream.read(&mut buffer);
        let _ = stream.write_all(b"HTTP/1.1 200 OK\\r\\ncontent-length: 2\\r\\n\\r\\nok");
    }
}
""",
    "container-structure-test.yaml": {
        "user": "65532:65532",
        "exposedPorts": ["8080"],
        "entrypoint": ["/files"],
    },
}
"""The health check lives in compose.yaml (see `compose_healthcheck` below)."""

APPS = {"go-on-scratch": GO_ON_SCRATCH, "node": NODE, "rust-on-distroless": RUST_ON_DISTROLESS}


@pytest.fixture(scope="module")
def set_up(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The project rendered, committed and `make setup` once for the whole module."""
    project = render(tmp_path_factory.mktemp("docker-swap") / "project", KIND)
    git_init(project)
    run(["make", "setup"], project, timeout=900)
    yield project


def swapped(set_up: Path, folder: Path, files: dict[str, object]) -> Path:
    """A copy of the set-up project with the example app replaced, as a candidate does:
    app/ and tests/app/ deleted, then their own app, Dockerfile and structure-test file."""
    shutil.copytree(set_up, folder, symlinks=True, ignore=shutil.ignore_patterns(".venv"))
    (folder / ".venv").symlink_to(set_up / ".venv")
    shutil.rmtree(folder / "app")
    shutil.rmtree(folder / "tests" / "app")
    for relative, content in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if relative == "container-structure-test.yaml":
            path.write_text(yaml.safe_dump({"schemaVersion": "2.0.0", "metadataTest": content}))
        else:
            path.write_text(str(content))
    if files is RUST_ON_DISTROLESS:
        compose_healthcheck(folder, ["CMD", "/files", "--healthcheck"])
    return folder


def compose_healthcheck(folder: Path, test: list[str] | None) -> None:
    """Give the app's service in compose.yaml a health check (None removes it)."""
    document = yaml.safe_load((folder / "compose.yaml").read_text())
    service = document["services"]["app"]
    if test is None:
        service.pop("healthcheck", None)
    else:
        service["healthcheck"] = {"test": test, "interval": "10s", "timeout": "3s", "retries": 3}
    (folder / "compose.yaml").write_text(yaml.safe_dump(document, sort_keys=False))


def make(folder: Path, verb: str) -> subprocess.CompletedProcess[str]:
    env = tool_env({"CI": "true"})
    return subprocess.run(
        ["make", "--no-print-directory", verb],
        cwd=folder,
        env={k: v for k, v in env.items() if not k.startswith(("DOCKER_", "PYTEST_"))},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.mark.parametrize("app", APPS)
def test_another_language_and_dockerfile_is_green(set_up: Path, tmp_path: Path, app: str) -> None:
    folder = swapped(set_up, tmp_path / app, APPS[app])

    for verb in ("lint", "test"):
        result = make(folder, verb)
        assert result.returncode == 0, f"make {verb} ({app}):\n{result.stdout[-6000:]}"


def edit(path: str, old: str, new: str) -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        text = (folder / path).read_text()
        assert old in text, f"{old!r} is not in {path}: update this test"
        (folder / path).write_text(text.replace(old, new, 1))

    return change


NODE_BASE = "FROM node:22.12.0-bookworm-slim AS runtime\n"
BROKEN: dict[str, tuple[str, Callable[[Path], None]]] = {
    "one stage": (
        "multi-stage",
        lambda folder: (folder / "Dockerfile").write_text(
            NODE["Dockerfile"]
            .split("\n\n", 1)[1]
            .replace(
                "COPY --from=deps /app/node_modules ./node_modules\n", "RUN npm ci --omit=dev\n"
            )
        ),
    ),
    "base by major version": (
        "pinned base images",
        edit("Dockerfile", NODE_BASE, "FROM node:22-bookworm-slim AS runtime\n"),
    ),
    "named user": ("numeric non-root user", edit("Dockerfile", "USER 10001:10001", "USER node")),
    "root user": ("numeric non-root user", edit("Dockerfile", "USER 10001:10001", "USER 0")),
    "no health check": (
        "healthcheck",
        edit(
            "Dockerfile",
            'HEALTHCHECK --interval=10s --timeout=3s CMD ["node", "healthcheck.js"]\n',
            "",
        ),
    ),
    "token in ENV": (
        "no secrets in layers",
        edit(
            "Dockerfile", "ENV NODE_ENV=production", "ENV NPM_TOKEN=npm_s3cr3t NODE_ENV=production"
        ),
    ),
    "COPY of .env": (
        "no secrets in layers",
        edit("Dockerfile", "COPY app/ ./\n", "COPY app/ ./\nCOPY .env ./\n"),
    ),
    "shell-form entrypoint": (
        "exec form",
        edit("Dockerfile", 'ENTRYPOINT ["node", "server.js"]', "ENTRYPOINT node server.js"),
    ),
    "ADD of a URL": (
        "no ADD of URLs",
        edit("Dockerfile", "COPY app/ ./\n", "COPY app/ ./\nADD https://example.com/m.bin ./\n"),
    ),
    "no labels": (
        "OCI labels",
        edit("Dockerfile", "LABEL org.opencontainers.image.title", "LABEL x"),
    ),
    "denylist .dockerignore": (
        "dockerignore allowlist",
        lambda folder: (folder / ".dockerignore").write_text(".git\n.env\ndata/\n"),
    ),
    "compose port on every interface": (
        "ports on loopback only",
        edit("compose.yaml", '"127.0.0.1:', '"'),
    ),
}


@pytest.mark.parametrize("case", BROKEN)
def test_a_broken_variant_fails_naming_the_rule(set_up: Path, tmp_path: Path, case: str) -> None:
    rule, breaks = BROKEN[case]
    folder = swapped(set_up, tmp_path / "broken", NODE)
    breaks(folder)

    result = make(folder, "test")

    assert result.returncode != 0, f"make test passed with {case}"
    assert f"rule '{rule}'" in result.stdout, result.stdout[-6000:]


def test_the_health_check_may_live_in_compose_only(set_up: Path, tmp_path: Path) -> None:
    folder = swapped(set_up, tmp_path / "distroless", RUST_ON_DISTROLESS)
    compose_healthcheck(folder, None)

    result = make(folder, "test")

    assert result.returncode != 0
    assert "rule 'healthcheck'" in result.stdout, result.stdout[-6000:]


def test_make_run_says_in_one_line_that_no_engine_answers(set_up: Path) -> None:
    env = {**os.environ, "DOCKER_HOST": "unix:///nonexistent/docker.sock"}

    result = subprocess.run(
        ["make", "--no-print-directory", "run"],
        cwd=set_up,
        env=tool_env(env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode != 0
    own = [line for line in result.stderr.splitlines() if not line.startswith("make")]
    assert own == [own[0]] and own[0].startswith("No Docker engine answers"), result.stderr


def test_without_a_docker_client_ci_fails_and_says_what_to_install(
    set_up: Path, tmp_path: Path
) -> None:
    """A skip in CI would hide that the fake-engine tests never ran."""
    no_docker = {"PATH": "/usr/bin:/bin", "CI": "true"}
    assert shutil.which("docker", path=no_docker["PATH"]) is None, "docker is in /usr/bin here"

    result = subprocess.run(
        [".venv/bin/pytest", "-q", "tests/container/test_engine_requests.py"],
        cwd=set_up,
        env={**tool_env(), **no_docker},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert result.returncode != 0, result.stdout[-3000:]
    assert "install the Docker CLI" in result.stdout
    locally = subprocess.run(
        [".venv/bin/pytest", "-q", "tests/container/test_engine_requests.py"],
        cwd=set_up,
        env={**tool_env(), "PATH": "/usr/bin:/bin", "CI": ""},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert locally.returncode == 0, locally.stdout[-3000:]
    assert "skipped" in locally.stdout
