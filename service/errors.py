"""Errors as JSON (``{"error": {"message", "type", "code"}}``, OpenAI's shape), bearer keys, body limits."""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from qa.errors import InvalidQuestion, QAError, RuntimeFailure, UnknownDocument, UserError

log = logging.getLogger("service")

GENERIC_ERROR = "Something went wrong on our side; the details are in the server log."
_BEARER = HTTPBearer(auto_error=False, description="One of the tokens in QA_API_KEYS.")
_TYPES = {400: "invalid_request_error", 401: "authentication_error", 404: "not_found_error", 413: "request_too_large"}


def error_body(status: int, message: str) -> dict[str, Any]:
    kind = _TYPES.get(status, "invalid_request_error" if status < 500 else "service_unavailable")
    return {"error": {"message": message, "type": kind, "code": status}}


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, message), status_code=status, headers=headers)


def status_of(error: QAError) -> int:
    """The HTTP status of one of the project's own errors."""
    if isinstance(error, UnknownDocument):
        return 404
    if isinstance(error, InvalidQuestion | UserError):
        return 400
    if isinstance(error, RuntimeFailure):
        return 503
    return 500


def install_error_handlers(api: FastAPI) -> None:
    async def qa_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, QAError)
        return error_response(status_of(error), str(error))

    async def http_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, HTTPException)
        return error_response(error.status_code, str(error.detail), getattr(error, "headers", None))

    async def invalid_request(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, RequestValidationError)
        return error_response(422, validation_message(error.errors()))

    async def unexpected(request: Request, error: Exception) -> JSONResponse:
        log.exception("%s %s failed", request.method, request.url.path)
        return error_response(500, GENERIC_ERROR)

    api.add_exception_handler(QAError, qa_error)
    api.add_exception_handler(HTTPException, http_error)
    api.add_exception_handler(RequestValidationError, invalid_request)
    api.add_exception_handler(Exception, unexpected)


def validation_message(errors: Any) -> str:
    """Pydantic's errors as one line: ``body.question: Field required; ...``."""
    parts = []
    for error in list(errors)[:3]:
        where = ".".join(str(part) for part in error.get("loc", ()))
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else str(error.get("msg", "invalid")))
    return "; ".join(parts) or "invalid request"


class BearerKeys:
    """A FastAPI dependency: the request must carry one of ``keys`` as a bearer token (none set: open)."""

    def __init__(self, keys: list[str]) -> None:
        self._keys = [key.encode() for key in keys]

    def __call__(self, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)]) -> None:
        if not self._keys:
            return
        if credentials is None or credentials.scheme.lower() != "bearer":
            raise HTTPException(
                401, "Missing API key: send `Authorization: Bearer <key>`.", {"WWW-Authenticate": "Bearer"}
            )
        given = credentials.credentials.encode()
        # Compared against every key in constant time: the reply time says nothing about near misses.
        if not any([hmac.compare_digest(given, key) for key in self._keys]):
            raise HTTPException(401, "Invalid API key.", {"WWW-Authenticate": "Bearer"})


class BodyLimit:
    """Refuses request bodies over a per-route limit with 413, before they are read into memory or disk."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[str, str], int | None]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit = self.limit_for(scope["method"], scope["path"]) if scope["type"] == "http" else None
        if limit is None:
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await error_response(413, _too_large(limit))(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:  # a body sent without a length, or longer than it said
                    raise HTTPException(413, _too_large(limit))
            return message

        await self.app(scope, counted, send)


def _too_large(limit: int) -> str:
    return f"Request body too large: the limit is {limit // (1024 * 1024)} MB."
