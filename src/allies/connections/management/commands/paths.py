"""`allies paths --library SLUG (--to-organization ID | --to-person ID) [--from EMAIL] [--json]`.

Prints the best introduction paths as the member given with --from sees them: shared connections
and their own. Without --from only the shared connections count. Paths start from every staff
member, or from the --from member alone with --only-mine.
"""

import argparse
import json

from django.core.management.base import BaseCommand, CommandError

from allies.connections.paths import MAX_HOPS, MAX_K, introduction_paths
from allies.directory.models import Organization, Person
from allies.libraries.models import Library, User


def bounded(low: int, high: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be from {low} to {high}, not {value}")
        return value

    return parse


class Command(BaseCommand):
    help = "Show who can introduce the library to an organization or a person."

    def add_arguments(self, parser):
        parser.add_argument("--library", required=True, help="The library's short name (slug).")
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--to-organization", type=int, metavar="ID")
        target.add_argument("--to-person", type=int, metavar="ID")
        parser.add_argument(
            "--from",
            dest="viewer",
            metavar="EMAIL",
            help="See the paths as this member does (their private connections count too).",
        )
        parser.add_argument(
            "--only-mine",
            action="store_true",
            help="Only paths that start with the --from member.",
        )
        parser.add_argument("--k", type=bounded(1, MAX_K), default=5, help="How many paths.")
        parser.add_argument(
            "--max-hops", type=bounded(1, MAX_HOPS), default=MAX_HOPS, help="Longest chain."
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, **options):
        library = Library.objects.filter(slug=options["library"]).first()
        if library is None:
            raise CommandError(f"No library with the short name {options['library']!r}.")
        user = None
        if options["viewer"]:
            user = User.objects.filter(
                email__iexact=options["viewer"], memberships__library=library
            ).first()
            if user is None:
                raise CommandError(
                    f"No member of {library.slug} with the e-mail address {options['viewer']!r}."
                )
        elif options["only_mine"]:
            raise CommandError("--only-mine needs --from EMAIL.")
        organization = person = None
        if options["to_organization"] is not None:
            organization = Organization.objects.filter(
                library=library, pk=options["to_organization"]
            ).first()
            if organization is None:
                raise CommandError(
                    f"No organization {options['to_organization']} in {library.slug}."
                )
        else:
            person = Person.objects.filter(library=library, pk=options["to_person"]).first()
            if person is None:
                raise CommandError(f"No person {options['to_person']} in {library.slug}.")
        found = introduction_paths(
            library,
            user,
            organization=organization,
            person=person,
            from_me=options["only_mine"],
            k=options["k"],
            max_hops=options["max_hops"],
        )
        if options["json"]:
            self.stdout.write(json.dumps({"paths": [as_json(path) for path in found.paths]}))
            return
        target = organization or person
        if not found.paths:
            self.stdout.write(
                f"No introduction path to {target} within {options['max_hops']} hops."
            )
        else:
            self.stdout.write(f"Introduction paths to {target}, best first:")
        for number, path in enumerate(found.paths, start=1):
            chain = path.people[0].name
            for person_on_path, link in zip(path.people[1:], path.links, strict=True):
                chain += f" -[{link.kind} {link.strength}]-> {person_on_path.name}"
            weak_one, weak_two, weak_link = path.weakest_link
            self.stdout.write(
                f"{number:>3}. {path.percent:>3}%  {path.hops} hop{'s' if path.hops != 1 else ''}  "
                f"{chain}\n"
                f"     weakest link: {weak_one.name} - {weak_two.name} "
                f"({weak_link.kind}, {weak_link.strength})"
            )
        if found.colleagues_may_help:
            names = sorted(
                {c.display_name for entry in found.colleagues_may_help for c in entry.colleagues}
            )
            self.stdout.write(f"A colleague may be able to help: {', '.join(names)}.")


def as_json(path) -> dict:
    return {
        "score": path.score,
        "hops": path.hops,
        "people": [{"id": person.id, "name": person.name} for person in path.people],
        "links": [{"kind": link.kind, "strength": link.strength} for link in path.links],
    }
