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

from allies.libraries.models import Library, Membership, Role, User


class Command(BaseCommand):
    help = "Create an account (or reuse one) and make it a member of a library with a role."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The e-mail address the person signs in with.")
        parser.add_argument("--library", required=True, help="The library's short name (slug).")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--name", default="", help="The person's name.")
        parser.add_argument(
            "--password-from-stdin",
            action="store_true",
            help="Read the password from the first line of standard input.",
        )

    def handle(self, *args, email, library, role, name, password_from_stdin, **options):
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"'{email}' is not an e-mail address.") from None
        found = Library.objects.filter(slug=library).first()
        if found is None:
            raise CommandError(
                f"No library has the short name '{library}'. Create it first with "
                f"`allies createlibrary {library} --name NAME`."
            )
        user = User.objects.filter(email__iexact=email).first()
        if user and Membership.objects.filter(user=user, library=found).exists():
            raise CommandError(
                f"{email} is already a member of {found.name}. Change roles on the Members page."
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
        verb = "Created" if created else "Added existing account"
        self.stdout.write(f"{verb} {email} to {found.name} as {role}.")
        if created and not password:
            self.stdout.write(
                "No password was set. To choose one, open this link within "
                f"{settings.PASSWORD_RESET_TIMEOUT // 86400} days (it works once):\n"
                f"{self._reset_link(user)}\n"
                "Later, 'Forgotten your password?' on the sign-in page sends a new link by e-mail."
            )

    def _password(self, user, from_stdin: bool) -> str | None:
        if from_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise CommandError("Standard input was empty: no password was given.")
        elif sys.stdin.isatty():
            password = getpass.getpass("Password: ")
            if not password:
                return None
            if getpass.getpass("Password again: ") != password:
                raise CommandError("The two passwords are different; nothing was changed.")
        else:
            return None
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise CommandError("Password refused: " + " ".join(error.messages)) from None
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
