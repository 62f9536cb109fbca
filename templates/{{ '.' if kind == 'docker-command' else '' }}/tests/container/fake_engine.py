"""A stand-in for the Docker Engine API on a unix socket, stdlib only.

The real `docker` client talks to it as to a daemon, so tests see the exact requests the
client would send: the JSON of `POST /containers/create` and the tar of `POST /build`.
It answers only what `docker version`, `docker run --detach`, `docker rm` and
`docker build` (the legacy builder, DOCKER_BUILDKIT=0) need, and refuses a second
container of the same name as a daemon does; anything else gets a 404 that names the path.
"""

from __future__ import annotations

import io
import json
import socketserver
import tarfile
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

API_VERSION = "1.47"
CONTAINER_ID = "c0ffee" * 10 + "abcd"
IMAGE_ID = "sha256:" + "ab" * 32


@dataclass(frozen=True)
class Request:
    """One request as the engine received it."""

    method: str
    path: str
    query: dict[str, list[str]]
    body: bytes


class _Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

    def __init__(self, socket_path: Path, engine: FakeEngine) -> None:
        super().__init__(str(socket_path), _Handler)
        self.engine = engine

    def get_request(self) -> tuple[Any, tuple[str, int]]:
        connection, _ = super().get_request()
        return connection, ("local", 0)  # http.server wants a (host, port) client address


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_HEAD(self) -> None:
        self._route()

    def do_GET(self) -> None:
        self._route()

    def do_POST(self) -> None:
        self._route()

    def do_DELETE(self) -> None:
        self._route()

    def _route(self) -> None:
        url = urlsplit(self.path)
        request = Request(self.command, url.path, parse_qs(url.query), self._read_body())
        self.server.engine.requests.append(request)
        path = url.path
        if path.endswith("/_ping"):
            self._reply(200, b"OK", "text/plain")
        elif path.endswith("/version"):
            self._reply(200, {"Version": "fake", "ApiVersion": API_VERSION, "Os": "linux"})
        elif path.endswith("/containers/create"):
            name = (request.query.get("name") or [""])[0]
            if name and name in self.server.engine.names:
                message = f'Conflict. The container name "/{name}" is already in use.'
                self._reply(409, {"message": message})
            else:
                self.server.engine.names.add(name)
                self._reply(201, {"Id": CONTAINER_ID, "Warnings": []})
        elif self.command == "DELETE" and "/containers/" in path:
            name = path.rsplit("/", 1)[-1]
            if name in self.server.engine.names:
                self.server.engine.names.discard(name)
                self._reply(204, b"")
            else:
                self._reply(404, {"message": f"No such container: {name}"})
        elif path.endswith("/start"):
            self._reply(204, b"")
        elif path.endswith("/wait"):
            self._reply(200, {"StatusCode": 0})
        elif path.endswith("/build"):
            stream = [{"stream": "built by the fake engine\n"}, {"aux": {"ID": IMAGE_ID}}]
            self._reply(200, "".join(json.dumps(line) + "\n" for line in stream).encode())
        else:
            self._reply(404, {"message": f"the fake engine does not answer {path}"})

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() != "chunked":
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = bytearray()
        while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
            body += self.rfile.read(size)
            self.rfile.readline()
        self.rfile.readline()
        return bytes(body)

    def _reply(self, status: int, body: bytes | dict[str, Any], kind: str = "") -> None:
        payload = json.dumps(body).encode() if isinstance(body, dict) else body
        self.send_response(status)
        self.send_header("Api-Version", API_VERSION)
        self.send_header("Content-Type", kind or "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the recorded requests are what tests look at."""


class FakeEngine:
    """Serves the fake Engine API on `socket_path` in a thread while in a `with` block."""

    def __init__(self, socket_path: Path) -> None:
        self.socket_path = socket_path
        self.requests: list[Request] = []
        self.names: set[str] = set()
        """The names of the containers created and not removed, as a daemon keeps them."""
        self._server = _Server(socket_path, self)
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.01,), daemon=True
        )

    def __enter__(self) -> FakeEngine:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self.socket_path.unlink(missing_ok=True)

    @property
    def url(self) -> str:
        """What DOCKER_HOST must be for the client to talk to this engine."""
        return f"unix://{self.socket_path}"

    def last(self, endpoint: str) -> Request:
        """The latest request whose path ends with `endpoint`; fails when there is none."""
        matches = [r for r in self.requests if r.path.endswith(endpoint)]
        assert matches, f"the client never called {endpoint}; it called {self.paths()}"
        return matches[-1]

    def paths(self) -> list[str]:
        return [f"{r.method} {r.path}" for r in self.requests]

    def created_container(self) -> dict[str, Any]:
        """The JSON body of the latest `POST /containers/create`."""
        body = json.loads(self.last("/containers/create").body)
        assert isinstance(body, dict), f"the create request is not a JSON object: {body!r}"
        return body

    def build_context(self) -> set[str]:
        """The files (and links) inside the build context the client sent with `POST /build`."""
        with tarfile.open(fileobj=io.BytesIO(self.last("/build").body)) as archive:
            return {member.name for member in archive.getmembers() if not member.isdir()}
