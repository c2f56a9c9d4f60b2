"""`allies createlibrary SLUG --name NAME [--city CITY]`: add a library to this deployment."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_slug

from allies.libraries.models import Library


class Command(BaseCommand):
    help = "Create a library. Then add its first owner with `allies createuser`."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Short name for web addresses, e.g. riverton.")
        parser.add_argument("--name", required=True, help="The library's full name.")
        parser.add_argument("--city", default="", help="City or town.")

    def handle(self, *args, slug, name, city, **options):
        slug = slug.strip()
        max_length = Library._meta.get_field("slug").max_length
        try:
            validate_slug(slug)
        except ValidationError:
            raise CommandError(
                f"'{slug}' cannot be used in web addresses: use lower-case letters, digits and "
                "hyphens, for example 'riverton' or 'north-county'."
            ) from None
        if slug != slug.lower():
            raise CommandError(f"Use lower case for the short name: '{slug.lower()}'.")
        if len(slug) > max_length:
            raise CommandError(f"The short name is too long: at most {max_length} characters.")
        if not name.strip():
            raise CommandError("Give the library's name with --name.")
        if Library.objects.filter(slug=slug).exists():
            raise CommandError(f"A library with the short name '{slug}' already exists.")
        library = Library.objects.create(slug=slug, name=name.strip(), city=city.strip())
        self.stdout.write(
            f"Created {library.name} at {settings.SITE_URL}/l/{library.slug}/\n"
            f"Next: allies createuser EMAIL --library {library.slug} --role owner"
        )
