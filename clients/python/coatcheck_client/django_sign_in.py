"""Signing in from Django views: :func:`sign_in` (sync) and :func:`asign_in` (async), and the
cookie the middleware then sets on the response. Import them from ``coatcheck_client.django``."""

from __future__ import annotations

import asyncio
import functools
from typing import Any, Dict, Mapping, Optional

from django.http import HttpRequest, HttpResponse

from .cookies import SESSION_COOKIE
from .django_lookup import Lookup, lookup_of
from .sign_in import SignedIn, browser_meta


def with_cookie(lookup: Lookup, response: HttpResponse) -> HttpResponse:
    """The response, with the cookie of a sign-in made while it was built (the middleware calls it)."""
    signed = lookup.issued
    if signed is not None:
        response.set_cookie(SESSION_COOKIE, signed.token, max_age=signed.max_age(), path="/", secure=True,
                            httponly=True, samesite="Lax")
        response["Cache-Control"] = "no-store"
    return response


def sign_in(request: HttpRequest, user_id: str, *, data: Optional[Mapping[str, Any]] = None,
            ip: Optional[str] = None) -> SignedIn:
    """Signs ``user_id`` in once you have checked their credentials, as coatcheck's ``login()``:
    the session the request carried ends (no id known before a sign-in survives it), a new one
    starts with the browser's user agent and IP (``REMOTE_ADDR``, or ``ip`` from your trusted
    proxy chain), the response gets its cookie (with ``Cache-Control: no-store``) and
    ``request.coatcheck_session`` becomes it. Returns it with its CSRF token, for the page.

    Example::

        from coatcheck_client.django import sign_in

        def login(request):
            user = authenticate(request, ...)  # yours: answer 401 when it fails
            signed = sign_in(request, str(user.pk))
            return JsonResponse({"csrfToken": signed.csrf_token})
    """
    lookup = lookup_of(request)
    client: Any = lookup.guard.client
    signed: SignedIn = client.sign_in(user_id, data=data, **_sign_in_facts(request, lookup, ip))
    lookup.adopt(signed)
    return signed


async def asign_in(request: HttpRequest, user_id: str, *, data: Optional[Mapping[str, Any]] = None,
                   ip: Optional[str] = None) -> SignedIn:
    """:func:`sign_in` for async views (the async client under ASGI)."""
    lookup = lookup_of(request)
    facts = _sign_in_facts(request, lookup, ip)
    if lookup.async_clients is not None:
        signed = await lookup.async_clients.current().sign_in(user_id, data=data, **facts)
    else:
        client: Any = lookup.guard.client
        signed = await asyncio.to_thread(functools.partial(client.sign_in, user_id, data=data, **facts))
    lookup.adopt(signed)
    return signed


def _sign_in_facts(request: HttpRequest, lookup: Lookup, ip: Optional[str]) -> Dict[str, Any]:
    meta = browser_meta(request.META.get("HTTP_USER_AGENT"), ip or request.META.get("REMOTE_ADDR"))
    return {"presented_token": lookup.pending.token if lookup.pending else None, "meta": meta}
