"""The public partner page: no sign-in, only partners who agreed, only their public fields."""

import pytest

from allies.connections.models import Connection
from allies.connections.people import person_for
from allies.directory.models import Affiliation, Organization, Person
from allies.partnerships.models import Commitment, Partnership, Stage
from allies.recognition.models import ListingConsent, PublicPage
from allies.stewardship.models import Contact

URL = "/partners/riverton/"
SECRETS = [
    "SECRET-LIBRARY-EXPECTS",
    "SECRET-PARTNER-EXPECTS",
    "SECRET-BENEFIT-LIBRARY",
    "SECRET-BENEFIT-PARTNER",
    "SECRET-BENEFIT-COMMUNITY",
    "SECRET-LESSONS",
    "SECRET-CONTACT-NOTE",
    "SECRET-COMMITMENT",
    "Sam Staff",  # the lead
    "Dana Secret-Insider",  # a person at the partner, known through a private connection
    "Quiet Foundation",  # asked not to be listed
    "Closed Shop",  # consented, but the partnership ended
    "Gone Club",  # consented, but archived
    "Nope Council",  # consented, but declined
    "staff@riverton.example",
]


def _partner(library, name, stage=Stage.ACTIVE, **consent):
    organization = Organization.objects.create(
        library=library, name=name, website=f"https://{name.split()[0].lower()}.example/private"
    )
    partnership = Partnership.objects.create(
        library=library, organization=organization, stage=stage
    )
    if consent:
        ListingConsent.objects.create(library=library, partnership=partnership, **consent)
    return partnership


@pytest.fixture
def listed(library, staff):
    """A consenting partner whose record is full of private things, and partners never listed."""
    shelter = _partner(
        library,
        "Riverside Youth Shelter",
        agreed=True,
        public_name="Riverside Shelter",
        public_sentence="Hosts our weekly teen tech drop-ins.",
        public_website="https://riverside.example",
    )
    Partnership.objects.filter(pk=shelter.pk).update(
        lead=staff,
        library_expects="SECRET-LIBRARY-EXPECTS",
        partner_expects="SECRET-PARTNER-EXPECTS",
        benefits_to_library="SECRET-BENEFIT-LIBRARY",
        benefits_to_partner="SECRET-BENEFIT-PARTNER",
        benefits_to_community="SECRET-BENEFIT-COMMUNITY",
        lessons="SECRET-LESSONS",
    )
    insider = Person.objects.create(library=library, name="Dana Secret-Insider")
    Affiliation.objects.create(person=insider, organization=shelter.organization, role="Director")
    connection, _ = Connection.record(
        library=library,
        one=person_for(staff, library),
        other=insider,
        recorded_by=staff,
        kind="friend",
    )
    assert not connection.shared
    Contact.objects.create(
        library=library,
        partnership=shelter,
        person=insider,
        kind="chat",
        note="SECRET-CONTACT-NOTE",
        logged_by=staff,
    )
    Commitment.objects.create(
        library=library,
        partnership=shelter,
        owed_by="partner",
        what="SECRET-COMMITMENT",
        due_on="2026-01-01",
    )
    _partner(library, "Quiet Foundation", agreed=False, public_sentence="Would be listed")
    _partner(library, "Closed Shop", stage=Stage.ENDED, agreed=True, public_sentence="x")
    _partner(library, "Nope Council", stage=Stage.DECLINED, agreed=True, public_sentence="x")
    _partner(library, "Gone Club", agreed=True, public_sentence="x").archive()
    _partner(
        library,
        "Birchbark Books",
        stage=Stage.PILOT,
        agreed=True,
        public_sentence="Sells our tote bags.",
    )
    _partner(library, "No Answer Yet Cafe")
    PublicPage.objects.create(library=library, published=True, introduction="Thank you, partners!")
    return shelter


def test_anyone_can_read_the_page_without_signing_in(client, listed):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Partners of Riverton Public Library</h1>" in html
    assert "Thank you, partners!" in html
    assert '<a href="https://riverside.example" rel="noopener">Riverside Shelter</a>' in html
    assert "Hosts our weekly teen tech drop-ins." in html
    assert "Sells our tote bags." in html
    assert html.index("Birchbark Books") < html.index("Riverside Shelter")  # by name
    assert "noindex" not in html and "noindex" not in response.get("X-Robots-Tag", "")
    assert '<link rel="canonical" href="http://testserver/partners/riverton/">' in html


def test_nothing_private_reaches_the_page(client, listed):
    html = client.get(URL).content.decode()
    for secret in SECRETS:
        assert secret not in html, secret
    assert "Riverside Youth Shelter" not in html  # they chose their public name
    assert "/private" not in html  # the directory's website is not the public one
    assert "/l/riverton/" not in html  # no link into the library's own pages


def test_the_template_receives_only_plain_public_fields(client, listed):
    context = client.get(URL).context
    public = context["public"]
    assert set(public) == {"name", "slug", "introduction", "partners"}
    for partner in public["partners"]:
        assert set(partner) == {"name", "sentence", "website"}
        assert all(isinstance(value, str) for value in partner.values())
    assert [p["name"] for p in public["partners"]] == ["Birchbark Books", "Riverside Shelter"]


def test_signed_in_members_see_the_same_public_page(owner_client, listed):
    html = owner_client.get(URL).content.decode()
    assert "Riverside Shelter" in html
    for secret in SECRETS:
        assert secret not in html, secret
    assert "Olivia Owner" not in html  # no account header on the public page


def test_an_unknown_or_unpublished_library_is_404(client, listed, other_library):
    assert client.get("/partners/nowhere/").status_code == 404
    assert client.get("/partners/elsewhere/").status_code == 404  # never set up
    PublicPage.objects.create(library=other_library, published=False, introduction="Draft")
    assert client.get("/partners/elsewhere/").status_code == 404
    PublicPage.objects.filter(library=listed.library).update(published=False)
    assert client.get(URL).status_code == 404


def test_a_published_page_with_nobody_listed_yet_says_so(client, library):
    PublicPage.objects.create(library=library, published=True)
    html = client.get(URL).content.decode()
    assert "Our partners will be listed here soon." in html


def test_the_page_has_a_print_style(client, listed):
    import pathlib

    from django.conf import settings

    html = client.get(URL).content.decode()
    assert "allies/allies.css" in html and 'class="recognition-public' in html
    css = (pathlib.Path(settings.BASE_DIR) / "static" / "allies" / "allies.css").read_text()
    printing = css[css.index("@media print {\n  .recognition-public-page") :]
    assert ".recognition-public__partner { break-inside: avoid" in printing.split("\n}")[0]


@pytest.mark.django_db
def test_the_sample_library_lists_four_partners_and_not_the_one_that_declined(client):
    from allies import sample_data
    from allies.recognition.models import Recognition

    library = sample_data.load_sample_data(include_irs=False).library
    public = client.get(f"/partners/{library.slug}/").context["public"]
    assert [partner["name"] for partner in public["partners"]] == [
        "Hearthstone Club of Maple Ford",
        "Lantern House Youth Shelter",
        "Maple Ford School District",
        "Maple Ford Senior Center",
    ]
    assert ListingConsent.objects.filter(library=library, agreed=False).count() == 1
    published = Recognition.objects.get(library=library, status="published")
    assert published.kind == "newsletter" and published.contact.kind == "thanks"
    assert "Thank you, Hearthstone Club of Maple Ford!" in published.text
    draft = Recognition.objects.get(library=library, status="draft")
    assert draft.kind == "press_release" and "MAPLE FORD, " in draft.text


def test_a_website_that_is_not_a_web_address_is_left_out(client, listed):
    ListingConsent.objects.filter(partnership=listed).update(public_website="javascript:alert(1)")
    html = client.get(URL).content.decode()
    assert "javascript:" not in html and "Riverside Shelter" in html
