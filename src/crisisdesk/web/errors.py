"""One JSON error shape for every 4xx and 5xx: ``{"error": {"status", "message", "detail"}}``.

:func:`install_error_handlers` routes every way a request can fail through it: the API's own
:class:`ApiError`, the framework's HTTP errors (404 for an unknown path, 405...), parameter
validation (422), a body over the size limit (413) and any unexpected exception (500, with no
internals in the answer).
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error answer: status, a message saying what to fix, optional structured detail."""

    def __init__(
        self,
        status: int,
        message: str,
        detail: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.detail = detail
        self.headers = headers


class BodyTooLarge(Exception):
    """A request body went over the limit while it was being read."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"request body larger than {limit:,} bytes")
        self.limit = limit


def error_body(status: int, message: str, detail: Any = None) -> dict[str, Any]:
    """The one JSON shape of every error response."""
    return {"error": {"status": status, "message": message, "detail": detail}}


def _response(
    status: int, message: str, detail: Any = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(error_body(status, message, detail), status_code=status, headers=headers)


async def _api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return _response(exc.status, exc.message, exc.detail, exc.headers)


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    phrase = HTTPStatus(exc.status_code).phrase.lower()
    message = exc.detail if isinstance(exc.detail, str) and exc.detail else phrase
    return _response(exc.status_code, message, None, dict(exc.headers or {}))


async def _invalid(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    detail = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in exc.errors()
    ]
    names = ", ".join(str(d["loc"][-1]) for d in detail if d["loc"])
    return _response(422, f"invalid parameter(s): {names}" if names else "invalid request", detail)


async def _too_large(_request: Request, exc: Exception) -> JSONResponse:
    return _response(413, str(exc))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("error serving %s %s", request.method, request.url.path, exc_info=exc)
    return _response(500, "internal error; the server log has the details")


def install_error_handlers(app: FastAPI) -> None:
    """Answer every error in the one shape (see the module docstring)."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(BodyTooLarge, _too_large)
    app.add_exception_handler(Exception, _unexpected)
