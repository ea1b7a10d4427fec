"""What the service answers with, as small immutable records (times in epoch milliseconds)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, List, Mapping, Optional


@dataclass(frozen=True)
class Session:
    """A live session as the service shows it: the public ``id`` is a handle, never a credential."""

    id: str
    user_id: str
    data: Mapping[str, Any]
    version: int
    created_at: int
    last_seen_at: int
    idle_expires_at: int
    absolute_expires_at: int
    auth_time: Optional[int] = None
    meta: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> "Session":
        return cls(
            id=body["id"],
            user_id=body["userId"],
            data=body.get("data") or {},
            version=body.get("version", 0),
            created_at=body.get("createdAt", 0),
            last_seen_at=body.get("lastSeenAt", 0),
            idle_expires_at=body.get("idleExpiresAt", 0),
            absolute_expires_at=body.get("absoluteExpiresAt", 0),
            auth_time=body.get("authTime"),
            meta=body.get("meta") or {},
        )


@dataclass(frozen=True)
class IssuedSession:
    """A new or rotated session: ``token`` goes into the ``__Host-sid`` cookie and nowhere else."""

    token: str
    session: Session

    def __repr__(self) -> str:  # never print the token
        return f"IssuedSession(session={self.session!r})"


@dataclass(frozen=True)
class Validation:
    """A validated session; ``csrf_valid`` is set only when a CSRF token was sent along."""

    session: Session
    csrf_valid: Optional[bool] = None


@dataclass(frozen=True)
class SessionInfo:
    """One entry of a user's device list.

    ``device`` is the name made from the User-Agent when the session was created ("Chrome 156 on
    macOS", "Safari on iPhone"); ``ip`` is as the service's privacy setting keeps it (the address,
    its /24 or /48 network, ``hmac:<kid>:…``, or nothing).
    """

    id: str
    created_at: int
    last_seen_at: int
    idle_expires_at: int
    absolute_expires_at: int
    ip: Optional[str] = None
    user_agent: Optional[str] = None
    label: Optional[str] = None
    device: Optional[str] = None

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> "SessionInfo":
        return cls(
            id=body["id"],
            created_at=body.get("createdAt", 0),
            last_seen_at=body.get("lastSeenAt", 0),
            idle_expires_at=body.get("idleExpiresAt", 0),
            absolute_expires_at=body.get("absoluteExpiresAt", 0),
            ip=body.get("ip"),
            user_agent=body.get("userAgent"),
            label=body.get("label"),
            device=body.get("device"),
        )


@dataclass(frozen=True)
class ActivityEntry:
    """One entry of a user's security activity. ``session_id`` is a public handle, never a token.

    ``type`` is one of ``sign-in``, ``sign-out``, ``session-revoked``, ``session-expired``,
    ``refresh-reuse-detected``, ``step-up``, ``access-tokens-revoked``, ``new-device``,
    ``everything-ended``; ``actor`` one of ``user``, ``other-session``, ``operator``,
    ``session-limit``, ``system``. ``at`` is in ms since the epoch.
    """

    id: str
    type: str
    at: int
    actor: str
    actor_session_id: Optional[str] = None
    reason: Optional[str] = None
    session_id: Optional[str] = None
    device: Optional[str] = None
    ip: Optional[str] = None

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> "ActivityEntry":
        return cls(
            id=str(body["id"]),
            type=str(body["type"]),
            at=int(body["at"]),
            actor=str(body["actor"]),
            actor_session_id=body.get("actorSessionId"),
            reason=body.get("reason"),
            session_id=body.get("sessionId"),
            device=body.get("device"),
            ip=body.get("ip"),
        )


@dataclass(frozen=True)
class ActivityPage:
    """A page of activity, newest first; pass ``next`` as ``before`` for older entries."""

    entries: List[ActivityEntry]
    next: Optional[str]

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> "ActivityPage":
        nxt = body["next"]
        return cls(entries=[ActivityEntry.from_json(e) for e in body["entries"]],
                   next=None if nxt is None else str(nxt))


@dataclass(frozen=True)
class EverythingEnded:
    """What ending everything of a user did: sessions ended, and the access-token cut-off (ms)."""

    sessions: int
    not_before: int

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> "EverythingEnded":
        return cls(sessions=int(body["sessions"]), not_before=int(body["notBefore"]))


@dataclass(frozen=True)
class TokenPair:
    """An access token (JWT, short-lived) and its rotating refresh token."""

    access_token: str
    refresh_token: str
    token_type: str
    expires_in: int
    refresh_expires_at: Optional[int] = None

    @classmethod
    def from_json(cls, body: Mapping[str, Any]) -> "TokenPair":
        return cls(
            access_token=body["accessToken"],
            refresh_token=body["refreshToken"],
            token_type=body.get("tokenType", "Bearer"),
            expires_in=body.get("expiresIn", 0),
            refresh_expires_at=body.get("refreshExpiresAt"),
        )

    def __repr__(self) -> str:  # never print the tokens
        return f"TokenPair(token_type={self.token_type!r}, expires_in={self.expires_in})"
