"""Bootstrap: read the settings, wire the folder to the service and the service to HTTP."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from collections.abc import Mapping
from types import FrameType

from .catalogue import FolderCatalogue
from .config import ConfigError, load
from .service import FileService
from .web import FileServer

EX_CONFIG = 78
"""sysexits.h: a configuration error. The container exits with it and does not restart-loop
silently: `docker logs` shows the message."""

log = logging.getLogger(__package__ or __name__)


def main(environ: Mapping[str, str] = os.environ) -> int:
    """Serve until SIGTERM or SIGINT; return the process exit status."""
    try:
        settings = load(environ)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return EX_CONFIG
    logging.basicConfig(level=settings.log_level, format="%(levelname)s %(name)s %(message)s")
    server = FileServer(
        (settings.host, settings.port), FileService(FolderCatalogue(settings.data_dir))
    )

    def stop(signum: int, _frame: FrameType | None) -> None:
        log.info("received %s, shutting down", signal.Signals(signum).name)
        threading.Thread(target=server.shutdown).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("serving %s on http://%s:%d", settings.data_dir, settings.host, settings.port)
    with server:
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
