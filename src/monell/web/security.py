"""The review app's locks: loopback binding, the session token, sessions and CSRF.

- The server binds to this machine unless ``--allow-remote`` says otherwise.
- ``monell serve`` prints a URL with a random token; the token opens a session (an
  HttpOnly, SameSite=Strict cookie) and is then dropped from the address bar. Every
  request needs the token or a valid session, else 403.
- A session id is random and signed with a per-run secret, so sessions need no storage
  and die with the server. Each session has its own CSRF token (an HMAC of its id) that
  every POST form carries; all comparisons use ``hmac.compare_digest``.
- The Host header must name this machine (a DNS-rebinding page cannot borrow the port).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from dataclasses import dataclass, field

from monell.errors import InputError

TOKEN_BYTES = 32
SESSION_BYTES = 18
LOOPBACK_NAMES = frozenset({"localhost"})
SECURITY_HEADERS = {
    # Everything the page uses is served by the app itself: it works offline, and an
    # injected script or a form posting elsewhere would be refused by the browser.
    "Content-Security-Policy": (
        "default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def is_loopback(host: str) -> bool:
    """True for names and addresses of this machine only (127.0.0.0/8, ::1, localhost)."""
    name = host.strip().strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_bind_host(host: str, allow_remote: bool) -> None:
    """Refuse to listen beyond this machine unless the user asked for it in so many words."""
    if not host.strip():
        raise InputError("--host cannot be empty")
    if not is_loopback(host) and not allow_remote:
        raise InputError(
            f"refusing to serve on {host}: other machines could reach the case; "
            "use --host 127.0.0.1, or add --allow-remote if that is really intended"
        )


def host_of(header: str) -> str:
    """The host name of a Host header (``127.0.0.1:8765``, ``[::1]:8765``)."""
    header = header.strip()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


@dataclass(frozen=True)
class Guard:
    """The secrets of one server run: the URL token and the key that signs sessions."""

    token: str = field(default_factory=lambda: secrets.token_urlsafe(TOKEN_BYTES))
    key: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)
    allow_remote: bool = False

    @property
    def cookie_name(self) -> str:
        """Per run: two servers on one machine (other ports) keep separate sessions."""
        return "monell_" + hashlib.sha256(self.token.encode()).hexdigest()[:10]

    def token_ok(self, candidate: str) -> bool:
        return hmac.compare_digest(candidate.encode(), self.token.encode())

    def host_ok(self, host_header: str) -> bool:
        return self.allow_remote or is_loopback(host_of(host_header))

    def new_session(self) -> str:
        """A cookie value: a random id and its signature."""
        sid = secrets.token_urlsafe(SESSION_BYTES)
        return f"{sid}.{self._sign('session', sid)}"

    def session_id(self, cookie: str | None) -> str | None:
        """The session id of a valid cookie, else None."""
        sid, _, signature = (cookie or "").partition(".")
        if not sid or not signature:
            return None
        good = hmac.compare_digest(signature.encode(), self._sign("session", sid).encode())
        return sid if good else None

    def csrf_token(self, sid: str) -> str:
        return self._sign("csrf", sid)

    def csrf_ok(self, sid: str, candidate: str | None) -> bool:
        return bool(candidate) and hmac.compare_digest(
            (candidate or "").encode(), self.csrf_token(sid).encode()
        )

    def _sign(self, purpose: str, value: str) -> str:
        return hmac.new(self.key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()
