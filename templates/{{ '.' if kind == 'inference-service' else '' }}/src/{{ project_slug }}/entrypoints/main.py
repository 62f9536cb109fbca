"""The process: both transports in one process, readiness after warm-up, drain on SIGTERM.

Start-up: the ports open at once (live, not ready), the model loads in a worker thread,
and readiness turns true after its warm-up inference. SIGTERM or Ctrl-C: readiness turns
false, the process keeps serving for `drain_delay_s` so load balancers notice, then both
servers stop accepting and wait up to `drain_grace_s` for requests in flight; exit 0.
A model that fails its checks, or a port that cannot be opened, stops the process with exit
status 1 and one JSON log line that says why.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Iterator
from typing import Any

import uvicorn
import uvloop

from ..adapters.json_logging import configure_logging
from ..bootstrap import Application, build
from ..config import Settings
from .grpc_service import create_grpc_server
from .rest import create_rest_app
from .sockets import PortUnavailable, listen

log = logging.getLogger(__name__)


class RestServer(uvicorn.Server):
    """uvicorn without its own signal handling: this module decides when to stop."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


async def serve(app: Application) -> int:
    """Run until SIGTERM/SIGINT (exit 0) or a failed model load (exit 1)."""
    settings = app.settings
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)

    try:
        rest_socket = listen("REST", settings.host, settings.http_port)
    except PortUnavailable as error:
        log.error(str(error), extra={"exit_status": 1})
        return 1
    try:
        grpc_server, grpc_port = create_grpc_server(app)
    except PortUnavailable as error:
        rest_socket.close()
        log.error(str(error), extra={"exit_status": 1})
        return 1
    grpc_server.start()
    rest = RestServer(
        uvicorn.Config(
            create_rest_app(app),
            host=settings.host,
            port=settings.http_port,
            http="httptools",
            log_config=None,
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=max(1, round(settings.drain_grace_s)),
        )
    )
    rest_task = asyncio.create_task(rest.serve(sockets=[rest_socket]))
    log.info(
        "starting both transports; the model loads meanwhile",
        extra={
            "host": settings.host,
            "http_port": rest_socket.getsockname()[1],
            "grpc_port": grpc_port,
        },
    )
    loading = loop.run_in_executor(None, app.server.load)
    stop_task = asyncio.create_task(stopping.wait())
    watched: set[asyncio.Future[Any]] = {loading, stop_task, rest_task}
    await asyncio.wait(watched, return_when=asyncio.FIRST_COMPLETED)
    status = 0
    if loading.done() and loading.exception() is not None:
        log.error("the model could not be loaded", exc_info=loading.exception())
        status = 1
    elif rest_task.done():
        log.error("the REST server stopped on its own (is the port in use?)")
        status = 1
    if status == 0:
        await stop_task
        app.server.drain()
        await asyncio.sleep(settings.drain_delay_s)
    log.info("stopping: no new connections; waiting for requests in flight")
    grpc_stopped = grpc_server.stop(grace=settings.drain_grace_s)
    rest.should_exit = True
    await rest_task
    await loop.run_in_executor(None, grpc_stopped.wait)
    stop_task.cancel()
    log.info("stopped", extra={"exit_status": status})
    return status


def main() -> int:
    settings = Settings()
    configure_logging(settings.log_level)
    return uvloop.run(serve(build(settings)))
