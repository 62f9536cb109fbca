"""The one place that wires adapters into the service layer; entrypoints and tests call it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .adapters.model_store import load_model
from .adapters.prometheus import PrometheusMetrics
from .config import Settings
from .service.admission import Admission
from .service.batching import BatchingRuntime
from .service.inference import InferenceService
from .service.ports import ModelRuntime
from .service.server import ModelServer


@dataclass(frozen=True)
class Application:
    settings: Settings
    metrics: PrometheusMetrics
    server: ModelServer


def build(
    settings: Settings, *, open_runtime: Callable[[], ModelRuntime] | None = None
) -> Application:
    """Compose the server; the model is opened later, by `server.load()`."""
    metrics = PrometheusMetrics()

    def open_model() -> ModelRuntime:
        return load_model(settings.model_dir, threads=settings.onnx_threads)

    def load_service() -> InferenceService:
        runtime = (open_runtime or open_model)()
        if settings.batching:
            runtime = BatchingRuntime(
                runtime,
                max_rows=settings.batch_max_rows,
                max_delay_s=settings.batch_delay_ms / 1000,
            )
        return InferenceService(runtime, metrics, max_rows=settings.max_rows)

    server = ModelServer(
        load_service,
        Admission(settings.max_in_flight, metrics),
        timeout_s=settings.request_timeout_s,
    )
    return Application(settings, metrics, server)
