"""FastAPI integration: ``Depends(require_session)`` and ``Depends(require_access_token)``.

Example::

    from fastapi import Depends, FastAPI
    from coatcheck_client import AccessTokenVerifier, AsyncCoatcheckClient
    from coatcheck_client.fastapi import install, require_session

    app = FastAPI()
    install(app, client=AsyncCoatcheckClient(url, service_key=key), verifier=AccessTokenVerifier(...))

    @app.get("/me")
    async def me(session=Depends(require_session)):
        return {"userId": session.user_id}

The dependencies are ``async``: with an :class:`AsyncCoatcheckClient` the service call runs on the
event loop and holds no worker thread (a :class:`CoatcheckClient` still works: its call runs in a
worker thread). ``install`` closes the client when the app shuts down.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any, Dict, Iterable, Mapping, Optional, Union

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from .async_client import AsyncCoatcheckClient
from .client import CoatcheckClient
from .cross_origin import CSRF_HEADER
from .errors import CoatcheckError, ConfigError, NoSessionError, error_headers, http_error
from .dpop import DpopRequest
from .guard import SessionGuard, access_token
from .models import Session
from .sign_in import SignedIn, browser_meta
from .verify import AccessTokenVerifier, VerifiedAccessToken


def install(app: FastAPI, *, client: Union[AsyncCoatcheckClient, CoatcheckClient],
            verifier: Optional[AccessTokenVerifier] = None, trusted_origins: Iterable[str] = (),
            allow_same_site: bool = False) -> None:
    """Configures coatcheck for ``app``, answers every CoatcheckError with
    ``{"error": {"code", "message"}}`` and its status (401, 403, 503, …), and closes the client's
    connections when the app shuts down."""
    app.state.coatcheck_guard = SessionGuard(client, trusted_origins=trusted_origins,
                                             allow_same_site=allow_same_site)
    app.state.coatcheck_verifier = verifier
    app.add_exception_handler(CoatcheckError, _answer)

    async def close_client() -> None:
        if isinstance(client, AsyncCoatcheckClient):
            await client.aclose()
        else:
            client.close()

    app.add_event_handler("shutdown", close_client)


def _guard(request: Request) -> SessionGuard:
    guard: Optional[SessionGuard] = getattr(request.app.state, "coatcheck_guard", None)
    if guard is None:
        raise ConfigError("call coatcheck_client.fastapi.install(app, …) first")
    return guard


# The headers the cross-origin check and the session lookup read, as ASGI names them (lower case).
_CSRF_HEADER = CSRF_HEADER.lower().encode("latin-1")


def _facts(request: Request) -> Dict[str, Any]:
    """What the cross-origin check and the session lookup read from a request: every ``Cookie``
    header, and the first ``Sec-Fetch-Site``, ``Origin`` and CSRF token header. One pass over the
    raw headers (a lookup through ``request.headers`` scans them once per name, and raises and
    catches a KeyError for each absent one)."""
    cookies = []
    site = origin = csrf = None
    for name, value in request.scope["headers"]:
        if name == b"cookie":
            cookies.append(value.decode("latin-1"))
        elif name == b"sec-fetch-site":
            site = site if site is not None else value.decode("latin-1")
        elif name == b"origin":
            origin = origin if origin is not None else value.decode("latin-1")
        elif name == _CSRF_HEADER:
            csrf = csrf if csrf is not None else value.decode("latin-1")
    return {"method": request.method, "cookie": cookies, "sec_fetch_site": site, "origin": origin,
            "csrf_token": csrf}


async def optional_session(request: Request) -> Optional[Session]:
    """The request's session, or None. Still raises for a refused cross-origin request (403) and
    a service outage (503): an outage is never "anonymous"."""
    guard = _guard(request)
    pending = guard.check(**_facts(request))
    return None if pending is None else await guard.avalidate(pending)


async def require_session(request: Request) -> Session:
    """The request's session from the ``__Host-sid`` cookie; 401 without one."""
    # check and avalidate are called here rather than through guard.asession: every coroutine
    # between the endpoint and the service's answer is resumed again when the answer arrives.
    guard = _guard(request)
    pending = guard.check(**_facts(request))
    session = None if pending is None else await guard.avalidate(pending)
    if session is None:
        raise NoSessionError("Sign in first")
    return session


async def sign_in(request: Request, response: Response, user_id: str, *,
                  data: Optional[Mapping[str, Any]] = None, ip: Optional[str] = None) -> SignedIn:
    """Signs ``user_id`` in once you have checked their credentials, as coatcheck's ``login()``:
    the session the request carried ends (no id known before a sign-in survives it), a new one
    starts with the browser's user agent and IP, its cookie goes on ``response`` with
    ``Cache-Control: no-store``, and its CSRF token comes back for the page. The request passes
    the same cross-origin check as every unsafe request.

    The IP is ``request.client.host``; behind a proxy run uvicorn with ``--proxy-headers
    --forwarded-allow-ips=<the proxy>``, or pass ``ip`` from your trusted proxy chain.

    Example::

        from coatcheck_client.fastapi import sign_in

        @app.post("/login")
        async def login(request: Request, response: Response, form: Credentials = Depends()):
            user = check_password(form)  # yours: raise 401 when it fails
            signed = await sign_in(request, response, user.id)
            return {"csrfToken": signed.csrf_token}
    """
    guard = _guard(request)
    pending = guard.check(**_facts(request))
    if pending is not None and pending.needs_token:
        await guard.avalidate(pending)  # a live session is not replaced without its CSRF token
    presented = pending.token if pending else None
    meta = browser_meta(request.headers.get("user-agent"), ip or (request.client.host if request.client else None))
    client = guard.client
    if isinstance(client, AsyncCoatcheckClient):
        signed = await client.sign_in(user_id, presented_token=presented, data=data, meta=meta)
    else:
        signed = await asyncio.to_thread(functools.partial(client.sign_in, user_id, presented_token=presented,
                                                           data=data, meta=meta))
    response.headers.append("set-cookie", signed.cookie())
    response.headers["cache-control"] = "no-store"
    return signed


def require_access_token(request: Request) -> VerifiedAccessToken:
    """The verified access token (``Authorization: Bearer``, or ``DPoP`` with its ``DPoP`` proof),
    checked locally against the JWKS; 401 otherwise. Tokens are not ambient credentials, so no
    CSRF check."""
    verifier: Optional[AccessTokenVerifier] = getattr(request.app.state, "coatcheck_verifier", None)
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
