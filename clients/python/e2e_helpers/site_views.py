"""Sync and async Django views behind coatcheck: ``@require_session``, the lazy async read, and
sign-in (sync and async)."""

from django.http import JsonResponse
from django.urls import path

from coatcheck_client.django import asign_in, require_session, sign_in
from coatcheck_client.django_lookup import lookup_of


@require_session
def me_sync(request):
    return JsonResponse({"userId": request.coatcheck_session.user_id})


@require_session
async def me_async(request):
    # Whether the lookup ran on the async client (ASGI) or the sync one in a thread (WSGI).
    return JsonResponse({"userId": request.coatcheck_session.user_id,
                         "asyncClient": lookup_of(request).async_clients is not None})


async def peek_async(request):
    session = await request.acoatcheck_session()
    return JsonResponse({"userId": session.user_id if session else None})


def login_sync(request):
    signed = sign_in(request, request.POST["user"])
    return JsonResponse({"csrfToken": signed.csrf_token, "sessionId": request.coatcheck_session.id})


async def login_async(request):
    signed = await asign_in(request, request.POST["user"])
    return JsonResponse({"csrfToken": signed.csrf_token, "sessionId": signed.session.id})


@require_session
def change(request):
    return JsonResponse({"ok": True})


urlpatterns = [
    path("me-sync", me_sync),
    path("me-async", me_async),
    path("peek-async", peek_async),
    path("login-sync", login_sync),
    path("login-async", login_async),
    path("change", change),
]
