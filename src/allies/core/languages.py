"""Which language to speak to whom (docs/translating.md).

- A signed-in member: the language chosen in their profile (`User.language`); empty means the
  browser's, which Django's LocaleMiddleware already picked from the cookie or Accept-Language.
- A visitor of the public partner page: the language they asked for (the footer's switcher or
  their browser), else the library's (`Library.language`).
- The command line: `terminal_language(os.environ)` (ALLIES_LANGUAGE, else the system's locale).
- What Allies sends outside a request (the digest, invitations, the calendar feed, documents for
  partners): `language_for(user, library)`, activated with `translation.override`.
"""

from __future__ import annotations

import copy
from functools import wraps

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import trans_real


def supported(code: str | None) -> str | None:
    """`code` as one of settings.LANGUAGES ("es-MX" is "es"), or None."""
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def terminal_language(environ) -> str | None:
    """The language of the command line: ALLIES_LANGUAGE, else the system's (LANGUAGE, LC_ALL,
    LC_MESSAGES, LANG, as gettext reads them: "es_ES.UTF-8" is "es"), when Allies speaks it."""
    for name in ("ALLIES_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if not value:
            continue
        # The first variable set decides (LANGUAGE may list several, best first).
        for part in value.split(":"):
            found = supported(part.split(".")[0].split("@")[0].replace("_", "-"))
            if found:
                return found
        return None
    return None


def language_for(user=None, library=None) -> str:
    """The language to write to `user` in: theirs, else the library's, else the site's."""
    return (
        supported(getattr(user, "language", ""))
        or supported(getattr(library, "language", ""))
        or settings.LANGUAGE_CODE
    )


def visitor_language(request) -> str | None:
    """The language a visitor asked for (switcher cookie, then Accept-Language), or None.

    Unlike Django's get_language_from_request, no answer falls back to LANGUAGE_CODE: the public
    page then speaks the library's language.
    """
    chosen = supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
    if chosen:
        return chosen
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in trans_real.parse_accept_lang_header(header):
        if code != "*" and supported(code):
            return supported(code)
    return None


def pick_text(main: str, translations: dict | None, language: str, main_language: str) -> str:
    """Public text in `language` when it was written in it, else the main text.

    `main` is written in the library's language (`main_language`); `translations` maps other
    language codes to the same text in that language.
    """
    if language != main_language:
        written = ((translations or {}).get(language) or "").strip()
        if written:
            return written
    return main.strip()


class MemberLanguageMiddleware:
    """After sign-in: a member who chose a language gets it on every page, whatever the browser."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        chosen = supported(getattr(user, "language", "")) if user is not None else None
        if chosen and user.is_authenticated:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        return self.get_response(request)


class TranslationsFormMixin:
    """Public text written in several languages: the model's field holds the library's language,
    a JSON field the others ({"es": "...", "fr": "..."}).

    For each `translated_fields` entry (model field -> its JSON field), the form gets one optional
    field per other language right after it, named `<field>_<code>`. The form's instance must
    have a `library`.
    """

    translated_fields: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        main = self.instance.library.language
        self.other_languages = [code for code, _name in settings.LANGUAGES if code != main]
        fields = {}
        for name, field in self.fields.items():
            fields[name] = field
            if name not in self.translated_fields:
                continue
            written = getattr(self.instance, self.translated_fields[name]) or {}
            label = field.label
            field.label = _("%(field)s, in %(language)s") % {
                "field": label,
                "language": _language_name(main),
            }
            for code in self.other_languages:
                fields[f"{name}_{code}"] = forms.CharField(
                    label=_("%(field)s, in %(language)s (optional)")
                    % {"field": label, "language": _language_name(code)},
                    required=False,
                    max_length=getattr(field, "max_length", None),
                    widget=copy.deepcopy(field.widget),
                    initial=written.get(code, ""),
                )
        self.fields = fields

    def save(self, commit=True):
        for name, store in self.translated_fields.items():
            # A language that is now the library's keeps its text, unseen, for a later change back.
            texts = {
                code: text
                for code, text in (getattr(self.instance, store) or {}).items()
                if code not in self.other_languages
            }
            for code in self.other_languages:
                text = (self.cleaned_data.get(f"{name}_{code}") or "").strip()
                if text:
                    texts[code] = text
            setattr(self.instance, store, texts)
        return super().save(commit)


def _language_name(code: str) -> str:
    return translation.get_language_info(code)["name_translated"]


def in_library_language(view):
    """For a library view (under `library_view`) whose output goes to partners (their impact
    report, a certificate, the annual report): written in the library's language, whoever asks."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        with translation.override(language_for(None, request.library)):
            return view(request, *args, **kwargs)

    return wrapper
