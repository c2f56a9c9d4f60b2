"""`allies createuser EMAIL --library SLUG --role ROLE`: give someone access to a library.

The password comes from standard input (--password-from-stdin), from a prompt when run in a
terminal, or not at all: then the account gets no usable password and the command prints a
one-time link to choose one (valid for PASSWORD_RESET_TIMEOUT), which is what a script needs.
"""

import getpass
import sys

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from allies.libraries.models import Library, Membership, Role, User


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a property: argparse takes only a real str as its description
        return _("Create an account (or reuse one) and make it a member of a library with a role.")

    def add_arguments(self, parser):
        parser.add_argument(
            "email", help=gettext_lazy("The e-mail address the person signs in with.")
        )
        parser.add_argument(
            "--library", required=True, help=gettext_lazy("The library's short name (slug).")
        )
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--name", default="", help=gettext_lazy("The person's name."))
        parser.add_argument(
            "--password-from-stdin",
            action="store_true",
            help=gettext_lazy("Read the password from the first line of standard input."),
        )

    def handle(self, *args, email, library, role, name, password_from_stdin, **options):
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(
                _("'%(email)s' is not an e-mail address.") % {"email": email}
            ) from None
        found = Library.objects.filter(slug=library).first()
        if found is None:
            raise CommandError(
                _(
                    "No library has the short name '%(slug)s'. Create it first with "
                    "`allies createlibrary %(slug)s --name NAME`."
                )
                % {"slug": library}
            )
        user = User.objects.filter(email__iexact=email).first()
        if user and Membership.objects.filter(user=user, library=found).exists():
            raise CommandError(
                _("%(email)s is already a member of %(library)s. Change roles on the Members page.")
                % {"email": email, "library": found.name}
            )
        password = self._password(user or User(email=email, full_name=name), password_from_stdin)
        with transaction.atomic():
            created = user is None
            if created:
                user = User.objects.create_user(email, password, full_name=name.strip())
            else:
                if name.strip():
                    user.full_name = name.strip()
                if password:
                    user.set_password(password)
                user.save()
            Membership.objects.create(user=user, library=found, role=role)
        if created:
            done = _("Created %(email)s to %(library)s as %(role)s.")
        else:
            done = _("Added existing account %(email)s to %(library)s as %(role)s.")
        self.stdout.write(done % {"email": email, "library": found.name, "role": role})
        if created and not password:
            days = settings.PASSWORD_RESET_TIMEOUT // 86400
            self.stdout.write(
                ngettext(
                    "No password was set. To choose one, open this link within %(days)s days "
                    "(it works once):\n%(link)s\nLater, 'Forgotten your password?' on the sign-in "
                    "page sends a new link by e-mail.",
                    "No password was set. To choose one, open this link within %(days)s days "
                    "(it works once):\n%(link)s\nLater, 'Forgotten your password?' on the sign-in "
                    "page sends a new link by e-mail.",
                    days,
                )
                % {"days": days, "link": self._reset_link(user)}
            )

    def _password(self, user, from_stdin: bool) -> str | None:
        if from_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise CommandError(_("Standard input was empty: no password was given."))
        elif sys.stdin.isatty():
            password = getpass.getpass(_("Password: "))
            if not password:
                return None
            if getpass.getpass(_("Password again: ")) != password:
                raise CommandError(_("The two passwords are different; nothing was changed."))
        else:
            return None
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise CommandError(
                _("Password refused: %(reasons)s") % {"reasons": " ".join(error.messages)}
            ) from None
        return password

    @staticmethod
    def _reset_link(user) -> str:
        path = reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        return settings.SITE_URL + path
