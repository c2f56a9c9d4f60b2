"""The library's public partner page: no sign-in, only partners who agreed, only public fields."""

from django.urls import path

from allies.recognition import public_views

app_name = "public"
urlpatterns = [path("", public_views.partner_page, name="partners")]
