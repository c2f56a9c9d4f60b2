"""Allies' URLs plus the bare Django list view `allies bench load` compares against."""

from django.urls import path

from allies.directory.benchmarks.pages_bench import baseline_view
from allies.urls import urlpatterns as allies_urlpatterns

urlpatterns = [*allies_urlpatterns, path("bench/baseline/<int:library_id>/", baseline_view)]

handler404 = "allies.libraries.views.not_found"
handler403 = "allies.libraries.views.forbidden"
handler500 = "allies.libraries.views.server_error"
