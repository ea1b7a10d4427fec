"""Who am I (cookie session or bearer access token), sign out, sign out everywhere."""

from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_GET, require_POST

from coatcheck_client.cookies import expired_session_cookie
from coatcheck_client.django import require_access_token, require_session


def no_store(body: dict) -> JsonResponse:
    response = JsonResponse(body)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@require_session
def me(request):
    session = request.coatcheck_session
    return no_store({"userId": session.user_id, "sessionId": session.id})


@require_GET
@require_access_token
def api_me(request):
    # Verified locally against the service's JWKS: no service call, valid until it expires.
    token = request.access_token
    return no_store({"userId": token.user_id, "sessionId": token.session_id, "via": "bearer"})


@require_POST
@require_session
def logout(request):
    request.coatcheck_client.revoke(request.coatcheck_session.id)
    response = HttpResponse(status=204)
    response["Set-Cookie"] = expired_session_cookie()
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@require_session
def revoke_all(request):
    """Signs the user out on every device and every backend, this one included."""
    response = no_store({"revoked": request.coatcheck_client.revoke_all(request.coatcheck_session.user_id)})
    response["Set-Cookie"] = expired_session_cookie()
    return response


@require_POST
@require_session
def revoke_others(request):
    session = request.coatcheck_session
    return no_store({"revoked": request.coatcheck_client.revoke_all(session.user_id, except_session_id=session.id)})
