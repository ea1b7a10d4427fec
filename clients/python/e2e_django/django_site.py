"""A small Django site for the engine's tests: sign in with django.contrib.auth, read and write
the session, sign out."""

from django.contrib.auth import authenticate, login, logout
from django.http import HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def sign_in(request):
    user = authenticate(request, username=request.POST["username"], password=request.POST["password"])
    if user is None:
        return JsonResponse({"error": "bad credentials"}, status=401)
    login(request, user)
    return JsonResponse({"userId": str(user.pk)})


def me(request):
    return JsonResponse({
        "authenticated": request.user.is_authenticated,
        "userId": str(request.user.pk) if request.user.is_authenticated else None,
        "cart": request.session.get("cart", []),
        "sessionId": request.session.coatcheck_session_id,
    })


@csrf_exempt
def add_to_cart(request):
    request.session["cart"] = request.session.get("cart", []) + [request.POST["item"]]
    if "expiry" in request.POST:
        request.session.set_expiry(int(request.POST["expiry"]))
    return HttpResponse(status=204)


@csrf_exempt
def sign_out(request):
    logout(request)
    return HttpResponse(status=204)


urlpatterns = [
    path("login", sign_in),
    path("me", me),
    path("cart", add_to_cart),
    path("logout", sign_out),
]
