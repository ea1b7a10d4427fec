"""coatcheck for Python backends: the service client, local access-token verification, and the
cross-origin rules, with FastAPI (``coatcheck_client.fastapi``) and Django
(``coatcheck_client.django``) integrations."""

from .app_tokens import LegacyAppTokens
from .async_client import AsyncCoatcheckClient
from .client import CoatcheckClient
from .cookies import SESSION_COOKIE, find_cookie
from .cross_origin import CSRF_HEADER, CrossOriginCheck, Verdict
from .errors import (
    BadRequestError,
    CoatcheckError,
    ConfigError,
    ConflictError,
    CrossOriginError,
    InvalidTokenError,
    NoSessionError,
    NotFoundError,
    ServiceAuthError,
    ServiceConfigError,
    ServiceUnavailableError,
    ServiceUrlError,
)
from .dpop import DpopRequest, DpopVerifier, InvalidDpopProofError, ReplayCache
from .guard import Pending, SessionGuard, access_token, bearer_token
from .jwks import KeySet
from .models import (
    ActivityEntry,
    ActivityPage,
    EverythingEnded,
    IssuedSession,
    Session,
    SessionInfo,
    TokenPair,
    Validation,
)
from .settings import Settings
from .sign_in import SignedIn
from .verify import AccessTokenVerifier, VerifiedAccessToken

__version__ = "0.1.0"

__all__ = [
    "AccessTokenVerifier",
    "AsyncCoatcheckClient",
    "BadRequestError",
    "CoatcheckClient",
    "CoatcheckError",
    "ConfigError",
    "ConflictError",
    "CrossOriginCheck",
    "CrossOriginError",
    "CSRF_HEADER",
    "DpopRequest",
    "DpopVerifier",
    "InvalidDpopProofError",
    "InvalidTokenError",
    "IssuedSession",
    "KeySet",
    "LegacyAppTokens",
    "NoSessionError",
    "NotFoundError",
    "Pending",
    "ReplayCache",
    "SESSION_COOKIE",
    "ServiceAuthError",
    "ServiceConfigError",
    "ServiceUnavailableError",
    "ServiceUrlError",
    "Session",
    "SessionGuard",
    "SessionInfo",
    "ActivityEntry",
    "ActivityPage",
    "EverythingEnded",
    "Settings",
    "SignedIn",
    "TokenPair",
    "Validation",
    "Verdict",
    "VerifiedAccessToken",
    "access_token",
    "bearer_token",
    "find_cookie",
]
