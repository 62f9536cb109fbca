"""Settings from environment variables (prefix INFERENCE_); the README has the table."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="INFERENCE_", frozen=True)

    host: str = Field("127.0.0.1", description="Address both transports listen on")
    http_port: int = Field(8080, ge=0, le=65535, description="REST port (0 = any free port)")
    grpc_port: int = Field(8081, ge=0, le=65535, description="gRPC port (0 = any free port)")
    model_dir: Path = Field(Path("model"), description="Folder with manifest.json and the model")
    max_request_bytes: int = Field(1 << 20, gt=0, description="Largest request body (413)")
    max_rows: int = Field(1024, gt=0, description="Most rows in one request (413)")
    max_in_flight: int = Field(64, gt=0, description="Requests in flight before 429")
    request_timeout_s: float = Field(
        1.0, gt=0, description="Deadline of one request from arrival, body included (408/504)"
    )
    grpc_workers: int = Field(
        8, gt=0, description="gRPC threads on top of MAX_IN_FLIGHT (health, metadata, refusals)"
    )
    onnx_threads: int = Field(1, gt=0, description="Threads of one onnxruntime run")
    drain_delay_s: float = Field(0.0, ge=0, description="Not-ready time before closing on SIGTERM")
    drain_grace_s: float = Field(10.0, ge=0, description="Longest wait for in-flight requests")
    batching: bool = Field(default=False, description="Dynamic batching of concurrent requests")
    batch_max_rows: int = Field(64, gt=0, description="Most rows in one batched run")
    batch_delay_ms: float = Field(2.0, ge=0, description="Longest wait to fill a batch")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "INFO", description="Log level (INFO logs every inference request; DEBUG every request)"
    )
