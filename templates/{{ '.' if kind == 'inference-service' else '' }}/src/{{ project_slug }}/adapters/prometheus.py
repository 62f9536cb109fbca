"""The Metrics port on prometheus-client, in a registry of its own (one per server)."""

from __future__ import annotations

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


class PrometheusMetrics:
    """Requests by protocol/endpoint/status, their latency, in-flight count, compute time.

    `endpoint` is the REST route template or the gRPC method: inference, health probes,
    metadata and scrapes are separate series, and a made-up path or model name adds none.
    The transport's share of an inference is its latency minus the compute time.
    """

    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self._requests = Counter(
            "inference_requests",
            "Requests answered, by protocol, endpoint and status",
            ["protocol", "endpoint", "status"],
            registry=self.registry,
        )
        self._latency = Histogram(
            "inference_request_seconds",
            "Time from request to response, transport included, by protocol and endpoint",
            ["protocol", "endpoint"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self._compute = Histogram(
            "inference_compute_seconds",
            "Time spent in the model runtime alone",
            ["model"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self._in_flight = Gauge(
            "inference_in_flight", "Requests admitted and not yet answered", registry=self.registry
        )

    def observe_request(self, protocol: str, endpoint: str, status: str, seconds: float) -> None:
        self._requests.labels(protocol, endpoint, status).inc()
        self._latency.labels(protocol, endpoint).observe(seconds)

    def observe_compute(self, model: str, seconds: float) -> None:
        self._compute.labels(model).observe(seconds)

    def set_in_flight(self, count: int) -> None:
        self._in_flight.set(count)

    def render(self) -> bytes:
        return generate_latest(self.registry)
