"""FastAPI integration: ``Depends(require_session)`` and ``Depends(require_access_token)``.

Example::

    from fastapi import Depends, FastAPI
    from coatcheck_client import AccessTokenVerifier, CoatcheckClient
    from coatcheck_client.fastapi import install, require_session

    app = FastAPI()
    install(app, client=CoatcheckClient(url, service_key=key), verifier=AccessTokenVerifier(...))

    @app.get("/me")
    def me(session=Depends(require_session)):
        return {"userId": session.user_id}
"""

from __future__ import annotations

from typing import Iterable, Optional

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from .client import CoatcheckClient
from .cross_origin import CSRF_HEADER
from .errors import CoatcheckError, ConfigError, NoSessionError, error_headers, http_error
from .dpop import DpopRequest
from .guard import SessionGuard, access_token
from .models import Session
from .verify import AccessTokenVerifier, VerifiedAccessToken


def install(app: FastAPI, *, client: CoatcheckClient, verifier: Optional[AccessTokenVerifier] = None,
            trusted_origins: Iterable[str] = (), allow_same_site: bool = False) -> None:
    """Configures coatcheck for ``app`` and answers every CoatcheckError with
    ``{"error": {"code", "message"}}`` and its status (401, 403, 503, …)."""
    app.state.coatcheck_guard = SessionGuard(client, trusted_origins=trusted_origins,
                                             allow_same_site=allow_same_site)
    app.state.coatcheck_verifier = verifier
    app.add_exception_handler(CoatcheckError, _answer)


def optional_session(request: Request) -> Optional[Session]:
    """The request's session, or None. Still raises for a refused cross-origin request (403) and
    a service outage (503): an outage is never "anonymous"."""
    guard = getattr(request.app.state, "coatcheck_guard", None)
    if guard is None:
        raise ConfigError("call coatcheck_client.fastapi.install(app, …) first")
    return guard.session(
        method=request.method,
        cookie=request.headers.getlist("cookie"),
        sec_fetch_site=request.headers.get("sec-fetch-site"),
        origin=request.headers.get("origin"),
        csrf_token=request.headers.get(CSRF_HEADER),
    )


def require_session(request: Request) -> Session:
    """The request's session from the ``__Host-sid`` cookie; 401 without one.

    A plain ``def``: FastAPI runs it in its thread pool, so the service call never blocks the loop.
    """
    session = optional_session(request)
    if session is None:
        raise NoSessionError("Sign in first")
    return session


def require_access_token(request: Request) -> VerifiedAccessToken:
    """The verified access token (``Authorization: Bearer``, or ``DPoP`` with its ``DPoP`` proof),
    checked locally against the JWKS; 401 otherwise. Tokens are not ambient credentials, so no
    CSRF check."""
    verifier = getattr(request.app.state, "coatcheck_verifier", None)
    if verifier is None:
        raise ConfigError("install(app, verifier=…) is needed for access tokens")
    presented = access_token(request.headers.get("authorization"))
    if presented is None:
        raise NoSessionError("An access token is required")
    scheme, token = presented
    proofs = request.headers.getlist("dpop")
    dpop = DpopRequest(proofs[0] if len(proofs) == 1 else None, request.method, str(request.url))
    return verifier.verify(token, dpop if scheme == "DPoP" else None)


async def _answer(request: Request, error: CoatcheckError) -> JSONResponse:
    status, body = http_error(error)
    return JSONResponse(body, status_code=status, headers=error_headers(status, error))
