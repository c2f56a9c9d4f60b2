"""Candidates ranked for a goal: the page, its filters, the cache, privacy, and add to prospects."""

import pytest

from allies.connections.models import Connection
from allies.connections.paths import forget_graphs
from allies.directory.models import Affiliation, Audience, Organization, Person, Resource
from allies.goals.models import Goal
from allies.matching.features import (
    LibraryDirectory,
    forget_features,
    kind_choices,
    kinds_among,
    organizations_of_kinds,
)
from allies.partnerships.models import Partnership, Stage, StageChange


@pytest.fixture(autouse=True)
def _fresh_caches():
    forget_features()
    forget_graphs()
    yield
    forget_features()
    forget_graphs()


def term(model, library, slug):
    return model.objects.get(library=library, slug=slug)


def make_goal(library, *, primary=("job-seekers",), secondary=("seniors",), needs=("funding",)):
    goal = Goal.objects.create(
        library=library, statement="Fund two more public computers before the budget review"
    )
    goal.primary_audiences.set([term(Audience, library, slug) for slug in primary])
    goal.secondary_audiences.set([term(Audience, library, slug) for slug in secondary])
    goal.resources_needed.set([term(Resource, library, slug) for slug in needs])
    return goal


def make_org(library, name, *, audiences=(), resources=(), **fields):
    organization = Organization.objects.create(library=library, name=name, **fields)
    organization.audiences.set([term(Audience, library, slug) for slug in audiences])
    organization.resources.set([term(Resource, library, slug) for slug in resources])
    return organization


def staff_person(library, user):
    return Person.objects.create(library=library, name=user.display_name, user=user)


def person_at(organization, name):
    person = Person.objects.create(library=organization.library, name=name)
    Affiliation.objects.create(person=person, organization=organization, role="Director")
    return person


def connect(library, one, other, *, by, shared=True, strength=5):
    Connection.record(
        library=library,
        one=one,
        other=other,
        recorded_by=by,
        kind="friend",
        strength=strength,
        shared=shared,
    )


def rank_url(goal):
    return f"/l/{goal.library.slug}/goals/{goal.pk}/rank/"


def ranked_names(response):
    return [row["organization"].name for row in response.context["rows"]]


def score_of(response, name):
    for row in response.context["rows"]:
        if row["organization"].name == name:
            return row["fit"].score
    raise AssertionError(f"{name} not on the page")


@pytest.fixture
def goal(library):
    return make_goal(library)


@pytest.fixture
def world(library, goal):
    return {
        "bank": make_org(
            library,
            "Valley Bank",
            audiences=["job-seekers"],
            resources=["funding"],
            sector="business",
            city="Riverton",
        ),
        "club": make_org(library, "Chess Club", sector="service_club", city="Hilltown"),
        "shelter": make_org(
            library, "Seniors Lunch", audiences=["seniors"], sector="nonprofit", city="Riverton"
        ),
    }


def test_staff_see_every_organization_ranked_best_first_with_reasons(staff_client, goal, world):
    response = staff_client.get(rank_url(goal))
    assert response.status_code == 200
    assert ranked_names(response) == ["Valley Bank", "Seniors Lunch", "Chess Club"]
    bank = response.context["rows"][0]
    texts = " ".join(str(reason) for reason in bank["reasons"])
    assert "Job seekers" in texts and "Funding" in texts
    assert b"Add to prospects" in response.content
    assert f"/goals/{goal.pk}/candidates/{world['bank'].pk}/questions/".encode() in response.content


def test_missing_ratings_link_to_the_question_that_fills_them(staff_client, goal, world):
    response = staff_client.get(rank_url(goal))
    missing = [reason for reason in response.context["rows"][0]["reasons"] if reason.missing]
    assert len(missing) == 1 and missing[0].question == "capacity"
    assert missing[0].text == "Not yet known: capacity, reputation and risk."
    bank = response.context["rows"][0]["organization"]
    link = f"/goals/{goal.pk}/candidates/{bank.pk}/questions/#id_capacity_text"
    assert link.encode() in response.content


def test_volunteers_read_the_ranking_without_the_button(volunteer_client, goal, world):
    response = volunteer_client.get(rank_url(goal))
    assert response.status_code == 200
    assert b"Add to prospects" not in response.content


def test_outsiders_get_404(outsider_client, goal):
    assert outsider_client.get(rank_url(goal)).status_code == 404


def test_another_librarys_goal_is_404(staff_client, goal, other_library):
    elsewhere = Goal.objects.create(library=other_library, statement="Theirs")
    assert staff_client.get(f"/l/riverton/goals/{elsewhere.pk}/rank/").status_code == 404


def test_filters_by_sector_city_and_stage(staff_client, goal, world, library):
    response = staff_client.get(rank_url(goal), {"sector": "business"})
    assert ranked_names(response) == ["Valley Bank"]
    response = staff_client.get(rank_url(goal), {"city": "riverton"})
    assert ranked_names(response) == ["Valley Bank", "Seniors Lunch"]
    Partnership.objects.create(library=library, organization=world["bank"], stage=Stage.ACTIVE)
    response = staff_client.get(rank_url(goal), {"stage": "none"})
    assert ranked_names(response) == ["Seniors Lunch", "Chess Club"]
    response = staff_client.get(rank_url(goal), {"stage": "active"})
    assert ranked_names(response) == ["Valley Bank"]
    response = staff_client.get(rank_url(goal), {"sector": "nothing-like-this"})
    assert response.status_code == 200  # a bad filter is ignored, the page still ranks
    assert len(response.context["rows"]) == 3


def test_filters_by_words_of_the_name(staff_client, goal, world, library):
    make_org(library, "Riverton Chess Players", city="Hilltown")
    response = staff_client.get(rank_url(goal), {"name": "chess, BANK"})
    assert ranked_names(response) == ["Valley Bank", "Chess Club", "Riverton Chess Players"]
    assert response.context["filtered_by"] == [("Name has", "chess, bank")]
    page = response.content.decode()
    assert 'for="id_name"' in page and "Name has: <strong>chess, bank</strong>" in page
    # With the town, both apply.
    response = staff_client.get(rank_url(goal), {"name": "chess", "city": "hilltown"})
    assert ranked_names(response) == ["Chess Club", "Riverton Chess Players"]
    response = staff_client.get(rank_url(goal), {"name": "ches club"})
    assert response.status_code == 200 and not response.context["rows"]
    assert b"No organization matches these filters." in response.content


def test_too_many_alternatives_in_the_name_are_refused_kindly(staff_client, goal, world):
    response = staff_client.get(rank_url(goal), {"name": ",".join(f"w{n}" for n in range(11))})
    assert response.status_code == 200
    assert "Give at most 10 alternatives, separated by commas." in response.content.decode()
    assert 'class="field field--wide field--row field--error"' in response.content.decode()
    assert len(response.context["rows"]) == 3  # ranked without the filter, which it does not claim
    assert response.context["filtered_by"] == []
    response = staff_client.get(rank_url(goal), {"name": "x" * 301})
    assert "at most 300 characters" in response.content.decode()
    # Ten words that fit as typed but not with ", " between them.
    response = staff_client.get(rank_url(goal), {"name": ",".join(f"{n}" * 29 for n in range(10))})
    assert "Keep the words to at most 300 characters." in response.content.decode()


def test_filters_by_kind_of_organization(staff_client, goal, world, library):
    trust = make_org(library, "Hill Housing Trust", ntee_code="l21", city="Riverton")
    make_org(library, "Valley Habitat", ntee_code="L20Z", city="Hilltown")
    make_org(library, "Hill Elementary PTO", ntee_code="B94", city="Riverton")
    response = staff_client.get(rank_url(goal))
    choices = dict(response.context["form"].fields["kind"].choices)
    # Only the kinds the directory holds, each major group first as a whole, then its codes.
    assert [value for value, _label in choices["L Housing & Shelter"]] == ["L", "L20", "L21"]
    assert "A Arts, Culture & Humanities" not in choices
    page = response.content.decode()
    assert 'for="id_kind"' in page and 'aria-describedby="id_kind_helptext"' in page
    assert '<optgroup label="L Housing &amp; Shelter"><option value="L">' in page
    response = staff_client.get(rank_url(goal), {"kind": "L"})
    assert sorted(ranked_names(response)) == ["Hill Housing Trust", "Valley Habitat"]
    response = staff_client.get(rank_url(goal), {"kind": "L21"})
    assert ranked_names(response) == ["Hill Housing Trust"]
    # With another filter, both apply; the page says which, in words that also print.
    response = staff_client.get(rank_url(goal), {"kind": "L", "city": "riverton"})
    assert ranked_names(response) == [trust.name]
    assert response.context["filtered_by"] == [
        ("City or town", "riverton"),
        ("Kind of organization", "All of Housing & Shelter"),
    ]
    assert "Kind of organization: <strong>All of Housing &amp; Shelter</strong>" in (
        response.content.decode()
    )
    response = staff_client.get(rank_url(goal), {"kind": "L21", "city": "Hilltown"})
    assert response.status_code == 200 and not response.context["rows"]
    assert b"No organization matches these filters." in response.content
    response = staff_client.get(rank_url(goal), {"kind": "Q"})  # none of that kind here
    assert response.status_code == 200 and len(response.context["rows"]) == 6


def kinds_url(goal):
    return f"/l/{goal.library.slug}/goals/{goal.pk}/rank/kinds/"


def test_a_kind_remembered_for_the_goal_opens_its_ranking(staff_client, goal, world, library):
    make_org(library, "Hill Housing Trust", ntee_code="L21")
    make_org(library, "Valley Habitat", ntee_code="L20")
    make_org(library, "Hill Elementary PTO", ntee_code="B94")
    everyone = staff_client.get(rank_url(goal))
    assert len(everyone.context["rows"]) == 6 and everyone.context["goal_kinds"] == []
    # Chosen in the filter, a kind the goal does not remember yet is offered to remember.
    chosen = staff_client.get(rank_url(goal), {"kind": "L"})
    assert chosen.context["kind_to_remember"] == ("L", "All of Housing & Shelter")
    assert "Remember “All of Housing &amp; Shelter” for this goal" in chosen.content.decode()
    # Back on the page with its other filters, opening on what the goal now remembers.
    next_url = rank_url(goal) + "?kind=L&city=Riverton&page=2"
    response = staff_client.post(
        kinds_url(goal), {"action": "remember", "kind": "L", "next": next_url}
    )
    assert response.status_code == 302 and response["Location"] == rank_url(goal) + "?city=Riverton"
    goal.refresh_from_db()
    assert goal.kinds == ["L"]
    assert goal.history.first().kinds == ["L"]  # in the goal's history too
    # The ranking now opens on it, says so, and offers every kind back.
    response = staff_client.get(rank_url(goal))
    assert sorted(ranked_names(response)) == ["Hill Housing Trust", "Valley Habitat"]
    assert response.context["filtered_by"] == [("Kind of organization", "All of Housing & Shelter")]
    choices = response.context["form"].fields["kind"].choices
    assert choices[:2] == [("", "The goal's: All of Housing & Shelter"), ("any", "Any kind")]
    assert response.context["kind_to_remember"] is None
    page = response.content.decode()
    assert "Remembered for this goal:" in page and "Forget" in page
    response = staff_client.get(rank_url(goal), {"kind": "any"})
    assert len(response.context["rows"]) == 6 and response.context["filtered_by"] == []
    # Another kind chosen on the page ranks among it alone, and can be remembered beside.
    response = staff_client.get(rank_url(goal), {"kind": "B94"})
    assert ranked_names(response) == ["Hill Elementary PTO"]
    staff_client.post(kinds_url(goal), {"action": "remember", "kind": "b94"})
    goal.refresh_from_db()
    assert goal.kinds == ["L", "B94"]
    response = staff_client.get(rank_url(goal), {"city": ""})  # the form sent, the kind unset
    assert len(response.context["rows"]) == 3
    # Forgotten, one at a time.
    response = staff_client.post(kinds_url(goal), {"action": "forget", "kind": "L"})
    assert response.status_code == 302 and response["Location"] == rank_url(goal)
    goal.refresh_from_db()
    assert goal.kinds == ["B94"]
    staff_client.post(kinds_url(goal), {"action": "forget", "kind": "B94"})
    goal.refresh_from_db()
    assert goal.kinds == []
    assert len(staff_client.get(rank_url(goal)).context["rows"]) == 6
    # An address made while the goal had kinds still works after they are forgotten.
    response = staff_client.get(rank_url(goal), {"kind": "any", "sector": "business"})
    assert response.context["form"].is_valid() and ranked_names(response) == ["Valley Bank"]


def test_a_kind_that_is_not_one_is_not_remembered(staff_client, goal):
    for bad in ("", "ZZ", "L21;DROP", "x" * 5000):
        response = staff_client.post(kinds_url(goal), {"action": "remember", "kind": bad})
        assert response.status_code == 302
        goal.refresh_from_db()
        assert goal.kinds == []
    response = staff_client.post(kinds_url(goal), {"action": "remember", "kind": "ZZ"}, follow=True)
    assert "Choose a kind of organization from the list" in response.content.decode()
    # Forgetting what the goal does not remember, or a made-up action, changes nothing.
    staff_client.post(kinds_url(goal), {"action": "forget", "kind": "L"})
    staff_client.post(kinds_url(goal), {"action": "shred", "kind": "L"})
    goal.refresh_from_db()
    assert goal.kinds == []
    assert staff_client.get(kinds_url(goal)).status_code == 405


def test_a_goal_remembers_at_most_twenty_kinds(staff_client, goal):
    codes = [f"A{n:02}" for n in (1, 2, 3, 5, 11, 12, 19, 20, 23, 24, 25, 26, 30, 31, 32, 33)]
    codes += ["B", "C", "D", "E"]
    goal.set_kinds(codes)
    goal.save()
    staff_client.post(kinds_url(goal), {"action": "remember", "kind": "F"})
    goal.refresh_from_db()
    assert len(goal.kinds) == 20 and "F" not in goal.kinds


def test_another_library_cannot_remember_kinds(outsider_client, goal):
    data = {"action": "remember", "kind": "L"}
    assert outsider_client.post(kinds_url(goal), data).status_code == 404
    goal.refresh_from_db()
    assert goal.kinds == []


def test_volunteers_see_the_kinds_but_do_not_change_them(volunteer_client, goal):
    data = {"action": "remember", "kind": "L"}
    assert volunteer_client.post(kinds_url(goal), data).status_code == 403
    goal.refresh_from_db()
    assert goal.kinds == []
    goal.set_kinds(["L"])
    goal.save()
    page = volunteer_client.get(rank_url(goal)).content.decode()
    assert "Remembered for this goal:" in page and "Forget" not in page


def names_url(goal):
    return f"/l/{goal.library.slug}/goals/{goal.pk}/rank/names/"


def test_words_of_names_remembered_for_the_goal_open_its_ranking(
    staff_client, goal, world, library
):
    make_org(library, "American Legion Post 12", ntee_code="W30")
    make_org(library, "VFW Post 7779", ntee_code="W30")
    typed = staff_client.get(rank_url(goal), {"name": "Legion,vfw", "city": ""})
    assert typed.context["names_to_remember"] == "legion, vfw"
    assert "Remember “legion, vfw” for this goal" in typed.content.decode()
    response = staff_client.post(
        names_url(goal),
        {"action": "remember", "name": "Legion,vfw", "next": rank_url(goal) + "?name=x&city=Hill"},
    )
    # Back on the page with its other filters, opening on what the goal now remembers.
    assert response.status_code == 302 and response["Location"] == rank_url(goal) + "?city=Hill"
    goal.refresh_from_db()
    assert goal.names == "legion, vfw"
    assert goal.history.first().names == "legion, vfw"
    # The ranking opens on them: in the box, said under the filters, no offer to remember again.
    response = staff_client.get(rank_url(goal))
    assert sorted(ranked_names(response)) == ["American Legion Post 12", "VFW Post 7779"]
    assert response.context["form"]["name"].value() == "legion, vfw"
    assert response.context["filtered_by"] == [("Name has", "legion, vfw")]
    assert response.context["names_to_remember"] == ""
    page = response.content.decode()
    assert "Remembered for this goal:" in page and "Name has: legion, vfw" in page
    # A link that does not say the name (a suggested kind, a page number) keeps them.
    response = staff_client.get(rank_url(goal), {"kind": "W30", "page": "1"})
    assert len(response.context["rows"]) == 2
    # The box emptied shows every name, once; other words rank among them and can replace them.
    response = staff_client.get(rank_url(goal), {"name": ""})
    assert len(response.context["rows"]) == 5 and response.context["filtered_by"] == []
    response = staff_client.get(rank_url(goal), {"name": "chess"})
    assert ranked_names(response) == ["Chess Club"]
    assert response.context["names_to_remember"] == "chess"
    # Typed wrongly, the page says so and ranks among the goal's words.
    response = staff_client.get(rank_url(goal), {"name": ",".join("abcdefghijk")})
    assert len(response.context["rows"]) == 2
    assert response.context["filtered_by"] == [("Name has", "legion, vfw")]
    # Forgotten: every organization again.
    response = staff_client.post(names_url(goal), {"action": "forget"})
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.names == ""
    assert len(staff_client.get(rank_url(goal)).context["rows"]) == 5


def test_words_of_names_that_cannot_be_remembered_are_not(staff_client, goal):
    for bad in ("", " , ", ",".join("abcdefghijk"), "x" * 301):
        response = staff_client.post(names_url(goal), {"action": "remember", "name": bad})
        assert response.status_code == 302
        goal.refresh_from_db()
        assert goal.names == ""
    response = staff_client.post(names_url(goal), {"action": "remember", "name": ""}, follow=True)
    assert "Give words of names, at most 10 alternatives" in response.content.decode()
    staff_client.post(names_url(goal), {"action": "shred", "name": "legion"})
    goal.refresh_from_db()
    assert goal.names == ""
    # Words remembered before stay when others cannot replace them.
    goal.set_names("legion")
    goal.save()
    staff_client.post(names_url(goal), {"action": "remember", "name": ",".join("abcdefghijk")})
    goal.refresh_from_db()
    assert goal.names == "legion"
    assert staff_client.get(names_url(goal)).status_code == 405


def test_another_library_cannot_remember_words_of_names(outsider_client, goal):
    data = {"action": "remember", "name": "legion"}
    assert outsider_client.post(names_url(goal), data).status_code == 404
    goal.refresh_from_db()
    assert goal.names == ""


def test_volunteers_see_the_words_of_names_but_do_not_change_them(volunteer_client, goal):
    data = {"action": "remember", "name": "legion"}
    assert volunteer_client.post(names_url(goal), data).status_code == 403
    goal.refresh_from_db()
    assert goal.names == ""
    goal.names = "legion"
    goal.save()
    page = volunteer_client.get(rank_url(goal)).content.decode()
    assert "Name has: legion" in page and "Forget" not in page
    assert (
        "Remember “vfw”"
        not in volunteer_client.get(rank_url(goal), {"name": "vfw"}).content.decode()
    )


def directory_of(ntee_codes, suggested_codes):
    """A directory known only by its organizations' codes and the codes suggested for them."""
    return LibraryDirectory(
        features=None,
        thesaurus=None,
        inferred={},
        tagged=set(),
        home=None,
        ntee_codes=ntee_codes,
        suggested_codes=suggested_codes,
    )


def test_a_kind_counts_the_code_an_organization_s_name_suggests():
    directory = directory_of({1: "L21", 2: "B94", 3: ""}, {3: ("L20", 0.7)})
    assert organizations_of_kinds(directory, ["L"]).tolist() == [1, 3]
    assert organizations_of_kinds(directory, ["l2"]).tolist() == [1, 3]
    assert organizations_of_kinds(directory, ["L21", "B"]).tolist() == [1, 2]
    assert organizations_of_kinds(directory, [""]).tolist() == []
    groups = dict(kind_choices(directory))
    assert [value for value, _label in groups["L Housing & Shelter"]] == ["L", "L20", "L21"]


def test_the_kinds_most_common_among_the_best_come_groups_first_then_codes():
    directory = directory_of(
        {1: "L21", 2: "L21", 3: "L20Z", 4: "B94", 5: "B94", 6: "P30", 7: "", 8: "Z99"},
        {7: ("P30", 0.6)},
    )
    # Most common first, ties by the kind; a kind of one organization is not given (L20 here),
    # nor a code the filter does not offer (Z99).
    assert kinds_among(directory, range(1, 9)) == [
        ("L", 3),
        ("B", 2),
        ("P", 2),
        ("B94", 2),
        ("L21", 2),
        ("P30", 2),
    ]
    # The input's order does not matter; the kinds already chosen are not suggested again.
    assert kinds_among(directory, [8, 7, 6, 5, 4, 3, 2, 1], leave_out=["l", "B94"]) == [
        ("B", 2),
        ("P", 2),
        ("L21", 2),
        ("P30", 2),
    ]
    # A kind of every organization counted narrows nothing.
    assert kinds_among(directory, [1, 2]) == []
    assert kinds_among(directory, [1, 2, 3]) == [("L21", 2)]
    assert kinds_among(directory, []) == []
    # An organization filed under a major group only ("T") counts for the group, not as a code.
    directory = directory_of({1: "T", 2: "T", 3: "T20", 4: "T20", 5: "B94"}, {})
    assert directory.kind_groups == {"B": ["B94"], "T": ["T20"]}
    assert kinds_among(directory, range(1, 6)) == [("T", 4), ("T20", 2)]


def test_the_page_suggests_the_kinds_among_the_best_and_one_click_ranks_inside(
    staff_client, goal, world, library
):
    for name in ("Hill Housing Trust", "Valley Housing Trust", "Town Housing Trust"):
        make_org(library, name, ntee_code="L21", audiences=["job-seekers"])
    for name in ("Hill Elementary PTO", "Valley Elementary PTO"):
        make_org(library, name, ntee_code="B94")
    response = staff_client.get(rank_url(goal))
    links = response.context["kinds_among_best"]
    assert [(label, count) for label, _href, count in links] == [
        ("All of Housing & Shelter", 3),
        ("All of Education", 2),
        ("L21 Low-Income & Subsidized Rental Housing", 3),
        ("B94 Parent & Teacher Groups", 2),
    ]
    page = response.content.decode()
    assert 'aria-label="Kinds of organization among the best candidates"' in page
    assert "Kinds among the best 8:" in page
    label, href, _count = links[0]
    assert f'<a href="{href.replace("&", "&amp;")}">{label.replace("&", "&amp;")}</a> (3)' in page
    # The link keeps the page's other filters, drops the page number and ranks inside the kind.
    response = staff_client.get(rank_url(goal), {"city": "", "page": "1"})
    href = response.context["kinds_among_best"][0][1]
    assert href.startswith("?") and "kind=L" in href and "page=" not in href and "city=" in href
    inside = staff_client.get(rank_url(goal) + href)
    assert sorted(ranked_names(inside)) == [
        "Hill Housing Trust",
        "Town Housing Trust",
        "Valley Housing Trust",
    ]
    # Inside the group, the group is not suggested again: its codes are, if they narrow it.
    assert inside.context["kinds_among_best"] == []
    assert "Kinds among the best" not in inside.content.decode()


def test_the_kinds_the_goal_remembers_are_not_suggested_again_even_with_a_bad_filter(
    staff_client, goal, library
):
    for name in ("Hill Housing Trust", "Valley Housing Trust"):
        make_org(library, name, ntee_code="L21")
    for name in ("Hill Elementary PTO", "Valley Elementary PTO"):
        make_org(library, name, ntee_code="B94")
    goal.set_kinds(["L21", "B94"])
    goal.save()
    for query in ({}, {"kind": "ZZZ"}, {"kind": "L21", "page": "x"}):
        response = staff_client.get(rank_url(goal), query)
        suggested = [label for label, _href, _count in response.context["kinds_among_best"]]
        expected = ["All of Education", "All of Housing & Shelter"]
        if query.get("kind") == "L21":  # ranked inside L21 only: nothing narrows it
            expected = []
        assert suggested == expected, query


def test_volunteers_are_not_asked_to_remember_a_suggested_kind(volunteer_client, goal, library):
    for name in ("Hill Housing Trust", "Valley Housing Trust", "Hill Elementary PTO"):
        make_org(library, name, ntee_code="L21" if "Housing" in name else "B94")
    page = volunteer_client.get(rank_url(goal)).content.decode()
    assert "Choose one to rank inside it." in page and "remember it" not in page


def test_pages_of_fifty(staff_client, goal, library):
    Organization.objects.bulk_create(
        [Organization(library=library, name=f"Org {n:03}") for n in range(120)]
    )
    response = staff_client.get(rank_url(goal))  # bulk_create sends no signal: a fresh process
    assert response.context["page_obj"].paginator.count == 120
    assert len(response.context["rows"]) == 50
    assert len(staff_client.get(rank_url(goal), {"page": 3}).context["rows"]) == 20


def test_an_edit_shows_on_the_next_request(staff_client, goal, world, library):
    before = score_of(staff_client.get(rank_url(goal)), "Chess Club")
    world["club"].resources.add(term(Resource, library, "funding"))
    after = score_of(staff_client.get(rank_url(goal)), "Chess Club")
    assert after > before


def test_another_members_private_connection_never_raises_my_score(
    client, goal, world, library, staff, owner
):
    me, colleague = staff_person(library, staff), staff_person(library, owner)
    inside = person_at(world["shelter"], "Dora Director")
    client.force_login(staff)
    alone = score_of(client.get(rank_url(goal)), "Seniors Lunch")
    connect(library, colleague, inside, by=owner, shared=False)
    mine = score_of(client.get(rank_url(goal)), "Seniors Lunch")
    assert mine == alone  # the colleague's private link does not count for me
    client.force_login(owner)
    theirs = score_of(client.get(rank_url(goal)), "Seniors Lunch")
    assert theirs > mine  # the owner sees their own private link
    connect(library, me, inside, by=staff, shared=True, strength=5)
    client.force_login(staff)
    assert score_of(client.get(rank_url(goal)), "Seniors Lunch") > mine  # a visible link does count


def test_add_to_prospects_creates_a_prospect_once(staff_client, staff, goal, world, library):
    url = f"/l/riverton/goals/{goal.pk}/rank/{world['bank'].pk}/prospect/"
    response = staff_client.post(url)
    assert response.status_code == 302
    partnership = Partnership.objects.get(library=library, organization=world["bank"])
    assert partnership.stage == Stage.PROSPECT and partnership.lead == staff
    assert StageChange.objects.filter(partnership=partnership, to_stage="prospect").count() == 1
    response = staff_client.post(url, follow=True)
    assert Partnership.objects.filter(organization=world["bank"]).count() == 1
    assert b"already has a partnership" in response.content


def test_volunteers_cannot_add_prospects(volunteer_client, goal, world):
    url = f"/l/riverton/goals/{goal.pk}/rank/{world['bank'].pk}/prospect/"
    assert volunteer_client.post(url).status_code == 403
    assert not Partnership.objects.exists()


def test_outsiders_cannot_add_prospects(outsider_client, goal, world):
    url = f"/l/riverton/goals/{goal.pk}/rank/{world['bank'].pk}/prospect/"
    assert outsider_client.post(url).status_code == 404
    assert not Partnership.objects.exists()


def test_add_to_prospects_needs_a_post_and_an_organization_of_the_library(
    staff_client, goal, world, other_library
):
    url = f"/l/riverton/goals/{goal.pk}/rank/{world['bank'].pk}/prospect/"
    assert staff_client.get(url).status_code == 405
    theirs = Organization.objects.create(library=other_library, name="Theirs")
    assert (
        staff_client.post(f"/l/riverton/goals/{goal.pk}/rank/{theirs.pk}/prospect/").status_code
        == 404
    )
    assert not Partnership.objects.exists()


def test_an_unsafe_next_address_is_ignored(staff_client, goal, world):
    url = f"/l/riverton/goals/{goal.pk}/rank/{world['bank'].pk}/prospect/"
    response = staff_client.post(url, {"next": "https://evil.example/"})
    assert response.url == rank_url(goal)


def test_empty_directory_says_what_to_do(staff_client, goal):
    response = staff_client.get(rank_url(goal))
    assert b"Import your partner spreadsheet" in response.content


def test_audiences_read_from_the_words_are_said_to_count_less_until_ticked(
    staff_client, goal, world, library
):
    hint = b"Audiences read from the words count less than those you tick."
    goal.statement = "A book club where retirees meet over coffee"
    goal.save()
    response = staff_client.get(rank_url(goal))
    assert "“retirees”".encode() in response.content
    assert hint in response.content
    lunch = next(row for row in response.context["rows"] if row["name"] == "Seniors Lunch")
    reasons = " ".join(str(reason) for reason in lunch["reasons"])
    assert "They reach Seniors, whom the goal's words name" in reasons
    goal.primary_audiences.add(term(Audience, library, "seniors"))
    response = staff_client.get(rank_url(goal))
    assert hint not in response.content
    lunch = next(row for row in response.context["rows"] if row["name"] == "Seniors Lunch")
    assert "They reach Seniors, whom the goal is for" in " ".join(map(str, lunch["reasons"]))


def test_the_goal_page_links_to_the_ranking(staff_client, goal):
    assert rank_url(goal).encode() in staff_client.get(f"/l/riverton/goals/{goal.pk}/").content
