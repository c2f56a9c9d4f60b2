from django.urls import path

from allies.matching import brokering_views, landscape_views, ranking_views, views

app_name = "matching"
urlpatterns = [
    path(
        "matching/organizations/<int:organization_id>/questions/",
        views.questions,
        name="questions",
    ),
    path("matching/weights/", views.weights, name="weights"),
    path("matching/landscape/", landscape_views.landscape_view, name="landscape"),
    # Ranking and brokering for a goal, at the goal's own address.
    path("goals/<int:pk>/rank/", ranking_views.goal_rank, name="goal_rank"),
    path(
        "goals/<int:goal_id>/rank/<int:organization_id>/prospect/",
        ranking_views.add_prospect,
        name="add_prospect",
    ),
    path(
        "goals/<int:goal_id>/candidates/<int:organization_id>/questions/",
        ranking_views.candidate_questions,
        name="candidate_questions",
    ),
    path(
        "goals/<int:goal_id>/rank/<int:organization_id>/mark/",
        ranking_views.mark_candidate,
        name="mark_candidate",
    ),
    path(
        "goals/<int:goal_id>/rank/<int:organization_id>/unmark/",
        ranking_views.unmark_candidate,
        name="unmark_candidate",
    ),
    path("goals/<int:pk>/rank/kinds/", ranking_views.goal_kinds, name="goal_kinds"),
    path("goals/<int:pk>/rank/names/", ranking_views.goal_names, name="goal_names"),
    path("goals/<int:pk>/brokering/", brokering_views.brokering, name="goal_brokering"),
    path("goals/<int:pk>/brokering/introduce/", brokering_views.introduce, name="goal_introduce"),
]
