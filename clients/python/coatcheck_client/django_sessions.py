"""A Django session engine on the coatcheck service: ``request.session`` and ``django.contrib.auth``
unchanged, every session a coatcheck session.

settings.py::

    SESSION_ENGINE = "coatcheck_client.django_sessions"
    MIDDLEWARE = [..., "coatcheck_client.django_sessions.SessionMiddleware", ...]  # in place of Django's
    COATCHECK = {"SERVICE_URL": ..., "SERVICE_KEY": os.environ["COATCHECK_SERVICE_KEY"]}

The session key (the cookie value) is the coatcheck token; the signed-in Django user's id is the
coatcheck user, so the sessions are listed and revoked from Node, the service and the CLI like any
other. Sessions nobody signed in to belong to a pseudo-user of their own (``~django-anonymous.…``; the leading ``~`` keeps it out of the service's ``<app>:`` namespace).
When the service cannot answer, the engine raises :class:`ServiceUnavailableError` (never an empty,
anonymous session) and :class:`SessionMiddleware` answers 503.
"""

from __future__ import annotations

import functools
import secrets
import time
from typing import Any, Dict, Optional

from asgiref.sync import sync_to_async
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.base import SessionBase, UpdateError
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware

from .client import CoatcheckClient
from .django import _settings, error_response
from .errors import CoatcheckError, ConfigError, NoSessionError, NotFoundError, ServiceUnavailableError
from .models import IssuedSession, Session
from .settings import Settings

ANONYMOUS_PREFIX = "~django-anonymous."

# The session dict as Django encodes it (signed, with SESSION_SERIALIZER), and when Django says it
# ends: coatcheck's own idle and absolute timeouts end it too, whichever comes first.
DATA_FIELD = "django"
EXPIRES_FIELD = "expiresAt"


@functools.lru_cache(maxsize=4)
def _client_for(config: Settings) -> CoatcheckClient:
    return config.client()


class SessionStore(SessionBase):
    """``request.session`` backed by the coatcheck service (see the module docs)."""

    _session_key: Optional[str]

    def __init__(self, session_key: Optional[str] = None) -> None:
        super().__init__(session_key)
        self._live: Optional[Session] = None  # the coatcheck session behind the key, once read
        # Device-list metadata for a session this request creates (set by SessionMiddleware).
        self.device_meta: Dict[str, str] = {}

    @classmethod
    def client(cls) -> CoatcheckClient:
        return _client_for(_settings())

    # Reading

    def load(self) -> Dict[str, Any]:
        live = self._read(self.session_key)
        if live is None:
            self._session_key = None  # never adopt a key the service does not know (SM-3)
            return {}
        self._live = live
        data: Dict[str, Any] = self.decode(live.data.get(DATA_FIELD) or "") if live.data.get(DATA_FIELD) else {}
        return data

    def exists(self, session_key: Optional[str]) -> bool:
        return self._read(session_key) is not None

    def _read(self, session_key: Optional[str]) -> Optional[Session]:
        if not session_key:
            return None
        try:
            live = self.client().validate(session_key).session
        except NoSessionError:
            return None
        expires_at = live.data.get(EXPIRES_FIELD)
        if isinstance(expires_at, (int, float)) and expires_at <= time.time() * 1000:
            self.client().revoke(live.id)  # past Django's expiry: ended for everyone
            return None
        return live

    # Writing

    def create(self) -> None:
        self._session_key = None
        self.save(must_create=True)
        self.modified = True

    def save(self, must_create: bool = False) -> None:
        if self.session_key is None and not must_create:
            return self.create()
        data = self._get_session(no_load=must_create)
        owner = self._owner_for(data)
        payload = {DATA_FIELD: self.encode(data), EXPIRES_FIELD: int(self.get_expiry_date().timestamp() * 1000)}
        if must_create or self.session_key is None or self._live is None:
            # A new session, or one whose key the service no longer knew when it was read.
            return self._adopt(self.client().create(owner, data=payload, meta=self.device_meta))
        if owner != self._live.user_id:
            # Signed in or out: the session moves to its new user under a new key; the old one dies.
            previous = self._live
            self._adopt(self.client().create(owner, data=payload, meta=self.device_meta or previous.meta))
            self.client().revoke(previous.id)
            return
        try:
            self.client().set_data(self._live.id, payload)
        except NotFoundError:
            # Ended in another request meanwhile: never resurrected (SM-7); Django answers 400.
            raise UpdateError from None

    def cycle_key(self) -> None:
        """A new key for the same session (Django's login calls this): a coatcheck regenerate, so
        the old key stops working at once; the data is kept."""
        data = self._session
        if self.session_key is None or self._live is None:
            super().cycle_key()
            return
        try:
            issued = self.client().regenerate(self.session_key)
        except NoSessionError:
            super().cycle_key()
            return
        self._adopt(issued)
        self._session_cache = data
        self.modified = True

    async def acycle_key(self) -> None:
        # Django 5's async API (``await request.session.acycle_key()``) rotates the same way.
        await sync_to_async(self.cycle_key)()

    def delete(self, session_key: Optional[str] = None) -> None:
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        live = self._live if session_key == self.session_key and self._live else self._read(session_key)
        if live is not None:
            self.client().revoke(live.id)
        if session_key == self.session_key:
            self._live = None

    @classmethod
    def clear_expired(cls) -> None:
        """Nothing to do: coatcheck's store expires sessions by itself (``clearsessions`` works)."""

    # Helpers

    def _adopt(self, issued: IssuedSession) -> None:
        self._session_key = issued.token
        self._live = issued.session

    def _owner_for(self, data: Dict[str, Any]) -> str:
        user_id = data.get(SESSION_KEY)
        if user_id is None:
            if self._live is not None and _anonymous(self._live):
                return self._live.user_id
            return ANONYMOUS_PREFIX + secrets.token_urlsafe(12)
        owner = str(user_id)
        if owner.startswith(ANONYMOUS_PREFIX) or not 0 < len(owner) <= 200:
            raise ConfigError("A Django user id must be 1-200 characters and not look anonymous")
        return owner

    @property
    def coatcheck_session_id(self) -> Optional[str]:
        """The coatcheck handle of this session (for device lists), once it was read or saved."""
        return self._live.id if self._live else None


def _anonymous(session: Session) -> bool:
    return session.user_id.startswith(ANONYMOUS_PREFIX)


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's session middleware, answering 503 (JSON, ``Retry-After``) instead of a 500 page
    when the session service is unavailable, whether the session was read in a view or saved
    after it. Use it in place of ``django.contrib.sessions.middleware.SessionMiddleware``."""

    def process_request(self, request: Any) -> None:
        super().process_request(request)
        if isinstance(request.session, SessionStore):
            # REMOTE_ADDR is the peer: behind a proxy, set it from your trusted proxy chain first.
            meta = {"userAgent": request.META.get("HTTP_USER_AGENT", "")[:512],
                    "ip": request.META.get("REMOTE_ADDR", "")[:64]}
            request.session.device_meta = {name: value for name, value in meta.items() if value}

    def process_response(self, request: Any, response: Any) -> Any:
        try:
            return super().process_response(request, response)
        except ServiceUnavailableError as error:
            return error_response(error)

    def process_exception(self, request: Any, exception: Exception) -> Any:
        if isinstance(exception, CoatcheckError) and not isinstance(exception, ConfigError):
            return error_response(exception)
        return None
