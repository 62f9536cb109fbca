"""The REST transport: Open Inference Protocol v2 over HTTP/JSON, on FastAPI.

A request's deadline starts when it arrives, and its body must arrive within it (else
408): a client that is slow to send cannot hold the connection for longer. An inference
request takes its in-flight slot only once its body is in memory, so slow clients never
take the slots of others. The model then runs in a worker thread, so the event loop stays
free to admit or refuse (429) the requests that arrive meanwhile, and to answer health
checks, which never take a slot.
"""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from contextlib import ExitStack
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import SERVER_NAME, __version__
from ..adapters.prometheus import PrometheusMetrics
from ..bootstrap import Application
from ..domain.errors import InferenceError, Overloaded
from ..domain.tensors import BYTES, InferenceRequest, InferenceResponse, ModelMetadata, Tensor
from ..service.server import ModelServer
from . import access
from .errors import http_status

REQUEST_ID = "x-request-id"
BINARY_HEADER = b"inference-header-content-length"
INFER_PATH = re.compile(r"^/v2/models/[^/]+(/versions/[^/]+)?/infer$")


class RequestInput(BaseModel):
    name: str
    shape: list[int]
    datatype: str
    parameters: dict[str, Any] | None = None
    data: list[Any]


class RequestOutput(BaseModel):
    name: str
    parameters: dict[str, Any] | None = None


class InferenceRequestBody(BaseModel):
    id: str | None = None
    parameters: dict[str, Any] | None = None
    inputs: list[RequestInput]
    outputs: list[RequestOutput] | None = None


class ResponseOutput(BaseModel):
    name: str
    shape: list[int]
    datatype: str
    data: list[Any]


class InferenceResponseBody(BaseModel):
    model_name: str
    model_version: str
    id: str
    outputs: list[ResponseOutput]


class TensorMetadataBody(BaseModel):
    name: str
    datatype: str
    shape: list[int]


class ModelMetadataBody(BaseModel):
    name: str
    versions: list[str]
    platform: str
    inputs: list[TensorMetadataBody]
    outputs: list[TensorMetadataBody]


class ServerMetadataBody(BaseModel):
    name: str
    version: str
    extensions: list[str]


class ErrorBody(BaseModel):
    error: str


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody} for code in (400, 404, 408, 413, 429, 503, 504)
}


def create_rest_app(app: Application) -> FastAPI:
    """The FastAPI application of one Application; OpenAPI docs at /docs."""
    server = app.server
    api = FastAPI(title=SERVER_NAME, version=__version__, summary="Open Inference Protocol v2")
    api.add_middleware(AdmitAfterBody, server=server)
    api.add_middleware(
        RequestContext,
        metrics=app.metrics,
        max_body=app.settings.max_request_bytes,
        server=server,
        router=api.router,
    )

    @api.exception_handler(InferenceError)
    async def refused(request: Request, error: InferenceError) -> JSONResponse:
        request.state.error = str(error)
        return JSONResponse({"error": str(error)}, status_code=http_status(error))

    @api.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in e['loc'])}: {e['msg']}" for e in error.errors()
        )
        request.state.error = f"invalid request: {problems}"
        return JSONResponse({"error": f"invalid request: {problems}"}, status_code=400)

    @api.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> JSONResponse:
        request.state.error = str(error.detail)
        return JSONResponse(
            {"error": str(error.detail)}, status_code=error.status_code, headers=error.headers
        )

    @api.get("/v2/health/live", tags=["health"])
    async def live() -> dict[str, bool]:
        return {"live": server.live}

    @api.get("/v2/health/ready", tags=["health"], responses={503: {"model": dict[str, bool]}})
    async def ready() -> JSONResponse:
        return JSONResponse({"ready": server.ready}, status_code=200 if server.ready else 503)

    @api.get("/v2", tags=["metadata"])
    async def server_metadata() -> ServerMetadataBody:
        return ServerMetadataBody(name=SERVER_NAME, version=__version__, extensions=[])

    @api.get("/v2/models/{model_name}", tags=["metadata"], responses=ERRORS)
    async def model_metadata(model_name: str) -> ModelMetadataBody:
        return _metadata_body(server.metadata(model_name, None))

    @api.get("/v2/models/{model_name}/versions/{version}", tags=["metadata"], responses=ERRORS)
    async def model_version_metadata(model_name: str, version: str) -> ModelMetadataBody:
        return _metadata_body(server.metadata(model_name, version))

    @api.get("/v2/models/{model_name}/ready", tags=["health"], responses=ERRORS)
    async def model_ready(model_name: str) -> JSONResponse:
        return _ready_body(model_name, server.model_ready(model_name, None))

    @api.get("/v2/models/{model_name}/versions/{version}/ready", tags=["health"], responses=ERRORS)
    async def model_version_ready(model_name: str, version: str) -> JSONResponse:
        return _ready_body(model_name, server.model_ready(model_name, version))

    async def run(
        request: Request, name: str, version: str | None, body: InferenceRequestBody
    ) -> JSONResponse:
        call = InferenceRequest(
            model_name=name,
            model_version=version,
            inputs=tuple(
                Tensor.from_values(i.name, i.datatype, i.shape, i.data) for i in body.inputs
            ),
            outputs=tuple(o.name for o in body.outputs or ()),
            id=body.id or request.state.request_id,
        )
        answer = await run_in_threadpool(server.infer, call, request.state.deadline)
        return JSONResponse(_response_body(answer))

    @api.post(
        "/v2/models/{model_name}/infer",
        tags=["inference"],
        response_model=InferenceResponseBody,
        responses=ERRORS,
    )
    async def infer(model_name: str, body: InferenceRequestBody, request: Request) -> JSONResponse:
        return await run(request, model_name, None, body)

    @api.post(
        "/v2/models/{model_name}/versions/{version}/infer",
        tags=["inference"],
        response_model=InferenceResponseBody,
        responses=ERRORS,
    )
    async def infer_version(
        model_name: str, version: str, body: InferenceRequestBody, request: Request
    ) -> JSONResponse:
        return await run(request, model_name, version, body)

    @api.get("/metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(app.metrics.render(), media_type=app.metrics.content_type)

    return api


class RequestContext:
    """Pure ASGI middleware: request id in and out, the body's size and time limits, and the
    access record (metrics by route, one log line) of every request."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        metrics: PrometheusMetrics,
        max_body: int,
        server: ModelServer,
        router: APIRouter,
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.max_body = max_body
        self.server = server
        self.router = router

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        deadline = self.server.deadline()
        headers = dict(scope["headers"])
        refusal = self._refusal(headers)
        scope["headers"] = list(headers.items())
        request_id = (
            headers.get(REQUEST_ID.encode(), b"").decode("latin-1")[:128] or uuid.uuid4().hex
        )
        state = scope.setdefault("state", {})
        state["request_id"], state["deadline"] = request_id, deadline
        status = 500
        received = 0
        body_done = False

        async def limited_receive() -> Message:
            nonlocal received, body_done
            if body_done:
                return await receive()
            try:
                async with asyncio.timeout(max(0.0, self.server.time_left(deadline))):
                    message = await receive()
            except TimeoutError:
                raise HTTPException(
                    408,
                    "the request body did not arrive before the request's deadline "
                    "(INFERENCE_REQUEST_TIMEOUT_S); send it at once",
                    headers={"connection": "close"},
                ) from None
            received += len(message.get("body", b""))
            body_done = not message.get("more_body", False)
            if received > self.max_body:
                raise HTTPException(413, f"the request body is over {self.max_body} bytes")
            return message

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-request-id", request_id.encode()),
                ]
            await send(message)

        try:
            if refusal is not None:
                refused_status, state["error"] = refusal
                response = JSONResponse({"error": state["error"]}, status_code=refused_status)
                await response(scope, receive, send_with_id)
            else:
                await self.app(scope, limited_receive, send_with_id)
        finally:
            access.record(
                self.metrics,
                access.Access(
                    protocol="rest",
                    method=scope["method"],
                    endpoint=self._endpoint(scope),
                    status=status,
                    seconds=time.perf_counter() - started,
                    request_id=request_id,
                    inference=_is_inference(scope),
                    error=state.get("error"),
                ),
            )

    def _endpoint(self, scope: Scope) -> str:
        """The route's template (`/v2/models/{model_name}/infer`), never the raw path: a
        made-up path or model name adds no series. Also for requests refused before routing."""
        route = scope.get("route")
        if route is None:
            route = next((r for r in self.router.routes if r.matches(scope)[0] is Match.FULL), None)
        return str(getattr(route, "path", "unmatched"))

    def _refusal(self, headers: dict[bytes, bytes]) -> tuple[int, str] | None:
        """Refuse before reading: a body declared too large, or in the binary extension."""
        declared = headers.get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > self.max_body:
            return 413, f"the request body is over {self.max_body} bytes"
        header = headers.get(BINARY_HEADER)
        if header is not None and header != declared:
            return 400, "the binary tensor extension is not supported; send tensors as JSON data"
        # Protocol bodies are JSON whatever the client labels them (tritonclient sends none).
        headers[b"content-type"] = b"application/json"
        return None


class AdmitAfterBody:
    """Pure ASGI middleware: an inference request holds an in-flight slot once its body is in.

    The slot is the core's, shared with gRPC, and is held from the body's last byte to the
    response: a client that sends slowly holds none. A request over the limit gets 429 as
    soon as its body is in. Health, metadata and metrics requests never take a slot.
    """

    def __init__(self, app: ASGIApp, *, server: ModelServer) -> None:
        self.app = app
        self.server = server

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _is_inference(scope):
            await self.app(scope, receive, send)
            return
        with ExitStack() as stack:

            async def admitting_receive() -> Message:
                message = await receive()
                if message["type"] == "http.request" and not message.get("more_body", False):
                    try:
                        stack.enter_context(self.server.admitted())
                    except Overloaded as error:
                        raise HTTPException(http_status(error), str(error)) from None
                return message

            await self.app(scope, admitting_receive, send)


def _is_inference(scope: Scope) -> bool:
    return scope["method"] == "POST" and INFER_PATH.match(scope["path"]) is not None


def _metadata_body(meta: ModelMetadata) -> ModelMetadataBody:
    def tensors(specs: tuple[Any, ...]) -> list[TensorMetadataBody]:
        return [
            TensorMetadataBody(name=s.name, datatype=s.datatype, shape=list(s.shape)) for s in specs
        ]

    return ModelMetadataBody(
        name=meta.name,
        versions=[meta.version],
        platform=meta.platform,
        inputs=tensors(meta.inputs),
        outputs=tensors(meta.outputs),
    )


def _ready_body(name: str, ready: bool) -> JSONResponse:
    return JSONResponse({"name": name, "ready": ready}, status_code=200 if ready else 503)


def _response_body(answer: InferenceResponse) -> dict[str, Any]:
    return {
        "model_name": answer.model_name,
        "model_version": answer.model_version,
        "id": answer.id,
        "outputs": [
            {
                "name": t.name,
                "shape": list(t.shape),
                "datatype": t.datatype,
                "data": _json_values(t),
            }
            for t in answer.outputs
        ],
    }


def _json_values(tensor: Tensor) -> list[Any]:
    """Values in row-major order; BYTES as strings, the protocol's JSON form for them."""
    values: list[Any] = tensor.data.reshape(-1).tolist()
    if tensor.datatype == BYTES:
        return [value.decode("utf-8", errors="replace") for value in values]
    return values
