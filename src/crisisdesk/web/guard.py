"""The server's defences that are not about one endpoint (SECURITY.md, web).

- :class:`Guard`, an ASGI middleware in front of everything: refuses request bodies over the
  size limit (by ``Content-Length`` at once, and by counting for chunked bodies), refuses
  ``Host`` headers not allowed (against DNS rebinding of a server on loopback), and adds the
  security headers to every response (a Content-Security-Policy that allows scripts, styles
  and data only from the server itself, so even injected markup could run nothing).
- :class:`RateLimiter`: uploads per client per minute.
- :func:`token_matches`: the optional bearer token, compared in constant time.
"""

from __future__ import annotations

import hmac
import json
import threading
import time
from collections import defaultdict, deque
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from crisisdesk.web.errors import BodyTooLarge, error_body


def content_security_policy(tile_url: str | None) -> str:
    """The CSP: everything from this server only; map tiles also from the tile server if set."""
    images = "'self' data:"
    if tile_url:
        parts = urlsplit(tile_url.replace("{", "").replace("}", ""))
        images += f" {parts.scheme}://{parts.netloc}"
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        f"img-src {images}; font-src 'self'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    )


class Guard:
    """Size limit, allowed hosts and security headers (see the module docstring)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body: int,
        allowed_hosts: Iterable[str] | None,
        csp: str,
    ) -> None:
        self.app = app
        self.max_body = max_body
        self.allowed_hosts = {h.lower() for h in allowed_hosts} if allowed_hosts else None
        self.headers = [
            (b"content-security-policy", csp.encode("latin-1")),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        send = self._with_headers(send)
        host = _host(headers.get("host", ""))
        if self.allowed_hosts is not None and host not in self.allowed_hosts:
            await _reply(send, 400, "host not allowed; open the page at the address it serves")
            return
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body:
            await _reply(send, 413, f"request body larger than {self.max_body:,} bytes")
            return
        await self.app(scope, self._counting(receive), send)

    def _with_headers(self, send: Send) -> Send:
        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.headers]
            await send(message)

        return sending

    def _counting(self, receive: Receive) -> Receive:
        seen = 0

        async def receiving() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise BodyTooLarge(self.max_body)
            return message

        return receiving


def _host(header: str) -> str:
    """The host name of a Host header, without the port ("[::1]:8000" -> "::1")."""
    if header.startswith("["):
        return header[1:].split("]", 1)[0].lower()
    return header.rsplit(":", 1)[0].lower() if header.count(":") == 1 else header.lower()


async def _reply(send: Send, status: int, message: str) -> None:
    body = json.dumps(error_body(status, message)).encode("utf-8")
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode())],
    })
    await send({"type": "http.response.body", "body": body})


class RateLimiter:
    """At most ``per_minute`` events per key in any 60 seconds (a sliding window)."""

    WINDOW = 60.0

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._seen: defaultdict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def retry_after(self, key: str) -> float | None:
        """None and the event counted if allowed; else the seconds until one is."""
        now = time.monotonic()
        with self._lock:
            times = self._seen[key]
            while times and now - times[0] >= self.WINDOW:
                times.popleft()
            if len(times) >= self.per_minute:
                return self.WINDOW - (now - times[0])
            times.append(now)
            return None


def token_matches(authorization: str | None, token: str) -> bool:
    """Whether an ``Authorization`` header carries the bearer ``token`` (constant time)."""
    scheme, _, given = (authorization or "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode("utf-8"), token.encode("utf-8")
    )
