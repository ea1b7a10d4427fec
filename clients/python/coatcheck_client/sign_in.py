"""Signing a user in through the service, as the library's ``login()`` does: the session the
browser presented ends, a new one starts with the browser's IP and user agent, and its CSRF token
comes back to hand to the page. The framework helpers (``fastapi.sign_in``, ``django.sign_in``)
take these facts from the request; the cookie they set is built here."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Dict, Mapping, Optional

from .calls import Call, segment
from .cookies import session_cookie
from .models import Session

# The service's bounds for device-list metadata (longer values would be refused with a 400).
MAX_USER_AGENT = 512
MAX_IP = 64


@dataclass(frozen=True)
class SignedIn:
    """A new session: ``token`` goes into the session cookie only; ``csrf_token`` goes to the page,
    which sends it back in the ``X-CSRF-Token`` header."""

    token: str
    session: Session
    csrf_token: str

    def __repr__(self) -> str:  # never print the token
        return f"SignedIn(session={self.session!r})"

    def max_age(self) -> int:
        """Seconds the cookie may last: never beyond the session's absolute lifetime (CK-1)."""
        return max(0, (self.session.absolute_expires_at - int(time.time() * 1000)) // 1000)

    def cookie(self) -> str:
        """The ``Set-Cookie`` value for the session (``__Host-sid``, lasting no longer than it)."""
        return session_cookie(self.token, self.max_age())


def browser_meta(user_agent: Optional[str], ip: Optional[str]) -> Dict[str, str]:
    """The device-list metadata of the browser (never this backend's own address or client)."""
    meta: Dict[str, str] = {}
    if user_agent:
        meta["userAgent"] = user_agent[:MAX_USER_AGENT]
    if ip and len(ip) <= MAX_IP:
        meta["ip"] = ip[7:] if ip.startswith("::ffff:") and "." in ip else ip
    return meta


def sign_in_call(user_id: str, presented_token: Optional[str], data: Optional[Mapping[str, Any]],
                 meta: Optional[Mapping[str, Any]]) -> Call[SignedIn]:
    segment(user_id)  # the same bounds as an id in a path: a clear BadRequestError before any call
    payload: Dict[str, Any] = {"userId": user_id, "data": dict(data or {}), "meta": dict(meta or {})}
    if presented_token and len(presented_token) <= 512:
        payload["presentedToken"] = presented_token
    return Call("POST", "/v1/sessions/sign-in", _signed_in, payload)


def _signed_in(body: Dict[str, Any]) -> SignedIn:
    return SignedIn(token=body["token"], session=Session.from_json(body["session"]),
                    csrf_token=str(body["csrfToken"]))
