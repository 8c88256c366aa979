"""Small hand-made documents and facts shared by the store, present and CLI tests."""

from __future__ import annotations

from crisisdesk.records import Actor, Claim, Document, DocumentFacts, Event, Label, Place

TEXT = "Police detained 40 people in Springfield on Monday, the ministry said."


def sample(
    doc_id: str = "d1", text: str = TEXT, source: str = "Wire"
) -> tuple[Document, DocumentFacts]:
    document = Document(id=doc_id, text=text, source=source, published="2024-03-05",
                        language="en", origin=f"{doc_id}.txt")
    facts = DocumentFacts(
        id=doc_id, source=source, url=None, title="Arrests", published="2024-03-05",
        published_estimated=False, language="en", hash=document.hash,
        places=[Place("Springfield", "Springfield", "US", "city", 39.8, -89.6, 4250542, 28, 39)],
        claims=[Claim("arrested", 40.0, "exact", "detained 40 people", 7, 25,
                      who="people", attributed_to="the ministry", location="Springfield",
                      as_of="2024-03-04")],
        events=[Event("arrests", "Strategic developments", "Arrests", "Police detained 40 people",
                      0, 25, date="2024-03-04", date_precision=1, location="Springfield",
                      lat=39.8, lon=-89.6, actors=["police"])],
        actors=[Actor("Police", "police", "group")],
        labels=[Label("security_forces", "police", 0, 6)],
    )
    return document, facts
