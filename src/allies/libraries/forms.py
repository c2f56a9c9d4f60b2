"""Forms for signing in, invitations, members, the library profile and its branches."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from allies.core.concurrency import EditConflictMixin
from allies.core.languages import supported
from allies.libraries import throttling
from allies.libraries.models import Branch, Invitation, Library, Membership, Role, User
from allies.libraries.zipcodes import ZipError, mend_zip


class SignInForm(AuthenticationForm):
    """E-mail and password. E-mail addresses are stored in lower case, so any case signs in."""

    error_messages = {
        "invalid_login": _(
            "The e-mail address or password is not right. Check both and try again, or reset "
            "your password."
        ),
        "inactive": _("This account has been switched off. Ask your library's owner for help."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("E-mail address")
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "email", "autofocus": True, "maxlength": 254}
        )
        self.fields["password"].label = _("Password")

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()

    def clean(self):
        """Refuse while too many wrong passwords were typed (the same words for any address)."""
        email = self.cleaned_data.get("username") or ""
        if self.request is not None:
            wait = throttling.sign_in_wait(self.request, email)
            if wait:
                raise forms.ValidationError(throttling.wait_message(wait), code="locked")
        try:
            return super().clean()
        except forms.ValidationError as error:
            if self.request is not None and error.code in ("invalid_login", "inactive"):
                throttling.record_sign_in_failure(self.request, email)
            raise


class ResetPasswordForm(PasswordResetForm):
    """Also reaches accounts created without a password (`allies createuser` without a TTY).

    At most a few links an hour per e-mail address and per network address; the view passes the
    request (`form.request`) so that the limit can be counted.
    """

    request = None

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if self.request is not None:
            wait = throttling.password_reset_wait(self.request, email)
            if wait:
                raise forms.ValidationError(throttling.wait_message(wait), code="throttled")
        return email

    def get_users(self, email):
        return User.objects.filter(email__iexact=email.strip(), is_active=True)

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        """In the account's language (else the page's, where the link was asked for)."""
        language = supported(context["user"].language) or translation.get_language()
        with translation.override(language):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class ProfileForm(forms.ModelForm):
    """A member's own name and language."""

    class Meta:
        model = User
        fields = ["full_name", "language"]
        labels = {"full_name": _("Your name"), "language": _("Language")}


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "role"]
        labels = {"email": _("Their e-mail address"), "role": _("Role")}
        help_texts = {
            "email": _("We send the invitation to this address. They sign in with it."),
        }
        widgets = {"role": forms.RadioSelect}

    def __init__(self, *args, library: Library, **kwargs):
        super().__init__(*args, **kwargs)
        self.library = library

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if Membership.objects.filter(library=self.library, user__email=email).exists():
            raise forms.ValidationError(_("This person is already a member of this library."))
        open_invitation = Invitation.objects.filter(
            library=self.library, email=email, accepted_at=None, revoked_at=None
        )
        if open_invitation.exists():
            raise forms.ValidationError(
                _(
                    "This person already has an open invitation. Use ‘Send again’ on the "
                    "members page instead."
                )
            )
        return email


class JoinForm(forms.Form):
    """Name and password for someone who opens an invitation and has no account yet."""

    full_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("As your colleagues know you, for example ‘Maria Lopez’."),
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters; not only digits and not a common password."),
    )
    password2 = forms.CharField(
        label=_("Type the password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are different. Type them again."))
        elif first:
            candidate = User(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(first, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


def clean_state(value: str) -> str:
    state = value.strip().upper()
    if state and not (len(state) == 2 and state.isalpha()):
        raise forms.ValidationError(_("Enter the state's two-letter code, for example VT."))
    return state


def clean_zip_code(value: str) -> str:
    """Five digits (or ZIP+4); four digits are taken as a ZIP that lost its leading zero, as the
    importer takes them (one rule: allies.libraries.zipcodes)."""
    try:
        return mend_zip(value)[0]
    except ZipError:
        raise forms.ValidationError(
            _("Enter a ZIP code of five digits, for example 05602."), code="invalid"
        ) from None


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class LibraryProfileForm(EditConflictMixin, forms.ModelForm):
    # Longer than the column so that 'Vermont' gets the message below, not a length error.
    state = forms.CharField(
        label=_("State"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"size": 3, "autocomplete": "address-level1"}),
    )

    class Meta:
        model = Library
        fields = [
            "name",
            "city",
            "state",
            "zip_code",
            "language",
            "mission",
            "vision",
            "community_served",
        ]
        labels = {"name": _("Library name")}
        help_texts = {
            "mission": _("What the library exists to do, in a sentence or two."),
            "vision": _("The community the library wants to help bring about."),
        }
        widgets = {
            "mission": forms.Textarea(attrs={"rows": 3}),
            "vision": forms.Textarea(attrs={"rows": 3}),
            "community_served": forms.Textarea(attrs={"rows": 4}),
            "zip_code": forms.TextInput(
                attrs={"inputmode": "numeric", "size": 10, "autocomplete": "postal-code"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A form sent without it (an older page still open) keeps the library's language.
        self.fields["language"].required = False

    def clean_language(self) -> str:
        return self.cleaned_data["language"] or self.instance.language

    def clean_state(self) -> str:
        return clean_state(self.cleaned_data["state"])

    def clean_zip_code(self) -> str:
        return clean_zip_code(self.cleaned_data["zip_code"])


class BranchForm(EditConflictMixin, forms.ModelForm):
    class Meta:
        model = Branch
        fields = ["name", "address", "city", "zip_code"]
        widgets = {
            "zip_code": forms.TextInput(
                attrs={"inputmode": "numeric", "size": 10, "autocomplete": "postal-code"}
            ),
        }

    def clean_zip_code(self) -> str:
        return clean_zip_code(self.cleaned_data["zip_code"])

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        others = Branch.objects.filter(library=self.instance.library, name__iexact=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("This library already has a branch with this name."))
        return name
