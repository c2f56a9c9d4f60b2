"""Introduction paths for the app: the library's connection graph loaded from the database, cached.

The engine (`connections/graph.py`) answers path queries on arrays. This module loads those arrays
for one library in bulk, keeps the built graph per process with the `GraphVersion` it was built
from, and rebuilds it when the version has moved, so no answer is stale after an edit. Sources
(the staff) and targets (the people at an organization) are read fresh on every query: they are
small, and reading them avoids a second cache to keep current.

Privacy: a viewer sees the paths made of shared links and of links they recorded. Paths that need
another member's private link are reported only as "a colleague may be able to help", naming the
colleague who holds the link and nothing about the people or links on the way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from allies.connections.graph import NO_OWNER, ConnectionGraph, Path
from allies.connections.models import KIND_CODES, KINDS_BY_CODE, Connection, GraphVersion
from allies.core.versioned_cache import VersionedCache
from allies.directory.models import Affiliation, Person
from allies.libraries.models import User

MAX_K = 10
MAX_HOPS = 4


def graph_version(library) -> int:
    """The library's graph version: one cheap query, made before every path query."""
    version = (
        GraphVersion.objects.filter(library_id=library.pk).values_list("version", flat=True).first()
    )
    return version or 0


def build_graph(library) -> ConnectionGraph:
    """Load every connection of the library into the engine in one query."""
    rows = list(
        Connection.objects.filter(library_id=library.pk)
        .order_by()
        .values_list("person_a_id", "person_b_id", "strength", "kind", "shared", "recorded_by_id")
    )
    count = len(rows)
    a = np.fromiter((row[0] for row in rows), dtype=np.int64, count=count)
    b = np.fromiter((row[1] for row in rows), dtype=np.int64, count=count)
    strength = np.fromiter((row[2] for row in rows), dtype=np.int64, count=count)
    kind = np.fromiter((KIND_CODES.get(row[3], 0) for row in rows), dtype=np.int64, count=count)
    owner = np.fromiter(
        (NO_OWNER if row[4] else row[5] for row in rows), dtype=np.int64, count=count
    )
    return ConnectionGraph.from_arrays(a, b, strength, kind, owner)


_graphs: VersionedCache[ConnectionGraph] = VersionedCache(graph_version, build_graph)


def library_graph(library) -> ConnectionGraph:
    """The library's graph, rebuilt when its version has moved since this process built it."""
    return _graphs.get(library)


def forget_graphs() -> None:
    """Drop every cached graph (tests; a process that wants its memory back)."""
    _graphs.clear()


def staff_people(library) -> list[int]:
    """The person ids of the library's members: people linked to an account that is a member."""
    return list(
        Person.objects.filter(library=library, user__memberships__library=library)
        .order_by()
        .values_list("pk", flat=True)
        .distinct()
    )


def my_people(library, user) -> list[int]:
    if user is None:
        return []
    return list(Person.objects.filter(library=library, user=user).values_list("pk", flat=True))


def organization_people(organization) -> list[int]:
    """Everyone with a current affiliation to the organization."""
    return list(
        Affiliation.objects.current()
        .filter(organization=organization)
        .order_by()
        .values_list("person_id", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class PathPerson:
    id: int
    name: str
    is_staff: bool = False
    role: str = ""


@dataclass(frozen=True)
class PathLink:
    kind: str
    kind_label: str
    strength: int
    shared: bool = True  # False: a link the viewer recorded and has not shared


@dataclass(frozen=True)
class IntroductionPath:
    """One chain of people from a staff member to the target, as the viewer may see it."""

    people: tuple[PathPerson, ...]
    links: tuple[PathLink, ...]
    score: float
    weakest: int

    @property
    def hops(self) -> int:
        return len(self.links)

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    @property
    def steps(self) -> list[tuple[PathPerson, PathLink | None]]:
        """Each person with the link that leads to the next one (None for the last)."""
        return [
            (person, self.links[index] if index < len(self.links) else None)
            for index, person in enumerate(self.people)
        ]

    @property
    def uses_private(self) -> bool:
        """True when a link on the way is one the viewer keeps private."""
        return not all(link.shared for link in self.links)

    @property
    def weakest_link(self) -> tuple[PathPerson, PathPerson, PathLink]:
        return self.people[self.weakest], self.people[self.weakest + 1], self.links[self.weakest]


@dataclass(frozen=True)
class ColleagueHelp:
    """Some better path needs private links that these colleagues keep. Nothing else is said."""

    colleagues: tuple[User, ...]


@dataclass
class IntroductionPaths:
    paths: list[IntroductionPath] = field(default_factory=list)
    colleagues_may_help: list[ColleagueHelp] = field(default_factory=list)
    sources: int = 0
    targets: int = 0


def introduction_paths(
    library,
    user,
    *,
    organization=None,
    person=None,
    from_me: bool = False,
    k: int = 5,
    max_hops: int = MAX_HOPS,
) -> IntroductionPaths:
    """The k best introduction paths to an organization or a person, as `user` may see them.

    `user` None sees only shared connections (the command line without --from). The colleague
    entries list private paths better than the worst visible one (or any, when fewer than k are
    visible); each names only the colleagues whose private links it needs.
    """
    if (organization is None) == (person is None):
        raise ValueError("Give exactly one of organization or person.")
    k = max(1, min(int(k), MAX_K))
    max_hops = max(1, min(int(max_hops), MAX_HOPS))
    targets = organization_people(organization) if organization is not None else [person.pk]
    sources = my_people(library, user) if from_me else staff_people(library)
    target_set = set(targets)
    sources = sorted(set(sources) - target_set)
    result = IntroductionPaths(sources=len(sources), targets=len(targets))
    if not sources or not targets:
        return result
    graph = library_graph(library)
    viewer = user.pk if user is not None else None
    visible = direct_paths(graph, sources, targets, viewer=viewer, k=k, max_hops=max_hops)
    result.paths = describe(visible, organization=organization)
    if viewer is not None:
        hidden = direct_paths(
            graph, sources, targets, viewer=viewer, k=k, max_hops=max_hops, others_private=True
        )
        result.colleagues_may_help = colleague_entries(library, visible, hidden, viewer, k)
    return result


def direct_paths(graph: ConnectionGraph, sources, targets, *, k: int, **options) -> list[Path]:
    """The k best paths that start at the last staff member on the way.

    A chain that passes through another staff member is that colleague's own path made longer
    (and weaker): it is left out, and the engine is asked for more until k remain or none are left.
    """
    staff = set(sources)
    wanted = k
    while True:
        found = graph.paths(sources, targets, k=wanted, **options)
        kept = [path for path in found if not staff.intersection(path.people[1:-1])]
        if len(kept) >= k or len(found) < wanted or wanted >= k * 64:
            return kept[:k]
        wanted *= 4


def describe(found: list[Path], *, organization=None) -> list[IntroductionPath]:
    """Turn engine paths into people with names and links with kind labels (two queries)."""
    ids = {person_id for path in found for person_id in path.people}
    if not ids:
        return []
    people = {
        pk: (name, user_id is not None)
        for pk, name, user_id in Person.objects.filter(pk__in=ids).values_list(
            "pk", "name", "user_id"
        )
    }
    roles: dict[int, str] = {}
    if organization is not None:
        for person_id, role in (
            Affiliation.objects.current()
            .filter(organization=organization, person_id__in=ids)
            .values_list("person_id", "role")
        ):
            roles.setdefault(person_id, role or str(organization))
    described = []
    for path in found:
        described.append(
            IntroductionPath(
                people=tuple(
                    PathPerson(
                        id=pk,
                        name=people.get(pk, ("?", False))[0],
                        is_staff=people.get(pk, ("?", False))[1],
                        role=roles.get(pk, "") if index == len(path.people) - 1 else "",
                    )
                    for index, pk in enumerate(path.people)
                ),
                links=tuple(
                    PathLink(
                        kind=KINDS_BY_CODE[code].value,
                        kind_label=str(KINDS_BY_CODE[code].label),
                        strength=int(strength),
                        shared=int(owner) == NO_OWNER,
                    )
                    for code, strength, owner in zip(
                        path.kinds, path.strengths, path.owners, strict=True
                    )
                ),
                score=float(path.score),
                weakest=int(path.weakest),
            )
        )
    return described


def colleague_entries(
    library, visible: list[Path], hidden: list[Path], viewer: int, k: int
) -> list[ColleagueHelp]:
    """One entry per set of colleagues whose private links some better path needs, best first."""
    worst = min((path.score for path in visible), default=0.0)
    wanted: list[frozenset[int]] = []
    for path in hidden:
        keepers = frozenset(owner for owner in path.owners if owner not in (NO_OWNER, viewer))
        if not keepers:
            continue
        if len(visible) >= k and path.score <= worst:
            continue
        if keepers not in wanted:
            wanted.append(keepers)
    if not wanted:
        return []
    members = {
        user.pk: user
        for user in User.objects.filter(
            pk__in=set().union(*wanted), memberships__library=library
        ).distinct()
    }
    entries = []
    for keepers in wanted:
        if not keepers <= members.keys():
            continue  # someone who has left the library cannot be asked
        colleagues = sorted((members[pk] for pk in keepers), key=lambda user: user.display_name)
        entries.append(ColleagueHelp(colleagues=tuple(colleagues)))
    return entries
