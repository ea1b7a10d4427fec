from django.urls import path

from . import views

urlpatterns = [
    path("me", views.me),
    path("api/me", views.api_me),
    path("logout", views.logout),
    path("sessions/revoke-all", views.revoke_all),
    path("sessions/revoke-others", views.revoke_others),
]
