"""Every answer the API gives when it refuses: JSON with a sentence a person can act on and, for
bad input, each field in error. Never a traceback, never an HTML page.

    {"detail": "Enter the organization's name.", "errors": [{"field": "name", "message": "..."}]}
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.forms.forms import NON_FIELD_ERRORS
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

logger = logging.getLogger("allies.api")


class FieldError(Schema):
    field: str | None
    message: str


class Error(Schema):
    """What a refusal says: `detail` for a person, `errors` per field (empty when none applies)."""

    detail: str
    errors: list[FieldError] = []


class ApiError(Exception):
    """Raised by an endpoint to answer `status` with `detail` (and field errors, headers)."""

    def __init__(self, status: int, detail: str, *, errors=(), headers: dict | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = str(detail)
        self.errors = list(errors)
        self.headers = headers or {}

    def response(self) -> JsonResponse:
        return error_response(self.status, self.detail, self.errors, self.headers)


def error_response(status: int, detail: str, errors=(), headers: dict | None = None):
    response = JsonResponse(
        {"detail": str(detail), "errors": [dict(error) for error in errors]}, status=status
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def form_errors(form) -> list[dict]:
    """A bound, invalid Django form's errors, field by field (None for the whole record)."""
    return [
        {"field": None if name == NON_FIELD_ERRORS else name, "message": str(message)}
        for name, messages in form.errors.items()
        for message in messages
    ]


def invalid(errors: list[dict]) -> ApiError:
    """400 for input that breaks a rule: one error is the detail itself; several are counted."""
    if len(errors) == 1:
        detail = errors[0]["message"]
    else:
        detail = ngettext(
            "%(count)d field needs attention: see errors.",
            "%(count)d fields need attention: see errors.",
            len(errors),
        ) % {"count": len(errors)}
    return ApiError(400, detail, errors=errors)


def _location(loc) -> str | None:
    """ninja's ("body", "payload", "name") or ("query", "limit") as the field's own name."""
    parts = [str(part) for part in loc[1:] if part not in ("payload", "filters")]
    return ".".join(parts) or None


def _schema_error(error: dict) -> dict:
    kind = error.get("type", "")
    limits = error.get("ctx") or {}
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = next(iter(limits.values()), "")
        message = {
            "greater_than_equal": _("Enter a value of at least %(bound)s."),
            "greater_than": _("Enter a value above %(bound)s."),
            "less_than_equal": _("Enter a value of at most %(bound)s."),
            "less_than": _("Enter a value below %(bound)s."),
        }[kind] % {"bound": bound}
        return {"field": _location(error.get("loc", ())), "message": message}
    if kind == "string_too_long":
        message = _("Enter at most %(count)s characters.") % {"count": limits.get("max_length", "")}
        return {"field": _location(error.get("loc", ())), "message": message}
    if kind == "missing":
        message = _("This field is required.")
    elif kind.startswith(("int", "float")):
        message = _("Enter a whole number in range.")
    elif kind.startswith(("date", "datetime")):
        message = _("Enter a real date as YYYY-MM-DD (or a moment as 2026-05-01T09:00:00Z).")
    elif kind.startswith("bool"):
        message = _("Enter true or false.")
    elif kind == "ntee_kind":
        message = _("Give an NTEE major group (a letter: L) or code (L21).")
    elif kind == "name_phrases":
        message = _("Give at most %(most)s alternatives, separated by commas.") % {
            "most": limits.get("most", "")
        }
    elif kind in ("enum", "literal_error"):
        message = _("Choose one of the values listed in the API description.")
    elif kind.startswith("string") or kind.startswith("str"):
        message = _("Enter text.")
    elif kind.startswith(("list", "too_long", "too_short")):
        message = _("Enter a list of the size the API description allows.")
    elif kind.startswith(("model", "dict")):
        message = _("Send a JSON object with the fields the API description lists.")
    else:
        message = _("This value is not valid here.")
    return {"field": _location(error.get("loc", ())), "message": message}


def install(api) -> None:
    """Answer every refusal of `api` in the shape of `Error`."""

    @api.exception_handler(ApiError)
    def api_error(request, exc: ApiError):
        return error_response(exc.status, exc.detail, exc.errors, exc.headers)

    @api.exception_handler(ValidationError)
    def schema_error(request, exc: ValidationError):
        return invalid([_schema_error(error) for error in exc.errors]).response()

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return error_response(
            401,
            _("Send a valid token: Authorization: Bearer <token>."),
            headers={"WWW-Authenticate": 'Bearer realm="allies"'},
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if exc.status_code == 400:  # ninja could not read the body as JSON
            return error_response(400, _("The request body is not valid JSON (UTF-8)."))
        return error_response(exc.status_code, str(exc))

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return error_response(404, _("Nothing with this id in your library."))

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return error_response(403, _("Your token may not do this."))

    @api.exception_handler(Exception)
    def unexpected(request, exc):
        logger.exception("API error on %s %s", request.method, request.path)
        return error_response(
            500, _("Something went wrong on our side; it was logged. Try again later.")
        )
