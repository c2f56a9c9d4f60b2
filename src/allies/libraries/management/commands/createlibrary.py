"""`allies createlibrary SLUG --name NAME [--city CITY]`: add a library to this deployment."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_slug
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from allies.libraries.models import Library


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a property: argparse takes only a real str as its description
        return _("Create a library. Then add its first owner with `allies createuser`.")

    def add_arguments(self, parser):
        parser.add_argument(
            "slug", help=gettext_lazy("Short name for web addresses, e.g. riverton.")
        )
        parser.add_argument("--name", required=True, help=gettext_lazy("The library's full name."))
        parser.add_argument("--city", default="", help=gettext_lazy("City or town."))

    def handle(self, *args, slug, name, city, **options):
        slug = slug.strip()
        max_length = Library._meta.get_field("slug").max_length
        try:
            validate_slug(slug)
        except ValidationError:
            raise CommandError(
                _(
                    "'%(slug)s' cannot be used in web addresses: use lower-case letters, digits "
                    "and hyphens, for example 'riverton' or 'north-county'."
                )
                % {"slug": slug}
            ) from None
        if slug != slug.lower():
            raise CommandError(
                _("Use lower case for the short name: '%(slug)s'.") % {"slug": slug.lower()}
            )
        if len(slug) > max_length:
            raise CommandError(
                ngettext(
                    "The short name is too long: at most %(limit)s characters.",
                    "The short name is too long: at most %(limit)s characters.",
                    max_length,
                )
                % {"limit": max_length}
            )
        if not name.strip():
            raise CommandError(_("Give the library's name with --name."))
        if Library.objects.filter(slug=slug).exists():
            raise CommandError(
                _("A library with the short name '%(slug)s' already exists.") % {"slug": slug}
            )
        library = Library.objects.create(slug=slug, name=name.strip(), city=city.strip())
        self.stdout.write(
            _(
                "Created %(name)s at %(url)s\n"
                "Next: allies createuser EMAIL --library %(slug)s --role owner"
            )
            % {
                "name": library.name,
                "url": f"{settings.SITE_URL}/l/{library.slug}/",
                "slug": library.slug,
            }
        )
