"""The library's settings: profile, branches, members and invitations (under /l/<slug>/settings/)."""

from django.urls import path

from allies.libraries import views

app_name = "libraries"
urlpatterns = [
    path("", views.settings_page, name="settings"),
    path("edit/", views.settings_edit, name="settings_edit"),
    path("branches/add/", views.branch_add, name="branch_add"),
    path("branches/<int:pk>/", views.branch_edit, name="branch_edit"),
    path("branches/<int:pk>/remove/", views.branch_remove, name="branch_remove"),
    path("my-profile/", views.my_profile, name="my_profile"),
    path("members/", views.members, name="members"),
    path("members/invite/", views.invite, name="invite"),
    path("members/<int:pk>/role/", views.member_role, name="member_role"),
    path("members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("invitations/<int:pk>/resend/", views.invitation_resend, name="invitation_resend"),
]
