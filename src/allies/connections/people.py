"""Staff members are people too: the directory Person that stands for a member in a library."""

from __future__ import annotations

from django.db.models import Prefetch, Q

from allies.connections.models import Connection
from allies.directory.models import Affiliation, Person


def person_for(user, library) -> Person:
    """The Person linked to this user in this library, created (or linked by e-mail) when missing."""
    person = Person.objects.filter(library=library, user=user).order_by("id").first()
    if person is not None:
        return person
    if user.email:
        person = (
            Person.objects.filter(library=library, user__isnull=True, email__iexact=user.email)
            .order_by("id")
            .first()
        )
        if person is not None:
            person.user = user
            person.save(update_fields=["user", "updated_at"])
            return person
    return Person.objects.create(
        library=library, name=user.full_name or user.display_name, email=user.email, user=user
    )


def matching(library, query: str, limit: int = 10, exclude=()) -> list[Person]:
    """A short list of directory people matching `query` (two letters or more), each with its
    `current_affiliations`, for the type-ahead of the worksheet and the add-a-connection form."""
    if len(query) < 2:
        return []
    current = Affiliation.objects.current().select_related("organization")
    return list(
        Person.objects.filter(library=library)
        .exclude(pk__in=exclude)
        .search(query)
        .prefetch_related(Prefetch("affiliations", current, to_attr="current_affiliations"))[:limit]
    )


def current_people_ids(organization) -> set[int]:
    """The people with a current affiliation to this organization."""
    return set(
        Affiliation.objects.current()
        .filter(organization=organization)
        .values_list("person_id", flat=True)
    )


def distances(connections, start: set[int], hops: int) -> dict[int, int]:
    """How many links separate each person from the start set, following these connections."""
    neighbours: dict[int, set[int]] = {}
    for connection in connections:
        neighbours.setdefault(connection.person_a_id, set()).add(connection.person_b_id)
        neighbours.setdefault(connection.person_b_id, set()).add(connection.person_a_id)
    found = dict.fromkeys(start, 0)
    frontier = set(start)
    for step in range(1, hops + 1):
        frontier = {n for p in frontier for n in neighbours.get(p, ())} - found.keys()
        found.update(dict.fromkeys(frontier, step))
    return found


def worksheet_connections(user, library, organization, me=None, hops: int = 4) -> list:
    """What this user recorded for a target: the connections on a chain of at most `hops` links
    from them to someone inside, and the ones they added on this target's worksheet. Nearest to
    the target first; each carries `.distance` (0: it touches someone inside, None: no chain yet)."""
    mine = list(
        Connection.objects.filter(library=library, recorded_by=user).select_related(
            "person_a", "person_b"
        )
    )
    to_target = distances(mine, current_people_ids(organization), hops)
    from_me = distances(mine, {me.pk}, hops) if me is not None else {}
    leading = []
    for connection in mine:
        ends = (connection.person_a_id, connection.person_b_id)
        on_chain = any(
            u in from_me
            and v in to_target
            and from_me[u] + 1 + to_target[v] <= hops
            and from_me[u] <= from_me.get(v, hops + 1)  # the link does not step back to me
            and to_target[v] <= to_target.get(u, hops + 1)  # nor away from the target
            for u, v in (ends, ends[::-1])
        ) or (me is None and any(p in to_target for p in ends))
        if on_chain or connection.worksheet_id == organization.pk:
            near = [to_target[p] for p in ends if p in to_target]
            connection.distance = min(near) if near else None
            # Read it as the worksheet does: the one farther from the target knows the nearer one.
            a_nearer = to_target.get(ends[0], hops + 1) < to_target.get(ends[1], hops + 1)
            pair = (connection.person_b, connection.person_a)
            connection.far, connection.near = pair if a_nearer else pair[::-1]
            leading.append(connection)
    leading.sort(key=lambda c: (c.distance is None, c.distance or 0, -c.strength, c.pk))
    return leading


def staff_ties(user, library, organization) -> list[dict]:
    """Who on staff directly knows someone there now, as this user may see it (shared or theirs)."""
    inside = current_people_ids(organization)
    if not inside:
        return []
    staff_people = set(
        Person.objects.filter(
            library=library, user__memberships__library=library, user__isnull=False
        ).values_list("id", flat=True)
    )
    connections = (
        Connection.objects.for_library(library)
        .visible_to(user)
        .filter(Q(person_a__in=inside) | Q(person_b__in=inside))
        .select_related("person_a", "person_b", "person_b__user", "person_a__user")
    )
    ties = []
    for connection in connections:
        for staff_member, known in (
            (connection.person_a, connection.person_b),
            (connection.person_b, connection.person_a),
        ):
            if staff_member.pk in staff_people and known.pk in inside:
                ties.append({"staff": staff_member, "knows": known, "connection": connection})
    ties.sort(key=lambda t: (-t["connection"].strength, t["staff"].name, t["knows"].name))
    return ties


def help_candidates(colleague, library, target_people: set[int]):
    """The colleague's private connections within two links of the target's people: the ones
    they may choose to share when asked for help."""
    visible = Connection.objects.for_library(library).visible_to(colleague)
    touching = visible.filter(Q(person_a__in=target_people) | Q(person_b__in=target_people))
    near = set(target_people)
    for a, b in touching.values_list("person_a_id", "person_b_id"):
        near.update((a, b))
    return (
        Connection.objects.filter(library=library, recorded_by=colleague, shared=False)
        .filter(Q(person_a__in=near) | Q(person_b__in=near))
        .select_related("person_a", "person_b")
    )


def target_people(help_request) -> set[int]:
    if help_request.organization_id:
        return current_people_ids(help_request.organization)
    return {help_request.person_id} if help_request.person_id else set()
