"""The HTTP entrypoint: turns requests into service calls and results into JSON."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote

from .catalogue import FileTooLargeError, InvalidNameError, UnavailableError, UnknownFileError
from .service import FileService

log = logging.getLogger(__name__)

FILES_PREFIX = "/files/"


class FileServer(ThreadingHTTPServer):
    """A threading HTTP server that carries the service its handlers call."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], service: FileService) -> None:
        super().__init__(address, RequestHandler)
        self.service = service


class RequestHandler(BaseHTTPRequestHandler):
    """GET /healthz, GET /files, GET /files/{name}; anything else is 404."""

    server: FileServer
    server_version = "file-service"

    def do_GET(self) -> None:
        path = unquote(self.path.split("?", 1)[0])
        service = self.server.service
        if path == "/healthz":
            health = service.health()
            status = HTTPStatus.OK if health.ok else HTTPStatus.SERVICE_UNAVAILABLE
            body = (
                {"status": "ok"}
                if health.ok
                else {"status": "unavailable", "reason": health.reason}
            )
            self._reply(status, body)
        elif path == "/files":
            try:
                self._reply(HTTPStatus.OK, {"files": service.list_files()})
            except UnavailableError as error:
                self._reply(HTTPStatus.SERVICE_UNAVAILABLE, {"error": str(error)})
        elif path.startswith(FILES_PREFIX):
            self._describe(path.removeprefix(FILES_PREFIX))
        else:
            self._reply(HTTPStatus.NOT_FOUND, {"error": f"no route for {path}"})

    def _describe(self, name: str) -> None:
        try:
            self._reply(HTTPStatus.OK, asdict(self.server.service.describe(name)))
        except InvalidNameError as error:
            self._reply(HTTPStatus.BAD_REQUEST, {"error": str(error)})
        except UnknownFileError as error:
            self._reply(HTTPStatus.NOT_FOUND, {"error": str(error)})
        except FileTooLargeError as error:
            self._reply(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, {"error": str(error)})
        except UnavailableError as error:
            self._reply(HTTPStatus.SERVICE_UNAVAILABLE, {"error": str(error)})

    def _reply(self, status: HTTPStatus, body: dict[str, Any]) -> None:
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:
        log.info("%s %s", self.address_string(), format % args)
