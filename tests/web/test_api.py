"""The JSON API through FastAPI's test client: every endpoint, filters, the one error shape,
limits, the token, uploads, no path traversal and no SQL from parameters."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from crisisdesk.reconcile.situation import (
    ClaimGroup,
    DocumentEntry,
    FramingCell,
    LedgerClaim,
    Mention,
    ResolvedActor,
    Situation,
    SituationEvent,
)
from crisisdesk.records import Document, DocumentFacts
from crisisdesk.store import Store, open_store
from crisisdesk.web import WebOptions, create_app
from crisisdesk.web.query import in_context, safe_url
from crisisdesk.web.uploads import clean_name

with warnings.catch_warnings():  # starlette's notice about its httpx-based client
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TEXT_A = (
    "Riot police dispersed a march of teachers in Valparaiso on Monday. "
    "At least 12 people were hurt, the regional health office said."
)
TEXT_B = "Students blocked roads in Temuco on Wednesday. Police arrested 40 students."


def _event(
    eid: str, kind: str, date: str, place: str, doc: str, text: str, quote: str
) -> SituationEvent:
    start = text.index(quote)
    return SituationEvent(
        id=eid, kind=kind, acled_event_type="Protests", acled_sub_event_type="x", date=date,
        location=place, lat=-33.0, lon=-71.6, sources=[doc], independent_sources=1,
        mentions=[Mention(doc=doc, quote=quote, start=start, end=start + len(quote))],
        country="CL",
    )


def hand_made(as_of: str | None) -> Situation:
    """A small situation: two documents, two events, one claim group, actors and framing;
    document b is published later than a (for as_of)."""
    docs = [
        DocumentEntry(id="a", title="March dispersed", source="Coast Daily",
                      published="2024-03-04", url="https://example.org/a"),
        DocumentEntry(id="b", title="<b>Roads</b> blocked", source="Southern Wire",
                      published="2024-03-07", url="javascript:alert(1)"),
    ]
    events = [
        _event("e1", "protest_with_intervention", "2024-03-04", "Valparaiso", "a", TEXT_A,
               "Riot police dispersed a march of teachers"),
        _event("e2", "arrests", "2024-03-06", "Temuco", "b", TEXT_B, "Police arrested 40 students"),
    ]
    group = ClaimGroup(
        id="g1", measure="injured", who="people", location="Valparaiso", status="single",
        explanation="one figure", claims=[LedgerClaim(doc="a", value=12, qualifier="at_least",
                                                      quote="At least 12 people", start=0, end=1,
                                                      source="Coast Daily", as_of="2024-03-04")],
    )
    situation = Situation(
        documents=docs, events=events, claim_groups=[group],
        actors=[ResolvedActor(canonical="Riot police", type="group", variants=["riot police"],
                              documents=["a"])],
        framing=[FramingCell(source="Coast Daily", actor_group="protesters", label="teachers",
                             count=1)],
        as_of=as_of,
    )
    if as_of is not None:
        kept = {d.id for d in docs if d.published and d.published <= as_of}
        situation.documents = [d for d in docs if d.id in kept]
        situation.events = [e for e in events if set(e.sources) <= kept]
    return situation


def _add_texts(store: Store) -> None:
    for doc_id, text in (("a", TEXT_A), ("b", TEXT_B)):
        document = Document(id=doc_id, text=text, published="2024-03-04")
        facts = DocumentFacts(id=doc_id, source=None, url=None, title=None,
                              published="2024-03-04", published_estimated=False,
                              language="en", hash=document.hash)
        store.add([(document, facts)])


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "web.db")
    with open_store(path) as store:
        _add_texts(store)
    return path


def _client(db: str, **kwargs: object) -> Iterator[TestClient]:
    app = create_app(db, reconciler=lambda _store, as_of: hand_made(as_of), **kwargs)  # type: ignore[arg-type]
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    yield from _client(db)


def assert_error(response: object, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"} and set(body["error"]) == {"status", "message", "detail"}
    assert body["error"]["status"] == status and body["error"]["message"]
    return body["error"]  # type: ignore[no-any-return]


# --- reading ----------------------------------------------------------------------------------


def test_every_list_endpoint_answers_with_a_page(client: TestClient) -> None:
    for path, total in [("events", 2), ("claims", 1), ("documents", 2), ("actors", 1),
                        ("framing", 1)]:
        body = client.get(f"/api/{path}").json()
        assert body["total"] == total and len(body["items"]) == total, path
    meta = client.get("/api/meta").json()
    assert meta["counts"]["events"] == 2
    assert meta["report_days"] == ["2024-03-04", "2024-03-07"]
    assert {k["name"] for k in meta["kinds"]} >= {"protest", "arrests"}


def test_event_filters(client: TestClient) -> None:
    def ids(**params: object) -> list[str]:
        response = client.get("/api/events", params=params)
        assert response.status_code == 200, response.text
        return [e["id"] for e in response.json()["items"]]

    assert ids(kind="arrests") == ["e2"]
    assert ids(kind=["arrests", "protest_with_intervention"]) == ["e1", "e2"]
    assert ids(since="2024-03-05") == ["e2"]
    assert ids(until="2024-03-04") == ["e1"]
    assert ids(place="valpa") == ["e1"]
    assert ids(place="cl") == ["e1", "e2"]  # country code
    assert ids(source="southern") == ["e2"]
    assert ids(source="a") == ["e1"]  # a document id
    assert ids(as_of="2024-03-05") == ["e1"]
    assert ids(limit=1, offset=1) == ["e2"]


def test_other_filters(client: TestClient) -> None:
    assert client.get("/api/claims", params={"measure": "killed"}).json()["total"] == 0
    assert client.get("/api/claims", params={"status": "single"}).json()["total"] == 1
    assert client.get("/api/claims", params={"source": "coast"}).json()["total"] == 1
    assert client.get("/api/documents", params={"since": "2024-03-05"}).json()["total"] == 1
    assert client.get("/api/actors", params={"type": "person"}).json()["total"] == 0
    framing = client.get("/api/framing", params={"actor_group": "protesters"}).json()
    assert framing["items"][0]["label"] == "teachers"


def test_event_detail_shows_quotes_in_context_and_only_safe_links(client: TestClient) -> None:
    body = client.get("/api/events/e1").json()
    [evidence] = body["evidence"]
    assert evidence["context"]["quote"] == "Riot police dispersed a march of teachers"
    assert evidence["context"]["after"].startswith(" in Valparaiso")
    assert evidence["url"] == "https://example.org/a"
    assert client.get("/api/events/e2").json()["evidence"][0]["url"] is None  # javascript:
    document = client.get("/api/documents/b").json()
    assert document["text"] == TEXT_B and document["title"] == "<b>Roads</b> blocked"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/events?kind=volcano", 422),
        ("/api/events?since=2024-02-30", 422),
        ("/api/events?since=2024-03-09&until=2024-03-01", 422),
        ("/api/events?limit=0", 422),
        ("/api/events?limit=100000", 422),
        ("/api/events?offset=-1", 422),
        ("/api/events?as_of=yesterday", 422),
        ("/api/events?place=" + "x" * 500, 422),
        ("/api/claims?measure=weight", 422),
        ("/api/framing?actor_group=aliens", 422),
        ("/api/events/nope", 404),
        ("/api/documents/nope", 404),
        ("/api/no-such-endpoint", 404),
        ("/static/../../pyproject.toml", 404),
        ("/static/%2e%2e/%2e%2e/pyproject.toml", 404),
        ("/api/documents/..%2F..%2Fetc%2Fpasswd", 404),
    ],
)
def test_bad_requests_answer_in_the_one_error_shape(
    client: TestClient, path: str, status: int
) -> None:
    assert_error(client.get(path), status)


def test_wrong_method_and_server_errors_use_the_error_shape(db: str) -> None:
    assert_error(TestClient(create_app(db)).delete("/api/events"), 405)

    def broken(_store: Store, _as_of: str | None) -> Situation:
        raise RuntimeError("secret internals")

    with TestClient(create_app(db, reconciler=broken), raise_server_exceptions=False) as client:
        error = assert_error(client.get("/api/events"), 500)
        assert "secret" not in json.dumps(error)


def test_parameters_never_become_sql(client: TestClient, db: str) -> None:
    hostile = "x'; DROP TABLE documents; --"
    assert client.get("/api/documents/" + hostile).status_code == 404
    assert client.get("/api/events", params={"source": hostile}).json()["total"] == 0
    with open_store(db) as store:
        assert store.row_counts()["documents"] == 2


def test_openapi_and_docs_page_are_served(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/claims", "/api/documents",
            "/api/documents/{doc_id}", "/api/actors", "/api/framing",
            "/api/reports"} <= set(spec["paths"])
    assert "cdn" not in client.get("/api/docs").text.lower()
    page = client.get("/")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"


# --- security ---------------------------------------------------------------------------------


def test_token_guards_the_api(db: str) -> None:
    for client in _client(db, token="s3cret"):
        error = assert_error(client.get("/api/events"), 401)
        assert "token" in str(error["message"])
        wrong = client.get("/api/events", headers={"Authorization": "Bearer wrong"})
        assert wrong.status_code == 401
        ok = client.get("/api/events", headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 200
        assert client.get("/").status_code == 200  # the page itself holds no data


def test_hosts_outside_the_allowed_list_are_refused(db: str) -> None:
    options = WebOptions(allowed_hosts=("127.0.0.1", "localhost"))
    for client in _client(db, options=options):
        assert_error(client.get("/api/events", headers={"host": "evil.example"}), 400)
        assert client.get("/api/events", headers={"host": "localhost:8000"}).status_code == 200


def test_request_size_and_content_type_limits(db: str) -> None:
    for client in _client(db, options=WebOptions(max_request_bytes=1000)):
        assert_error(client.post("/api/reports", json={"text": "x" * 2000}), 413)
        assert_error(client.post("/api/reports", content=b"hello",
                                 headers={"content-type": "text/plain"}), 415)
        files = {"files": ("photo.png", b"\x89PNG....", "image/png")}
        assert_error(client.post("/api/reports", files=files), 415)
        assert_error(client.post("/api/reports", content=b"{not json",
                                 headers={"content-type": "application/json"}), 422)
        assert_error(client.post("/api/reports", json={"title": "no text"}), 422)


def test_uploads_are_rate_limited(db: str) -> None:
    for client in _client(db, options=WebOptions(uploads_per_minute=2)):
        for _ in range(2):
            assert_error(client.post("/api/reports", json={"text": ""}), 422)
        response = client.post("/api/reports", json={"text": ""})
        assert_error(response, 429)
        assert int(response.headers["retry-after"]) >= 1


def test_upload_names_are_labels_never_paths() -> None:
    assert clean_name("../../etc/passwd") == "passwd"
    assert clean_name("..\\..\\windows\\win.ini") == "win.ini"
    assert clean_name("/abs/.hidden.txt") == "hidden.txt"
    assert clean_name("rapport d'été.md") == "rapport_d_t_.md"
    assert clean_name(None) == "upload"
    assert safe_url("JavaScript:alert(1)") is None and safe_url("data:text/html,x") is None
    assert safe_url("https://example.org/x") == "https://example.org/x"


def test_context_cuts_at_spaces() -> None:
    text = "one two three four five six seven"
    context = in_context(text, text.index("four"), text.index("four") + 4, chars=6)
    assert context == {"before": "three ", "quote": "four", "after": " five",
                       "clipped_before": True, "clipped_after": True}


# --- adding reports (real extraction) ---------------------------------------------------------


def test_pasted_and_uploaded_reports_are_extracted_stored_and_served(tmp_path: Path) -> None:
    db = str(tmp_path / "real.db")
    open_store(db).close()
    with TestClient(create_app(db), raise_server_exceptions=False) as client:
        assert client.get("/api/events").json()["total"] == 0
        pasted = {
            "text": "Police arrested 25 protesters in Accra on Tuesday, officials said.",
            "title": "Arrests", "source": "Gulf Post", "published": "2024-05-07",
            "url": "https://example.org/accra",
        }
        response = client.post("/api/reports", json=pasted)
        assert response.status_code == 201, response.text
        assert response.json()["added"] == 1
        again = client.post("/api/reports", json=pasted)
        assert again.status_code == 200 and again.json()["already_stored"] == 1
        files = [
            ("files", ("../../kumasi.txt",
                       b"Soldiers fired tear gas at a march in Kumasi on Monday.", "text/plain")),
            ("files", ("empty.md", b"", "text/markdown")),
        ]
        uploaded = client.post("/api/reports", files=files)
        assert uploaded.status_code == 201, uploaded.text
        body = uploaded.json()
        assert body["added"] == 1
        assert body["failed"] == [{"origin": "upload:empty.md", "reason": "empty file"}]
        documents = client.get("/api/documents").json()["items"]
        assert {d["id"] for d in documents} >= {"kumasi"}
        places = {e["location"] for e in client.get("/api/events").json()["items"]}
        assert {"Accra", "Kumasi"} <= places  # the cache was invalidated
    assert not (tmp_path.parent / "kumasi.txt").exists()


def _long_report(sentences: int) -> str:
    """An invented report of ``sentences`` sentences (about 20 words each)."""
    towns = ["Ostrava", "Brno", "Plzen", "Olomouc", "Liberec"]
    return " ".join(
        f"Police detained {10 + i} miners at a rally in {towns[i % len(towns)]} on Friday, and "
        f"at least {i + 2} people were hurt, the regional hospital said."
        for i in range(sentences)
    )


def test_an_upload_over_its_time_budget_fails_alone_and_the_server_goes_on(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "budget.db")
    open_store(db).close()
    # 5 ms: a 200-sentence report takes about a second at spaCy's ~5,000 words/s, far over it.
    with TestClient(create_app(db, options=WebOptions(timeout=0.005)),
                    raise_server_exceptions=False) as client:
        files = [
            ("files", ("long.txt", _long_report(200).encode(), "text/plain")),
            ("files", ("empty.txt", b"", "text/plain")),
        ]
        error = assert_error(client.post("/api/reports", files=files), 422)
        # (an undated report is extracted after the others: its failure is listed last)
        assert sorted(error["detail"], key=lambda d: d["origin"]) == [
            {"origin": "upload:empty.txt", "reason": "empty file"},
            {"origin": "upload:long.txt",
             "reason": "timed out: extraction took longer than 0.005 s (raise it with --timeout)"},
        ]
        assert client.get("/api/meta").status_code == 200
        listed = client.get("/api/documents").json()["items"]
        assert {d["status"] for d in listed} == {"failed"}  # recorded as failures, no facts
