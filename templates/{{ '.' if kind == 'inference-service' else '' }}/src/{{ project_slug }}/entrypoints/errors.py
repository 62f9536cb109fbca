"""The one table that maps core errors to HTTP statuses and gRPC codes."""

from __future__ import annotations

from http import HTTPStatus

import grpc

from ..domain.errors import (
    DeadlineExceeded,
    InferenceError,
    InvalidInput,
    ModelNotFound,
    NotReady,
    Overloaded,
    TooLarge,
)

ERROR_TABLE: dict[type[InferenceError], tuple[HTTPStatus, grpc.StatusCode]] = {
    InvalidInput: (HTTPStatus.BAD_REQUEST, grpc.StatusCode.INVALID_ARGUMENT),
    ModelNotFound: (HTTPStatus.NOT_FOUND, grpc.StatusCode.NOT_FOUND),
    TooLarge: (HTTPStatus.REQUEST_ENTITY_TOO_LARGE, grpc.StatusCode.RESOURCE_EXHAUSTED),
    Overloaded: (HTTPStatus.TOO_MANY_REQUESTS, grpc.StatusCode.RESOURCE_EXHAUSTED),
    DeadlineExceeded: (HTTPStatus.GATEWAY_TIMEOUT, grpc.StatusCode.DEADLINE_EXCEEDED),
    NotReady: (HTTPStatus.SERVICE_UNAVAILABLE, grpc.StatusCode.UNAVAILABLE),
}
UNEXPECTED = (HTTPStatus.INTERNAL_SERVER_ERROR, grpc.StatusCode.INTERNAL)
"""A bug, not a refusal: logged with its traceback, answered without details."""


def http_status(error: Exception) -> HTTPStatus:
    return _lookup(error)[0]


def grpc_code(error: Exception) -> grpc.StatusCode:
    return _lookup(error)[1]


def _lookup(error: Exception) -> tuple[HTTPStatus, grpc.StatusCode]:
    for kind in type(error).__mro__:
        if kind in ERROR_TABLE:
            return ERROR_TABLE[kind]
    return UNEXPECTED
