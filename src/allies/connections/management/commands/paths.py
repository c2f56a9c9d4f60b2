"""`allies paths --library SLUG (--to-organization ID | --to-person ID) [--from EMAIL] [--json]`.

Prints the best introduction paths as the member given with --from sees them: shared connections
and their own. Without --from only the shared connections count. Paths start from every staff
member, or from the --from member alone with --only-mine.
"""

import argparse
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from allies.connections.paths import MAX_HOPS, MAX_K, introduction_paths
from allies.directory.models import Organization, Person
from allies.libraries.models import Library, User


def bounded(low: int, high: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                _("%(text)r is not a whole number") % {"text": text}
            ) from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                _("must be from %(low)s to %(high)s, not %(value)s")
                % {"low": low, "high": high, "value": value}
            )
        return value

    return parse


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a property: argparse takes only a real str as its description
        return _("Show who can introduce the library to an organization or a person.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--library", required=True, help=gettext_lazy("The library's short name (slug).")
        )
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--to-organization", type=int, metavar="ID")
        target.add_argument("--to-person", type=int, metavar="ID")
        parser.add_argument(
            "--from",
            dest="viewer",
            metavar="EMAIL",
            help=gettext_lazy(
                "See the paths as this member does (their private connections count too)."
            ),
        )
        parser.add_argument(
            "--only-mine",
            action="store_true",
            help=gettext_lazy("Only paths that start with the --from member."),
        )
        parser.add_argument(
            "--k", type=bounded(1, MAX_K), default=5, help=gettext_lazy("How many paths.")
        )
        parser.add_argument(
            "--max-hops",
            type=bounded(1, MAX_HOPS),
            default=MAX_HOPS,
            help=gettext_lazy("Longest chain."),
        )
        parser.add_argument(
            "--json", action="store_true", help=gettext_lazy("Print one JSON object.")
        )

    def handle(self, *args, **options):
        library = Library.objects.filter(slug=options["library"]).first()
        if library is None:
            raise CommandError(
                _("No library with the short name %(slug)r.") % {"slug": options["library"]}
            )
        user = None
        if options["viewer"]:
            user = User.objects.filter(
                email__iexact=options["viewer"], memberships__library=library
            ).first()
            if user is None:
                raise CommandError(
                    _("No member of %(library)s with the e-mail address %(email)r.")
                    % {"library": library.slug, "email": options["viewer"]}
                )
        elif options["only_mine"]:
            raise CommandError(_("--only-mine needs --from EMAIL."))
        organization = person = None
        if options["to_organization"] is not None:
            organization = Organization.objects.filter(
                library=library, pk=options["to_organization"]
            ).first()
            if organization is None:
                raise CommandError(
                    _("No organization %(id)s in %(library)s.")
                    % {"id": options["to_organization"], "library": library.slug}
                )
        else:
            person = Person.objects.filter(library=library, pk=options["to_person"]).first()
            if person is None:
                raise CommandError(
                    _("No person %(id)s in %(library)s.")
                    % {"id": options["to_person"], "library": library.slug}
                )
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
                ngettext(
                    "No introduction path to %(target)s within %(hops)s hops.",
                    "No introduction path to %(target)s within %(hops)s hops.",
                    options["max_hops"],
                )
                % {"target": target, "hops": options["max_hops"]}
            )
        else:
            self.stdout.write(
                _("Introduction paths to %(target)s, best first:") % {"target": target}
            )
        for number, path in enumerate(found.paths, start=1):
            chain = path.people[0].name
            for person_on_path, link in zip(path.people[1:], path.links, strict=True):
                chain += f" -[{link.kind} {link.strength}]-> {person_on_path.name}"
            weak_one, weak_two, weak_link = path.weakest_link
            hops = ngettext("%(hops)s hop", "%(hops)s hops", path.hops) % {"hops": path.hops}
            weakest = _("weakest link: %(one)s - %(two)s (%(kind)s, %(strength)s)") % {
                "one": weak_one.name,
                "two": weak_two.name,
                "kind": weak_link.kind,
                "strength": weak_link.strength,
            }
            self.stdout.write(f"{number:>3}. {path.percent:>3}%  {hops}  {chain}\n     {weakest}")
        if found.colleagues_may_help:
            names = sorted(
                {c.display_name for entry in found.colleagues_may_help for c in entry.colleagues}
            )
            self.stdout.write(
                _("A colleague may be able to help: %(names)s.") % {"names": ", ".join(names)}
            )


def as_json(path) -> dict:
    return {
        "score": path.score,
        "hops": path.hops,
        "people": [{"id": person.id, "name": person.name} for person in path.people],
        "links": [{"kind": link.kind, "strength": link.strength} for link in path.links],
    }
