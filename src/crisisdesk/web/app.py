"""The web application: :func:`create_app` builds it for one store.

Routes: ``/`` the page (``static/index.html``), ``/static/...`` its assets and the bundled
basemap, ``/api/...`` the JSON API (:mod:`crisisdesk.web.api`), ``/api/openapi.json`` its
OpenAPI description and ``/api/docs`` a page that lists it (served locally: no CDN).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from crisisdesk import __version__
from crisisdesk.engine import DEFAULT_TIMEOUT
from crisisdesk.errors import CrisisdeskError
from crisisdesk.read import DEFAULT_MAX_BYTES
from crisisdesk.web import api
from crisisdesk.web.desk import Desk, Reconciler, _reconcile
from crisisdesk.web.errors import install_error_handlers
from crisisdesk.web.guard import Guard, RateLimiter, content_security_policy

__all__ = ["WebOptions", "create_app"]

STATIC = Path(__file__).resolve().parent / "static"

# Uploads per client per minute: an analyst pasting reports by hand adds a few a minute; 20
# leaves room for dropping files in several goes, while a script flooding the server (each
# upload costs extraction time on the one store thread) is stopped within seconds.
DEFAULT_UPLOADS_PER_MINUTE = 20
# Files per upload: a handful of reports dropped at once; a folder belongs to `ingest`.
DEFAULT_MAX_FILES = 20
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class WebOptions:
    """How the server behaves (every field has a safe default).

    ``max_request_bytes``: largest request body (the reader's own limit per report);
    ``uploads_per_minute`` and ``max_files``: upload limits per client and per request;
    ``tile_url``: an online map tile template (``https://host/{z}/{x}/{y}.png``) drawn under
    the bundled basemap, None for offline only; ``allowed_hosts``: Host header values accepted
    (None: any); ``timeout``: extraction seconds per uploaded report."""

    max_request_bytes: int = DEFAULT_MAX_BYTES
    uploads_per_minute: int = DEFAULT_UPLOADS_PER_MINUTE
    max_files: int = DEFAULT_MAX_FILES
    tile_url: str | None = None
    allowed_hosts: tuple[str, ...] | None = None
    timeout: float | None = DEFAULT_TIMEOUT

    def __post_init__(self) -> None:
        for name in ("max_request_bytes", "uploads_per_minute", "max_files"):
            if getattr(self, name) < 1:
                raise CrisisdeskError(f"{name} must be at least 1, not {getattr(self, name)}")
        if self.tile_url is not None:
            check_tile_url(self.tile_url)


def check_tile_url(url: str) -> None:
    """Raise :class:`CrisisdeskError` unless ``url`` is an http(s) tile template."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise CrisisdeskError(f"tile URL {url!r}: must be an http(s) address")
    missing = [p for p in ("{z}", "{x}", "{y}") if p not in url]
    if missing:
        raise CrisisdeskError(
            f"tile URL {url!r}: lacks {', '.join(missing)}; e.g. https://host/{{z}}/{{x}}/{{y}}.png"
        )


def loopback_hosts(host: str) -> tuple[str, ...] | None:
    """The Host headers to accept when serving on ``host``: the loopback names when it is a
    loopback address (a page on another site cannot reach it by DNS rebinding), else any."""
    return LOOPBACK_HOSTS if host in LOOPBACK_HOSTS else None


def create_app(
    db: str,
    *,
    token: str | None = None,
    options: WebOptions | None = None,
    reconciler: Reconciler | None = None,
) -> FastAPI:
    """The application serving the store at ``db`` (a SQLite file, created if missing).

    ``token``: when set, every ``/api/`` request needs ``Authorization: Bearer TOKEN``.
    ``reconciler``: how the store becomes a situation (default
    :func:`crisisdesk.reconcile.reconcile_store`). Raises :class:`CrisisdeskError` (a
    ``StoreError``) when the store cannot be opened."""
    options = options or WebOptions()
    if token is not None and not token.strip():
        raise CrisisdeskError("the token is empty; give a secret or leave it out")
    desk = Desk(db, reconciler=reconciler or _reconcile, timeout=options.timeout)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        desk.close()

    app = FastAPI(
        title="crisisdesk",
        version=__version__,
        description="Events, claim groups, documents, actors and framing of the reconciled "
        "situation; add reports. Errors: {\"error\": {\"status\", \"message\", \"detail\"}}.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.desk = desk
    app.state.token = token
    app.state.options = options
    app.state.limiter = RateLimiter(options.uploads_per_minute)
    install_error_handlers(app)
    app.include_router(api.router)
    _add_pages(app)
    app.add_middleware(
        Guard,
        max_body=options.max_request_bytes,
        allowed_hosts=options.allowed_hosts,
        csp=content_security_policy(options.tile_url),
    )
    return app


def _add_pages(app: FastAPI) -> None:
    def page(name: str) -> FileResponse:
        return FileResponse(STATIC / name, media_type="text/html")

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return page("index.html")

    @app.get("/api/docs", include_in_schema=False)
    async def api_docs() -> FileResponse:
        return page("api.html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

