"""Accounts: sign in and out, password reset by e-mail, password change, invitation links."""

from django.contrib.auth import views as auth_views
from django.urls import path

from allies.libraries import views
from allies.libraries.forms import ResetPasswordForm, SignInForm

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="libraries/login.html",
            authentication_form=SignInForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/reset/",
        views.ThrottledPasswordResetView.as_view(
            template_name="libraries/password_reset_form.html",
            email_template_name="libraries/password_reset_email.txt",
            subject_template_name="libraries/password_reset_subject.txt",
            form_class=ResetPasswordForm,
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="libraries/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="libraries/password_reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="libraries/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(template_name="libraries/password_change.html"),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="libraries/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
