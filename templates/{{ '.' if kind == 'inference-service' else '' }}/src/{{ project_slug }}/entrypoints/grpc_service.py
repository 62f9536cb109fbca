"""The gRPC transport: inference.GRPCInferenceService on grpcio's thread-pool server.

Plus the standard grpc.health.v1 service (it follows readiness) and server reflection,
so grpcurl and load balancers work without the .proto file.
"""

from __future__ import annotations

import functools
import logging
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import grpc
from google.protobuf.message import Message
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from .. import SERVER_NAME, __version__
from ..bootstrap import Application
from ..domain.errors import InferenceError, InvalidInput
from ..domain.tensors import DATATYPES, InferenceRequest, InferenceResponse, ModelMetadata, Tensor
from ..protocol import grpc_predict_v2_pb2 as pb
from ..protocol import grpc_predict_v2_pb2_grpc as pb_grpc
from . import access
from .errors import grpc_code
from .sockets import PortUnavailable, listen

log = logging.getLogger(__name__)
REQUEST_ID = "x-request-id"
SERVICE = pb.DESCRIPTOR.services_by_name["GRPCInferenceService"].full_name
CONTENTS_FIELD = {
    "BOOL": "bool_contents",
    "INT8": "int_contents",
    "INT16": "int_contents",
    "INT32": "int_contents",
    "INT64": "int64_contents",
    "UINT8": "uint_contents",
    "UINT16": "uint_contents",
    "UINT32": "uint_contents",
    "UINT64": "uint64_contents",
    "FP32": "fp32_contents",
    "FP64": "fp64_contents",
    "BYTES": "bytes_contents",
}
"""Where each datatype's values sit in InferTensorContents (FP16 travels only as raw bytes)."""

RequestT = TypeVar("RequestT", bound=Message)
ResponseT = TypeVar("ResponseT", bound=Message)


def _rpc(
    method: Callable[[InferenceServicer, RequestT, grpc.ServicerContext, str], ResponseT],
) -> Callable[[InferenceServicer, RequestT, grpc.ServicerContext], ResponseT]:
    """Request id in and out, core errors to status codes, the access record."""
    name = method.__name__
    path = f"/{SERVICE}/{name}"

    @functools.wraps(method)
    def handle(
        self: InferenceServicer, request: RequestT, context: grpc.ServicerContext
    ) -> ResponseT:
        started = time.perf_counter()
        metadata = dict(context.invocation_metadata())
        request_id = str(metadata.get(REQUEST_ID, ""))[:128] or uuid.uuid4().hex
        context.set_trailing_metadata(((REQUEST_ID, request_id),))
        code = grpc.StatusCode.OK
        error: str | None = None
        try:
            return method(self, request, context, request_id)
        except InferenceError as refused:
            code, error = grpc_code(refused), str(refused)
            context.abort(code, error)
        except Exception:
            code, error = grpc.StatusCode.INTERNAL, "internal error"
            log.exception("request failed", extra={"request_id": request_id})
            context.abort(code, f"internal error; the server log has request id {request_id}")
        finally:
            access.record(
                self.metrics,
                access.Access(
                    protocol="grpc",
                    method=path,
                    endpoint=name,
                    status=code.name,
                    seconds=time.perf_counter() - started,
                    request_id=request_id,
                    inference=name == "ModelInfer",
                    error=error,
                ),
            )

    return handle


class InferenceServicer(pb_grpc.GRPCInferenceServiceServicer):
    """Translates protocol messages to the core's requests and back; nothing else."""

    def __init__(self, app: Application) -> None:
        self.server = app.server
        self.metrics = app.metrics

    @_rpc
    def ServerLive(
        self, request: pb.ServerLiveRequest, context: grpc.ServicerContext, request_id: str
    ) -> pb.ServerLiveResponse:
        return pb.ServerLiveResponse(live=self.server.live)

    @_rpc
    def ServerReady(
        self, request: pb.ServerReadyRequest, context: grpc.ServicerContext, request_id: str
    ) -> pb.ServerReadyResponse:
        return pb.ServerReadyResponse(ready=self.server.ready)

    @_rpc
    def ModelReady(
        self, request: pb.ModelReadyRequest, context: grpc.ServicerContext, request_id: str
    ) -> pb.ModelReadyResponse:
        return pb.ModelReadyResponse(ready=self.server.model_ready(request.name, request.version))

    @_rpc
    def ServerMetadata(
        self, request: pb.ServerMetadataRequest, context: grpc.ServicerContext, request_id: str
    ) -> pb.ServerMetadataResponse:
        return pb.ServerMetadataResponse(name=SERVER_NAME, version=__version__, extensions=[])

    @_rpc
    def ModelMetadata(
        self, request: pb.ModelMetadataRequest, context: grpc.ServicerContext, request_id: str
    ) -> pb.ModelMetadataResponse:
        return _metadata_message(self.server.metadata(request.name, request.version))

    @_rpc
    def ModelInfer(
        self, request: pb.ModelInferRequest, context: grpc.ServicerContext, request_id: str
    ) -> pb.ModelInferResponse:
        deadline = self.server.deadline(context.time_remaining())
        call = InferenceRequest(
            model_name=request.model_name,
            model_version=request.model_version,
            inputs=_decode_inputs(request),
            outputs=tuple(output.name for output in request.outputs),
            id=request.id or request_id,
        )
        with self.server.admitted():
            answer = self.server.infer(call, deadline)
        return _encode_response(answer, raw=bool(request.raw_input_contents))


def create_grpc_server(app: Application) -> tuple[grpc.Server, int]:
    """A started-later grpcio server with all three services, bound to the configured port."""
    settings = app.settings
    # No `maximum_concurrent_rpcs`: it would count health checks too, and refuse the
    # liveness probe under load. Inference is capped by the shared admission instead, so
    # at most MAX_IN_FLIGHT threads run the model and the others stay free for health
    # checks, metadata and fast refusals.
    threads = settings.max_in_flight + settings.grpc_workers
    server = grpc.server(
        ThreadPoolExecutor(max_workers=threads, thread_name_prefix="grpc"),
        options=[
            ("grpc.max_receive_message_length", settings.max_request_bytes),
            ("grpc.so_reuseport", 0),
        ],
    )
    pb_grpc.add_GRPCInferenceServiceServicer_to_server(InferenceServicer(app), server)
    health_servicer = health.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)

    def follow(ready: bool) -> None:
        status = (
            health_pb2.HealthCheckResponse.SERVING
            if ready
            else health_pb2.HealthCheckResponse.NOT_SERVING
        )
        for service in ("", SERVICE):
            health_servicer.set(service, status)

    app.server.watch_readiness(follow)
    reflection.enable_server_reflection(
        (
            SERVICE,
            health_pb2.DESCRIPTOR.services_by_name["Health"].full_name,
            reflection.SERVICE_NAME,
        ),
        server,
    )
    if settings.grpc_port:  # see first whether it is free: grpcio would log a C++ line
        listen("gRPC", settings.host, settings.grpc_port).close()
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    try:
        port = server.add_insecure_port(f"{host}:{settings.grpc_port}")
    except RuntimeError:  # taken since the check; grpcio says only "Failed to bind"
        raise PortUnavailable(
            f"the gRPC port {host}:{settings.grpc_port} cannot be opened"
        ) from None
    return server, port


def _decode_inputs(request: pb.ModelInferRequest) -> tuple[Tensor, ...]:
    raw = request.raw_input_contents
    if raw and len(raw) != len(request.inputs):
        raise InvalidInput(
            f"{len(raw)} raw_input_contents for {len(request.inputs)} inputs; send one per input"
        )
    if raw:
        return tuple(
            Tensor.from_bytes(t.name, t.datatype, t.shape, data)
            for t, data in zip(request.inputs, raw, strict=True)
        )
    return tuple(_from_contents(t) for t in request.inputs)


def _from_contents(tensor: pb.ModelInferRequest.InferInputTensor) -> Tensor:
    field = CONTENTS_FIELD.get(tensor.datatype)
    if field is None and tensor.datatype in DATATYPES:
        raise InvalidInput(f"input {tensor.name!r}: send {tensor.datatype} in raw_input_contents")
    values = list(getattr(tensor.contents, field)) if field else []
    return Tensor.from_values(tensor.name, tensor.datatype, tensor.shape, values)


def _encode_response(answer: InferenceResponse, *, raw: bool) -> pb.ModelInferResponse:
    """Outputs in the form the inputs came in; all raw when one has no typed field (FP16)."""
    reply = pb.ModelInferResponse(
        model_name=answer.model_name, model_version=answer.model_version, id=answer.id
    )
    raw = raw or any(tensor.datatype not in CONTENTS_FIELD for tensor in answer.outputs)
    for tensor in answer.outputs:
        output = reply.outputs.add(name=tensor.name, datatype=tensor.datatype, shape=tensor.shape)
        if raw:
            reply.raw_output_contents.append(tensor.to_bytes())
        else:
            getattr(output.contents, CONTENTS_FIELD[tensor.datatype]).extend(
                tensor.data.reshape(-1).tolist()
            )
    return reply


def _metadata_message(meta: ModelMetadata) -> pb.ModelMetadataResponse:
    def tensors(specs: tuple[Any, ...]) -> list[pb.ModelMetadataResponse.TensorMetadata]:
        return [
            pb.ModelMetadataResponse.TensorMetadata(name=s.name, datatype=s.datatype, shape=s.shape)
            for s in specs
        ]

    return pb.ModelMetadataResponse(
        name=meta.name,
        versions=[meta.version],
        platform=meta.platform,
        inputs=tensors(meta.inputs),
        outputs=tensors(meta.outputs),
    )
