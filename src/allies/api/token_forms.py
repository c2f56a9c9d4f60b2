"""The form that makes a personal access token."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from allies.api.models import ApiToken

ACCESS_CHOICES = [
    ("read", _("Read only: it can read records, never change them")),
    ("write", _("Read and write: it can do what you can do on the pages")),
]
LONGEST_DAYS = 5 * 366


class TokenForm(forms.ModelForm):
    access = forms.ChoiceField(
        label=_("What may it do?"),
        choices=ACCESS_CHOICES,
        initial="read",
        widget=forms.RadioSelect,
        help_text=_("Give a tool only what it needs: most tools only read."),
    )

    class Meta:
        model = ApiToken
        fields = ["name", "access", "expires_on"]
        widgets = {"expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "expires_on": _(
                "It stops working after this day. Leave empty to keep it until revoked."
            )
        }
        error_messages = {"name": {"required": _("Give the token a name.")}}

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Give the token a name."))
        return name

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if day is not None and day < today:
            raise forms.ValidationError(_("Choose today or a day to come."))
        if day is not None and day > today + datetime.timedelta(days=LONGEST_DAYS):
            raise forms.ValidationError(_("Choose a day within five years, or leave it empty."))
        return day

    def issue(self, *, library, user) -> tuple[ApiToken, str]:
        """Make the token; returns (token, secret). The secret is shown once."""
        data = self.cleaned_data
        return ApiToken.issue(
            library=library,
            user=user,
            name=data["name"],
            can_write=data["access"] == "write",
            expires_on=data["expires_on"],
        )
