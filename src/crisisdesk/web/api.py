"""The JSON API under ``/api/``: thin handlers that parse parameters and call the library.

Every list takes ``as_of`` (only what had been reported by that day), ``since``/``until``
(ISO dates), ``place``, ``source``, ``offset`` and ``limit``; events also ``kind`` (repeatable).
Parameters are validated (a bad one is a 422 in the one error shape of
:func:`crisisdesk.web.guard.error_body`); filtering is in :mod:`crisisdesk.web.query`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field, ValidationError
from starlette.datastructures import UploadFile

from crisisdesk.reconcile.situation import (
    STATUSES,
    ClaimGroup,
    DocumentEntry,
    FramingCell,
    ResolvedActor,
    SituationEvent,
)
from crisisdesk.vocab import ACTOR_GROUPS, EVENT_KINDS, MEASURES
from crisisdesk.web.desk import Desk
from crisisdesk.web.errors import ApiError
from crisisdesk.web.guard import RateLimiter, token_matches
from crisisdesk.web.query import Filters, View, evidence, page
from crisisdesk.web.uploads import ACCEPTED_TYPES, media_type, read_pasted, read_upload

# Items per page unless ``limit`` says otherwise, and the most one request may ask for: the
# page asks for everything up to the maximum, which the benchmark serves in well under 200 ms
# at 10,000 events (docs/web.md).
DEFAULT_LIMIT = 1000
MAX_LIMIT = 10_000
# Longest text filter: place and outlet names are short; this only stops absurd inputs.
_MAX_TEXT = 200


def _desk(request: Request) -> Desk:
    desk: Desk = request.app.state.desk
    return desk


async def require_token(
    request: Request, authorization: Annotated[str | None, Header()] = None
) -> None:
    """With a token configured, every API call must carry ``Authorization: Bearer TOKEN``."""
    token: str | None = request.app.state.token
    if token is not None and not token_matches(authorization, token):
        raise ApiError(
            401, "missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"}
        )


router = APIRouter(prefix="/api", dependencies=[Depends(require_token)])

Text = Annotated[str | None, Query(max_length=_MAX_TEXT, min_length=1)]
Day = Annotated[dt.date | None, Query(description="ISO date, YYYY-MM-DD")]


async def current_view(
    request: Request,
    as_of: Annotated[
        dt.date | None, Query(description="only what had been reported by this day")
    ] = None,
) -> View:
    return await _desk(request).view(as_of.isoformat() if as_of else None)


def filters(
    since: Day = None, until: Day = None, place: Text = None, source: Text = None
) -> Filters:
    if since and until and since > until:
        raise ApiError(422, f"since ({since}) is after until ({until})")
    return Filters(
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
        place=place,
        source=source,
    )


@dataclass
class Paging:
    offset: int
    limit: int


def paging(
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
) -> Paging:
    return Paging(offset, limit)


CurrentView = Annotated[View, Depends(current_view)]
Filtered = Annotated[Filters, Depends(filters)]
Paged = Annotated[Paging, Depends(paging)]


def _choice(value: str | None, allowed: tuple[str, ...] | list[str], name: str) -> None:
    if value is not None and value not in allowed:
        raise ApiError(422, f"unknown {name} {value!r}", detail_list(allowed))


def detail_list(allowed: tuple[str, ...] | list[str]) -> dict[str, Any]:
    return {"allowed": list(allowed)}


def _bytes(content: bytes) -> Response:
    return Response(content, media_type="application/json")


def _json(content: Any, status: int = 200) -> Response:
    return JSONResponse(content, status_code=status)


# --- documentation-only response shapes -----------------------------------------------------


@dataclass
class EventPage:
    total: int
    offset: int
    limit: int
    items: list[SituationEvent]


@dataclass
class ClaimGroupPage:
    total: int
    offset: int
    limit: int
    items: list[ClaimGroup]


@dataclass
class DocumentPage:
    total: int
    offset: int
    limit: int
    items: list[DocumentEntry]


@dataclass
class ActorPage:
    total: int
    offset: int
    limit: int
    items: list[ResolvedActor]


@dataclass
class FramingPage:
    total: int
    offset: int
    limit: int
    items: list[FramingCell]


class PastedReport(BaseModel):
    """A report pasted into the page."""

    text: str = Field(min_length=1)
    title: str | None = Field(None, max_length=500)
    source: str | None = Field(None, max_length=_MAX_TEXT)
    url: str | None = Field(None, max_length=2000)
    published: str | None = Field(None, max_length=40, description="ISO date")


# --- reading ----------------------------------------------------------------------------------


@router.get("/meta")
async def meta(request: Request, view: CurrentView) -> Response:
    """Counts, the days reports were published (the as-of steps), the event-kind vocabulary
    with ACLED types and families, the map tile setting and the upload limits."""
    options = request.app.state.options
    return _json({
        **view.summary(),
        "kinds": [
            {"name": k.name, "family": k.family, "acled_event_type": k.acled_event_type,
             "acled_sub_event_type": k.acled_sub_event_type}
            for k in EVENT_KINDS.values()
        ],
        "tile_url": options.tile_url,
        "limits": {"max_request_bytes": options.max_request_bytes,
                   "uploads_per_minute": options.uploads_per_minute,
                   "max_files": options.max_files},
    })


@router.get("/events", responses={200: {"model": EventPage}})
async def events(
    view: CurrentView,
    where: Filtered,
    paged: Paged,
    kind: Annotated[list[str] | None, Query(description="event kind; repeat for several")] = None,
) -> Response:
    """Reconciled events: one per happening, with its sources and evidence spans."""
    unknown = sorted(set(kind or ()) - set(EVENT_KINDS))
    if unknown:
        raise ApiError(422, f"unknown event kind {', '.join(unknown)}",
                            detail_list(list(EVENT_KINDS)))
    where = Filters(**{**where.__dict__, "kinds": tuple(kind or ())})
    return _bytes(page(view, view.find_events(where), paged.offset, paged.limit))


@router.get("/events/{event_id}")
async def event(request: Request, event_id: str, view: CurrentView) -> Response:
    """One event with every mention's quote in the context of its document, and its link."""
    found = view.events_by_id.get(event_id)
    if found is None:
        raise ApiError(404, f"no event {event_id!r}" + _as_of_note(view))
    texts = await _desk(request).texts([m["doc"] for m in found["mentions"]])
    return _json({**found, "evidence": evidence(view, found, texts.get)})


@router.get("/claims", responses={200: {"model": ClaimGroupPage}})
async def claims(
    view: CurrentView,
    where: Filtered,
    paged: Paged,
    measure: Annotated[str | None, Query()] = None,
    status: Annotated[str | None, Query()] = None,
) -> Response:
    """Claim groups: each figure per source, the status (agree / grows / contradicts /
    single) and the explanation."""
    _choice(measure, MEASURES, "measure")
    _choice(status, STATUSES, "status")
    found = view.find_claim_groups(where, measure=measure, status=status)
    return _bytes(page(view, found, paged.offset, paged.limit))


@router.get("/documents", responses={200: {"model": DocumentPage}})
async def documents(view: CurrentView, where: Filtered, paged: Paged) -> Response:
    """The documents read (metadata, no text), with status and the original of copies."""
    return _bytes(page(view, view.find_documents(where), paged.offset, paged.limit))


@router.get("/documents/{doc_id}")
async def document(request: Request, doc_id: str, view: CurrentView) -> Response:
    """One document with its full text (for the evidence panel)."""
    entry = view.by_doc.get(doc_id)
    if entry is None:
        raise ApiError(404, f"no document {doc_id!r}" + _as_of_note(view))
    texts = await _desk(request).texts([doc_id])
    return _json({**entry, "text": texts.get(doc_id)})


@router.get("/actors", responses={200: {"model": ActorPage}})
async def actors(
    view: CurrentView,
    where: Filtered,
    paged: Paged,
    type: Annotated[str | None, Query(max_length=_MAX_TEXT)] = None,
) -> Response:
    """Actors resolved across documents and spellings."""
    return _bytes(page(view, view.find_actors(where, type_=type), paged.offset, paged.limit))


@router.get("/framing", responses={200: {"model": FramingPage}})
async def framing(
    view: CurrentView,
    where: Filtered,
    paged: Paged,
    actor_group: Annotated[str | None, Query()] = None,
) -> Response:
    """The framing matrix: how often each source names each actor group with each label."""
    _choice(actor_group, ACTOR_GROUPS, "actor group")
    return _bytes(page(view, view.find_framing(where, actor_group), paged.offset, paged.limit))


def _as_of_note(view: View) -> str:
    return f" as of {view.as_of}" if view.as_of else ""


# --- adding reports ---------------------------------------------------------------------------

_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": PastedReport.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"files": {"type": "array",
                                             "items": {"type": "string", "format": "binary"}}},
                }
            },
        },
    }
}


@router.post("/reports", status_code=201, openapi_extra=_UPLOAD_BODY)
async def add_reports(request: Request) -> Response:
    """Add reports: a pasted report as JSON, or files as multipart/form-data (field ``files``;
    .txt, .md, .html, .json, .jsonl). They are extracted and stored; the answer counts what
    was added and names what failed. Rate-limited per client."""
    limiter: RateLimiter = request.app.state.limiter
    client = request.client.host if request.client else "unknown"
    wait = limiter.retry_after(client)
    if wait is not None:
        raise ApiError(
            429, f"too many uploads; at most {limiter.per_minute} a minute",
            headers={"Retry-After": str(int(wait) + 1)},
        )
    items = await _uploaded_items(request)
    summary = await _desk(request).add(items)
    failed = [{"origin": origin, "reason": reason} for origin, reason in summary.failures]
    if failed and not (summary.stored or summary.already_stored):
        raise ApiError(422, "no report could be read", failed)
    return _json(
        {"added": summary.stored, "already_stored": summary.already_stored,
         "duplicates": summary.duplicates, "failed": failed, "summary": summary.describe()},
        201 if summary.stored else 200,
    )


async def _uploaded_items(request: Request) -> list[Any]:
    options = request.app.state.options
    kind = media_type(request.headers.get("content-type"))
    if kind == "application/json":
        try:
            report = PastedReport.model_validate_json(await request.body())
        except ValidationError as exc:
            raise ApiError(422, "invalid report", _errors(exc)) from None
        return list(read_pasted(report.model_dump()))
    if kind == "multipart/form-data":
        async with request.form(
            max_files=options.max_files, max_fields=options.max_files
        ) as form:  # closes the spooled files however this ends
            files = [v for _, v in form.multi_items() if isinstance(v, UploadFile)]
            if not files:
                raise ApiError(422, "no files in the upload (send them in the field 'files')")
            items: list[Any] = []
            for upload in files:
                if media_type(upload.content_type) not in ACCEPTED_TYPES:
                    raise ApiError(
                        415, f"{upload.filename!r}: content type {upload.content_type!r} is "
                        "not a text report", {"accepted": sorted(t for t in ACCEPTED_TYPES if t)})
                data = await upload.read()
                items.extend(read_upload(data, upload.filename,
                                         max_bytes=options.max_request_bytes))
        return items
    raise ApiError(
        415, f"content type {kind or '(none)'!r} not accepted",
        {"accepted": ["application/json", "multipart/form-data"]},
    )


def _errors(exc: ValidationError) -> list[dict[str, Any]]:
    """Validation errors without the rejected input (which may be a whole article)."""
    return [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
