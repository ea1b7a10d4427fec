"""Finding the session cookie in raw ``Cookie`` headers, exactly as coatcheck does (CK-2)."""

from __future__ import annotations

from typing import Iterable, Optional, Tuple, Union

SESSION_COOKIE = "__Host-sid"
# Inbound Cookie headers longer than this are not parsed (coatcheck answers 431).
MAX_COOKIE_HEADER_BYTES = 16 * 1024


def find_cookie(headers: Union[str, Iterable[str], None], name: str = SESSION_COOKIE) -> Tuple[str, Optional[str]]:
    """Returns ``(status, value)``: ``absent``, ``found``, ``duplicate`` or ``too-large``.

    The name matches exactly and case-sensitively; a name seen twice (cookie tossing) means
    ``duplicate``: treat the request as unauthenticated. Values are returned raw, never decoded.
    Framework cookie parsers are not used because they keep one of the duplicates silently.
    """
    if headers is None:
        return "absent", None
    lines = [headers] if isinstance(headers, str) else list(headers)
    found: Optional[str] = None
    total = 0
    for line in lines:
        total += len(line)
        if total > MAX_COOKIE_HEADER_BYTES:
            return "too-large", None
        for pair in line.split(";"):
            eq = pair.find("=")
            if eq < 0 or pair[:eq].strip() != name:
                continue
            if found is not None:
                return "duplicate", None
            found = _strip_quotes(pair[eq + 1:].strip())
    return ("absent", None) if found is None else ("found", found)


def _strip_quotes(value: str) -> str:
    return value[1:-1] if len(value) >= 2 and value.startswith('"') and value.endswith('"') else value


def session_cookie(token: str, max_age: int) -> str:
    """A ``Set-Cookie`` value for a session token with coatcheck's attributes (CK-1). Send it with
    ``Cache-Control: no-store``; ``max_age`` must not exceed the session's absolute lifetime."""
    return f"{SESSION_COOKIE}={token}; Max-Age={int(max_age)}; Path=/; Secure; HttpOnly; SameSite=Lax"


def expired_session_cookie() -> str:
    """The ``Set-Cookie`` value that removes the session cookie (same attributes, Max-Age=0)."""
    return f"{SESSION_COOKIE}=; Max-Age=0; Path=/; Secure; HttpOnly; SameSite=Lax"
