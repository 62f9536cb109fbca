"""The transports' ports: opened before anything else, refused in one line when taken."""

from __future__ import annotations

import os
import socket


class PortUnavailable(OSError):
    """A transport cannot listen on its port (in use, or not allowed): exit status 1."""


def listen(transport: str, host: str, port: int) -> socket.socket:
    """A listening socket on host:port (port 0: any free one), or `PortUnavailable`."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host, port), family=family)
    except OSError as error:
        reason = os.strerror(error.errno) if error.errno else str(error)
        shown = f"[{host}]" if ":" in host else host
        raise PortUnavailable(
            f"the {transport} port {shown}:{port} cannot be opened: {reason}"
        ) from None
