"""Introduction paths through the database: order, weakest link, privacy, the cache, the page."""

import datetime
from itertools import pairwise

import pytest
from django.urls import reverse

from allies.connections import paths as paths_module
from allies.connections.models import Connection
from allies.connections.paths import introduction_paths, library_graph
from allies.directory.models import Affiliation, Organization, Person
from allies.libraries.models import Membership, User
from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def _fresh_cache():
    paths_module.forget_graphs()
    yield
    paths_module.forget_graphs()


def tie(library, one, other, strength, *, by, kind="friend", shared=True):
    connection, _created = Connection.record(
        library=library,
        one=one,
        other=other,
        recorded_by=by,
        kind=kind,
        strength=strength,
        shared=shared,
    )
    return connection


@pytest.fixture
def world(library, owner, staff, volunteer):
    """Staff Sam and owner Olivia; the Rotary Club with its chair Dana and treasurer Tom.

    Sam -5- Ann -4- Dana (chair)          score 0.8
    Olivia -3- Dana                        score 0.6
    Sam -2- Bob -5- Tom (treasurer)        score 0.4 (weakest: Sam-Bob)
    Olivia keeps a private Olivia -5- Tom  (score 1.0, hidden from Sam)
    """
    people = {
        "sam": Person.objects.create(library=library, name="Sam Staff", user=staff),
        "olivia": Person.objects.create(library=library, name="Olivia Owner", user=owner),
        "ann": Person.objects.create(library=library, name="Ann Archer"),
        "bob": Person.objects.create(library=library, name="Bob Baker"),
        "dana": Person.objects.create(library=library, name="Dana Reyes"),
        "tom": Person.objects.create(library=library, name="Tom Secret-Treasurer"),
    }
    rotary = Organization.objects.create(library=library, name="Riverton Rotary Club")
    Affiliation.objects.create(person=people["dana"], organization=rotary, role="Chair")
    Affiliation.objects.create(person=people["tom"], organization=rotary, role="Treasurer")
    tie(library, people["sam"], people["ann"], 5, by=staff)
    tie(library, people["ann"], people["dana"], 4, by=staff, kind="club")
    tie(library, people["olivia"], people["dana"], 3, by=owner, kind="colleague")
    tie(library, people["sam"], people["bob"], 2, by=staff, kind="neighbour")
    tie(library, people["bob"], people["tom"], 5, by=staff, kind="family")
    tie(library, people["olivia"], people["tom"], 5, by=owner, kind="worship", shared=False)
    return {"people": people, "rotary": rotary}


def names(found):
    return [[person.name for person in path.people] for path in found.paths]


def test_paths_ranked_best_first_with_weakest_link(library, staff, world):
    found = introduction_paths(library, staff, organization=world["rotary"])
    assert names(found) == [
        ["Sam Staff", "Ann Archer", "Dana Reyes"],
        ["Olivia Owner", "Dana Reyes"],
        ["Sam Staff", "Bob Baker", "Tom Secret-Treasurer"],
    ]
    assert [path.percent for path in found.paths] == [80, 60, 40]
    assert [link.kind for link in found.paths[0].links] == ["friend", "club"]
    assert found.paths[0].weakest == 1
    assert found.paths[2].weakest == 0
    one, two, link = found.paths[2].weakest_link
    assert (one.name, two.name, link.strength) == ("Sam Staff", "Bob Baker", 2)
    assert found.paths[0].people[-1].role == "Chair"
    assert found.paths[0].people[0].is_staff and not found.paths[0].people[1].is_staff
    for path in found.paths:
        assert path.score == pytest.approx(
            __import__("math").prod(link.strength / 5 for link in path.links)
        )


def test_private_link_visible_to_its_keeper_only(library, owner, staff, world):
    mine = introduction_paths(library, owner, organization=world["rotary"])
    assert names(mine)[0] == ["Olivia Owner", "Tom Secret-Treasurer"]
    assert mine.colleagues_may_help == []
    theirs = introduction_paths(library, staff, organization=world["rotary"])
    assert all(
        "Tom Secret-Treasurer" not in chain or "Bob Baker" in chain for chain in names(theirs)
    )
    assert [[c.pk for c in entry.colleagues] for entry in theirs.colleagues_may_help] == [
        [owner.pk]
    ]


def test_no_viewer_sees_shared_links_only(library, world):
    found = introduction_paths(library, None, organization=world["rotary"])
    assert ["Olivia Owner", "Tom Secret-Treasurer"] not in names(found)
    assert found.colleagues_may_help == []


def test_from_me_starts_with_my_person_only(library, staff, world):
    found = introduction_paths(library, staff, organization=world["rotary"], from_me=True)
    assert {chain[0] for chain in names(found)} == {"Sam Staff"}


def test_k_and_max_hops_limit_the_answer(library, staff, world):
    assert len(introduction_paths(library, staff, organization=world["rotary"], k=1).paths) == 1
    direct = introduction_paths(library, staff, organization=world["rotary"], max_hops=1)
    assert names(direct) == [["Olivia Owner", "Dana Reyes"]]


def test_path_to_a_person(library, staff, world):
    found = introduction_paths(library, staff, person=world["people"]["bob"])
    assert names(found) == [["Sam Staff", "Bob Baker"]]


def test_non_members_are_not_sources(library, staff, world):
    # A person linked to an account of another library is not on our staff.
    stranger = User.objects.create_user("x@elsewhere.example", PASSWORD, full_name="X")
    outsider_person = Person.objects.create(library=library, name="Xavier", user=stranger)
    tie(library, outsider_person, world["people"]["dana"], 5, by=staff)
    found = introduction_paths(library, staff, organization=world["rotary"])
    assert all(chain[0] != "Xavier" for chain in names(found))


def test_cache_rebuilds_after_adding_a_connection(library, staff, world):
    rotary, people = world["rotary"], world["people"]
    before = introduction_paths(library, staff, organization=rotary, from_me=True)
    assert names(before)[0] == ["Sam Staff", "Ann Archer", "Dana Reyes"]
    graph = library_graph(library)
    assert library_graph(library) is graph  # cached while nothing changes
    tie(library, people["sam"], people["dana"], 5, by=staff)
    after = introduction_paths(library, staff, organization=rotary, from_me=True)
    assert names(after)[0] == ["Sam Staff", "Dana Reyes"]
    assert library_graph(library) is not graph


def test_cache_rebuilds_after_removing_and_sharing(library, owner, staff, world):
    rotary, people = world["rotary"], world["people"]
    Connection.objects.get(
        person_a=min(people["sam"].pk, people["ann"].pk),
        recorded_by=staff,
        person_b=max(people["sam"].pk, people["ann"].pk),
    ).delete()
    found = introduction_paths(library, staff, organization=rotary)
    assert ["Sam Staff", "Ann Archer", "Dana Reyes"] not in names(found)
    secret = Connection.objects.get(shared=False)
    secret.shared = True
    secret.save()
    found = introduction_paths(library, staff, organization=rotary)
    assert names(found)[0] == ["Olivia Owner", "Tom Secret-Treasurer"]
    assert found.colleagues_may_help == []


def test_ended_affiliation_is_no_longer_a_target(library, staff, world):
    dana = Affiliation.objects.get(person=world["people"]["dana"])
    dana.ended_on = datetime.date(2025, 1, 31)
    dana.save()
    found = introduction_paths(library, staff, organization=world["rotary"])
    assert all(chain[-1] == "Tom Secret-Treasurer" for chain in names(found))


def test_a_member_who_left_is_not_offered_as_helper(library, owner, staff, world):
    Membership.objects.filter(user=owner).delete()
    found = introduction_paths(library, staff, organization=world["rotary"])
    assert found.colleagues_may_help == []
    assert all(chain[0] != "Olivia Owner" for chain in names(found))


def test_colleague_entry_only_when_better_than_worst_visible(library, staff, owner, world):
    # With k=2 the visible paths are 0.8 and 0.6; Olivia's private 1.0 path is better.
    found = introduction_paths(library, staff, organization=world["rotary"], k=2)
    assert len(found.colleagues_may_help) == 1
    # A weak private path, worse than every visible one, earns no entry when k paths are shown.
    Connection.objects.filter(shared=False).update(strength=1)
    paths_module.forget_graphs()
    found = introduction_paths(library, staff, organization=world["rotary"], k=2)
    assert found.colleagues_may_help == []


# The page


def page_url(library, organization, **query):
    url = reverse("connections:paths_organization", args=[library.slug, organization.pk])
    if query:
        from urllib.parse import urlencode

        url += "?" + urlencode(query)
    return url


def test_page_lists_paths_and_hides_private_ones(staff_client, library, owner, world):
    response = staff_client.get(page_url(library, world["rotary"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ann Archer" in html and "Bob Baker" in html
    assert "80%" in html
    assert "Weakest link: Sam Staff and Bob Baker" in html
    assert "A colleague may be able to help" in html
    assert "Olivia Owner may be able to help" in html
    assert "Place of worship" not in html and "place of worship" not in html
    # Tom is reachable through a shared path: his name is fine, the private link is not.
    assert html.count("Tom Secret-Treasurer") >= 1
    secret_free = introduction_paths(library, None, organization=world["rotary"])
    assert len(secret_free.paths) == html.count('class="card path"')


def test_page_never_names_a_person_reached_only_privately(
    staff_client, library, owner, staff, world
):
    hidden = Person.objects.create(library=library, name="Quentin Quiet")
    Affiliation.objects.create(person=hidden, organization=world["rotary"], role="Patron")
    tie(library, world["people"]["olivia"], hidden, 5, by=owner, shared=False)
    for drawing in ("tree", "web", "flow"):
        html = staff_client.get(page_url(library, world["rotary"], drawing=drawing)).content
        assert b"Quentin" not in html
        assert b"Patron" not in html
    owner_view = staff_client.get(page_url(library, world["rotary"]))
    assert b"Olivia Owner may be able to help" in owner_view.content


def test_keeper_sees_own_private_path_on_the_page(client, library, owner, world):
    client.force_login(owner)
    html = client.get(page_url(library, world["rotary"])).content.decode()
    assert "Tom Secret-Treasurer" in html and "place of worship" in html
    assert "may be able to help" not in html


def test_ask_button_posts_to_the_help_request(staff_client, library, owner, world):
    html = staff_client.get(page_url(library, world["rotary"])).content.decode()
    assert f'name="colleague" value="{owner.pk}"' in html
    assert f'name="organization" value="{world["rotary"].pk}"' in html
    assert "Ask Olivia Owner" in html


def test_volunteer_reads_paths_without_ask_button(volunteer_client, library, world):
    response = volunteer_client.get(page_url(library, world["rotary"]))
    assert response.status_code == 200
    assert b"Ann Archer" in response.content
    assert b'name="colleague"' not in response.content


def test_outsider_gets_404(outsider_client, library, world):
    assert outsider_client.get(page_url(library, world["rotary"])).status_code == 404
    url = reverse("connections:paths_person", args=[library.slug, world["people"]["dana"].pk])
    assert outsider_client.get(url).status_code == 404


def test_other_librarys_ids_are_404(staff_client, library, other_library):
    elsewhere = Organization.objects.create(library=other_library, name="Elsewhere Club")
    assert staff_client.get(page_url(library, elsewhere)).status_code == 404


def test_person_page(staff_client, library, world):
    url = reverse("connections:paths_person", args=[library.slug, world["people"]["tom"].pk])
    html = staff_client.get(url).content.decode()
    assert "Who can introduce us to Tom Secret-Treasurer?" in html
    assert "Bob Baker" in html


@pytest.mark.parametrize(
    "query, problem",
    [
        ({"k": "0"}, "How many paths"),
        ({"k": "11"}, "How many paths"),
        ({"k": "lots"}, "How many paths"),
        ({"max_hops": "5"}, "Longest chain"),
        ({"start": "everyone"}, "Start from"),
    ],
)
def test_bad_parameters_show_an_error_summary(staff_client, library, world, query, problem):
    response = staff_client.get(page_url(library, world["rotary"], **query))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert problem in html
    assert 'class="card path"' not in html


def test_unknown_drawing_falls_back_to_tree(staff_client, library, world):
    html = staff_client.get(page_url(library, world["rotary"], drawing="<script>")).content
    assert b"drawing--tree" in html
    assert b"<script>" not in html.split(b"</header>")[1]


def test_from_me_and_k_from_the_form(staff_client, library, world):
    html = staff_client.get(page_url(library, world["rotary"], start="me", k="1")).content.decode()
    assert html.count('class="card path"') == 1
    assert "Ann Archer" in html.split("The paths drawn")[0]
    assert "Olivia Owner" not in html.split("The paths drawn")[0].split("The best path")[1]


def test_empty_states(staff_client, library, staff):
    empty = Organization.objects.create(library=library, name="Nobody Inc")
    html = staff_client.get(page_url(library, empty)).content.decode()
    assert "Nobody is recorded there yet" in html
    person = Person.objects.create(library=library, name="Lone Person")
    Affiliation.objects.create(person=person, organization=empty)
    html = staff_client.get(page_url(library, empty, start="me")).content.decode()
    assert "You are not in the connection tree yet" in html
    assert "Add the people you know" in html


def test_directory_pages_link_to_paths(staff_client, library, world):
    organization = world["rotary"]
    html = staff_client.get(
        reverse("directory:organization", args=[library.slug, organization.pk])
    ).content.decode()
    assert page_url(library, organization) in html
    person = world["people"]["dana"]
    html = staff_client.get(reverse("directory:person", args=[library.slug, person.pk])).content
    assert reverse("connections:paths_person", args=[library.slug, person.pk]).encode() in html


def test_chains_are_real_connections(library, staff, world):
    found = introduction_paths(library, staff, organization=world["rotary"])
    for path in found.paths:
        for one, two in pairwise(path.people):
            pair = sorted((one.id, two.id))
            assert (
                Connection.objects.visible_to(staff)
                .filter(person_a_id=pair[0], person_b_id=pair[1])
                .exists()
            )


def test_a_one_link_path_is_a_direct_contact_not_a_weak_introduction(
    client, staff_client, library, owner, world
):
    html = staff_client.get(page_url(library, world["rotary"])).content.decode()
    assert "Olivia Owner knows Dana Reyes directly: a direct contact" in html
    assert "Weakest link: Olivia Owner and Dana Reyes" not in html
    assert "a direct contact</h3>" in html
    client.force_login(owner)
    html = client.get(page_url(library, world["rotary"])).content.decode()
    assert "You know Dana Reyes directly: a direct contact, no introduction needed." in html
    direct = html.split("You know Dana Reyes directly")[0].rsplit('<li class="card path">', 1)[1]
    assert "path__link--weakest" not in direct and "(weakest)" not in direct
    assert "1 introduction<" not in html
