"""One record per answered request, on both transports: a metric sample and a log line.

Inference requests are logged at INFO, refusals included, whatever the transport; health
checks, metadata and scrapes at DEBUG, so probes neither flood the log nor hide in it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ..adapters.prometheus import PrometheusMetrics

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Access:
    """What one answered request was: `endpoint` is the REST route or the gRPC method."""

    protocol: str
    method: str
    endpoint: str
    status: int | str
    seconds: float
    request_id: str
    inference: bool
    error: str | None = None


def record(metrics: PrometheusMetrics, access: Access) -> None:
    metrics.observe_request(access.protocol, access.endpoint, str(access.status), access.seconds)
    level = logging.INFO if access.inference else logging.DEBUG
    if log.isEnabledFor(level):
        fields: dict[str, object] = {
            "protocol": access.protocol,
            "method": access.method,
            "route": access.endpoint,
            "status": access.status,
            "duration_ms": round(access.seconds * 1000, 3),
            "request_id": access.request_id,
        }
        if access.error is not None:
            fields["error"] = access.error
        log.log(level, "request", extra=fields)
