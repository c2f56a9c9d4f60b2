"""URLs. Everything a library owns lives under /l/<library slug>/, so access is checked once per URL."""

from django.urls import include, path, re_path

from allies.api import views as api_views
from allies.api.api import api
from allies.core import favicon
from allies.libraries import views as library_views
from allies.today import search as site_search
from allies.today import views as today

urlpatterns = [
    path("", library_views.home, name="home"),
    path("favicon.ico", favicon.favicon, name="favicon"),
    path("switch/", library_views.switch_library, name="switch_library"),
    path("accounts/", include("allies.libraries.urls_accounts")),
    path("language/", include("django.conf.urls.i18n")),  # set_language: the footer's switcher
    path("l/<slug:library_slug>/", today.today, name="today"),
    path("l/<slug:library_slug>/search/", site_search.search, name="search"),
    path("l/<slug:library_slug>/settings/api-tokens/", include("allies.api.urls")),
    path("l/<slug:library_slug>/settings/", include("allies.libraries.urls")),
    path("l/<slug:library_slug>/directory/", include("allies.directory.urls")),
    path("l/<slug:library_slug>/partners/", include("allies.partnerships.urls")),
    path("l/<slug:library_slug>/goals/", include("allies.goals.urls")),
    path("l/<slug:library_slug>/connections/", include("allies.connections.urls")),
    path("l/<slug:library_slug>/", include("allies.matching.urls")),
    path("l/<slug:library_slug>/outreach/", include("allies.outreach.urls")),
    path("l/<slug:library_slug>/stewardship/", include("allies.stewardship.urls")),
    path("feeds/", include("allies.stewardship.urls_feeds")),
    path("l/<slug:library_slug>/", include("allies.planning.urls")),
    path("l/<slug:library_slug>/reports/", include("allies.recognition.urls")),
    path("partners/<slug:library_slug>/", include("allies.recognition.urls_public")),
    path("l/<slug:library_slug>/workshop/", include("allies.workshop.urls")),
    path("w/", include("allies.workshop.urls_join")),
    path("api/v1/", api.urls),
    re_path(r"^api/", api_views.not_found),
]

handler404 = "allies.libraries.views.not_found"
handler403 = "allies.libraries.views.forbidden"
handler500 = "allies.libraries.views.server_error"
