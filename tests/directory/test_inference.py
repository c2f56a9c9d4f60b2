"""Words, the thesaurus and what is inferred from an organization's record (no database)."""

import pytest

from allies.directory.inference import Record, Term, Thesaurus
from allies.directory.ntee import activity_codes, activity_title, ntee_title
from allies.directory.suggestions import code_text
from allies.directory.thesaurus import AUDIENCES, RESOURCES, ntee_matches
from allies.directory.words import phrase, stem, stems, tokens, when_not_what


@pytest.fixture(scope="module")
def thesaurus():
    terms = [
        Term(i + 1, "audience", slug, slug.replace("-", " ")) for i, slug in enumerate(AUDIENCES)
    ]
    terms += [
        Term(i + 1, "resource", slug, slug.replace("-", " ")) for i, slug in enumerate(RESOURCES)
    ]
    return Thesaurus(terms)


def by_slug(thesaurus, inferences):
    return {
        thesaurus.terms[(i.kind, i.term_id)].term.slug: (i.source, i.evidence, i.strength)
        for i in inferences
    }


def test_stemming_meets_the_forms_people_write():
    assert stems("Immigrants") == stems("immigrant") == stems("immigration")
    assert stems("homelessness") == stems("Homeless")
    assert stems("the Friends of the Library, Inc.") == ["friend", "librari"]
    assert [t.stem for t in tokens("Boys & Girls Club")] == ["boy", "girl", "club"]
    assert phrase("housing first") == ()  # would be left with "housing" alone: unusable
    assert phrase("Food shelves") == ("food", "shelv")


def test_an_adjective_meets_its_noun():
    # Snowball parts "history" (histori) from "historical" (histor): a goal about local history
    # found no historical society by its name.
    assert stems("Historical Society") == stems("history society") == stems("historic society")
    assert stem("economic") == stem("economics") == stem("economy")
    assert stem("philanthropic") == stem("philanthropy")
    assert stem("geographical") == stem("geography")
    assert stem("dystrophic") == stem("dystrophy")
    # Other words ending in -ic keep their own stems.
    assert stem("public") == "public" and stem("music") == "music"
    assert stem("pediatric") == stem("pediatrics") and stem("graphic") == "graphic"


def test_the_people_of_a_field_meet_its_noun():
    # "Amateur astronomers" found no astronomy club: Snowball gives "astronom" for the one and
    # "astronomi" for the other.
    assert stems("astronomers") == stems("Astronomy") == stems("Astronomical")
    assert stem("photographers") == stem("photography") == stem("photographic")
    assert stem("philosopher") == stem("philosophy")
    assert stem("economists") == stem("economy")
    assert stem("historians") == stem("history") == stem("historical")
    # Words that only end alike keep their own stems.
    assert stem("others") == "other" and stem("users") == "user"
    assert stem("stories") == stem("story") != stem("history")


def test_the_people_who_do_a_thing_meet_the_thing():
    # Snowball cuts "-er" only from longer words: "gardeners" met "gardening", but "writers" did
    # not meet "writing", nor "artists" the arts, "musicians" music or "poets" poetry.
    assert stem("writers") == stem("writer") == stem("writing")
    assert stem("artists") == stem("arts") == stem("art")
    assert stem("musicians") == stem("music")
    assert stem("poets") == stem("poetry")
    assert stem("quilters") == stem("quilting") and stem("birders") == stem("birding")
    assert stem("skiers") == stem("skiing") and stem("potters") == stem("pottery")
    # People named for what every goal does, or for the rides a goal asks for, keep their own.
    assert stem("teachers") != stem("teach") and stem("workers") != stem("work")
    assert stem("leaders") != stem("lead") and stem("riders") != stem("rides")
    # Of those that are also surnames, only the plural: a Harry Potter night is not pottery.
    assert stem("potter") == "potter" and stem("weaver") == "weaver"
    # And the people of a field or a trade whom Snowball parts from it.
    assert stem("journalists") == stem("journalism")
    assert stem("counselors") == stem("counselling") == stem("counseling")
    assert stem("therapists") == stem("therapy") and stem("pharmacist") == stem("pharmacy")
    assert stem("dentists") == stem("dental") and stem("lawyers") == stem("legal")
    assert stem("environmentalists") == stem("environmental") == stem("environment")
    assert stem("entrepreneurship") == stem("entrepreneurs")
    assert stem("carpenters") == stem("carpentry") and stem("carpenter") != stem("carpentry")


def test_british_spellings_meet_american_ones():
    # 43 organizations of the Vermont and Rhode Island lists are a "Theatre".
    assert stems("Weston Playhouse Theatre") == stems("Weston Playhouse Theater")
    assert stem("centres") == stem("centers") and stem("neighbourhood") == stem("neighborhood")
    assert stem("programme") == stem("program") and stem("organisations") == stem("organization")
    assert stem("colour") == stem("color") and stem("labour") == stem("labor")


def test_a_contraction_is_not_read_as_another_word():
    # "We'd" is not "wed", "I'll" not "ill", "she'll" not "shell", "we've" not a word at all.
    assert stems("We'd like to host it; I'll help, she'll drive, we've got it, don't worry") == [
        "like",
        "host",
        "help",
        "drive",
        "got",
        "worri",
    ]
    assert stems("the kids'll love it at O'Brien's café") == ["kid", "love", "obrien", "café"]
    assert "wed" in stems("Vermont Association of Wedding Professionals")


def test_4_h_is_one_word():
    # "4-H" was read as the number 4 (the "H" too short to count): a 4-H goal matched any name
    # with a 4 in it as well as the 4-H Foundation's.
    assert stems("Vermont State 4-H Foundation") == ["vermont", "state", "4h", "foundat"]
    assert stems("a 4H club") == stems("a 4-H club") == ["4h", "club"]
    # Other hyphens still part words.
    assert stems("14-year-olds and K-12 schools") == ["14", "year", "old", "12", "school"]


def test_after_school_is_blanked_where_it_stands():
    text = "An After-School club, then before  school; school hours"
    blanked = when_not_what(text)
    assert len(blanked) == len(text) and blanked.index("club") == text.index("club")
    assert stems(blanked) == ["club", "school", "hour"]


def test_the_school_board_and_a_caring_adult_are_blanked_where_they_stand():
    text = "Report on the School Board for students, with a caring adult caring for them"
    blanked = when_not_what(text)
    assert len(blanked) == len(text) and blanked.index("students") == text.index("students")
    assert stems(blanked) == ["report", "student", "adult", "care"]
    assert stems(when_not_what("school committees and school directors")) == []


def test_taking_home_and_help_close_to_home_are_blanked_but_a_home_is_not():
    text = "Take home books and take-home kits, help close to home, energy audits for a home"
    blanked = when_not_what(text)
    assert len(blanked) == len(text) and blanked.index("audits") == text.index("audits")
    assert stems(blanked) == ["book", "kit", "help", "energi", "audit", "home"]


def test_a_word_is_not_stemmed_into_a_word_of_another_meaning(thesaurus):
    # Snowball gives "natur" for "naturalization" as for "nature": a nature club reaches no
    # immigrants, and a farmers' market does no marketing.
    assert stem("naturalization") != stem("nature") == stem("natural")
    assert stem("careful") == stem("carefully") != stem("care") == stem("caring")
    assert stem("custody") == stem("custodies") != stem("custodial")
    assert stem("accountants") != stem("accountability")
    assert stem("marketing") != stem("market")
    for name in ("Hartland Nature Club", "Vermont Natural Resources Council"):
        assert "immigrants-and-refugees" not in by_slug(
            thesaurus, thesaurus.infer(Record(name=name))
        )
    assert "promotion" not in by_slug(
        thesaurus, thesaurus.infer(Record(name="Capital City Farmers Market"))
    )
    naturalized = by_slug(
        thesaurus, thesaurus.infer(Record(name="Citizenship and Naturalization Project"))
    )
    assert naturalized["immigrants-and-refugees"][0] == "name"
    # "Accessible" is a word for people with disabilities; the access of a public access
    # television station or of access to justice is not.
    assert stem("accessibility") == stem("accessible") != stem("access")
    for name in ("Vermont Community Access Media", "Access to Justice Coalition"):
        assert "people-with-disabilities" not in by_slug(
            thesaurus, thesaurus.infer(Record(name=name))
        )
    accessible = by_slug(thesaurus, thesaurus.infer(Record(name="Accessible Arts Vermont")))
    assert accessible["people-with-disabilities"][0] == "name"
    # Training is not a train: a model train layout needs no training, a railway is not a course.
    assert stem("training") == stem("trainings") != stem("train") == stem("trains")
    named = {thesaurus.terms[key[:2]].term.slug for key in thesaurus.goal_terms("A model train")}
    assert "training" not in named
    course = {thesaurus.terms[key[:2]].term.slug for key in thesaurus.goal_terms("Training days")}
    assert "training" in course
    # Riding is not a ride: a riding center offers no rides; a van service does.
    assert stem("riding") != stem("rides") == stem("ride")
    riding = by_slug(thesaurus, thesaurus.infer(Record(name="Green Mountain Riding Center")))
    assert "transportation" not in riding
    rides = by_slug(thesaurus, thesaurus.infer(Record(name="Rides for Seniors")))
    assert rides["transportation"][0] == "name"


def test_a_categorys_keywords_are_weaker_evidence_than_its_title(thesaurus):
    # B60 is adult education; one of its thirty keywords is English as a second language, which
    # some adult schools teach and most do not. Its title says it reaches adult learners.
    found = by_slug(
        thesaurus, thesaurus.infer(Record(name="X", ntee_code="B60", ntee_title=code_text("B60")))
    )
    assert found["english-learners"][:2] == ("ntee_title", "English as a Second Language")
    assert found["english-learners"][2] < found["adult-learners"][2]
    assert found["english-learners"][2] == pytest.approx(0.6 * 0.6)
    # A70 (humanities) lists the English language as a subject of study, not as a service.
    humanities = by_slug(
        thesaurus, thesaurus.infer(Record(name="X", ntee_code="A70", ntee_title=code_text("A70")))
    )
    assert "english-learners" not in humanities


def test_the_positions_of_words_quote_the_original():
    text = "VERMONT Coalition of Runaway & Homeless Youth"
    found = tokens(text)
    assert text[found[1].start : found[1].end] == "Coalition"


def test_a_shelters_name_says_whom_it_reaches(thesaurus):
    found = by_slug(thesaurus, thesaurus.infer(Record(name="Coalition for the Homeless")))
    assert found["people-experiencing-homelessness"][:2] == ("name", "Homeless")
    assert found["people-experiencing-homelessness"][2] == 0.85


def test_youth_and_homelessness_in_one_name_say_youth_facing_homelessness(thesaurus):
    found = by_slug(
        thesaurus, thesaurus.infer(Record(name="Vermont Coalition of Runaway and Homeless Youth"))
    )
    assert {"teens", "youth-facing-homelessness", "people-experiencing-homelessness"} <= set(found)
    paired = by_slug(thesaurus, thesaurus.infer(Record(name="Northfield Youth Shelter")))
    assert "youth-facing-homelessness" in paired


@pytest.mark.parametrize(
    "name",
    [
        "Vermont Adaptive Ski & Sports",
        "Southern Vermont Therapeutic Riding Center",
        "Valley Hippotherapy Program",
        "Sign Language Interpreters of the Valley",
    ],
)
def test_adaptive_sports_riding_and_signing_say_they_serve_people_with_disabilities(
    thesaurus, name
):
    assert "people-with-disabilities" in by_slug(thesaurus, thesaurus.infer(Record(name=name)))


def test_adapting_is_not_adaptive_sports(thesaurus):
    # Snowball gives "adaptive", "adapt" and "adaptation" one stem: a climate adaptation group
    # reaches no people with disabilities, and adapting to floods names none.
    found = by_slug(thesaurus, thesaurus.infer(Record(name="Valley Climate Adaptation Network")))
    assert "people-with-disabilities" not in found
    assert not [
        term
        for kind, term, _words, _stems in thesaurus.goal_terms("Help homeowners adapt to floods")
        if kind == "audience"
    ]


def test_an_animal_shelter_is_not_a_shelter_for_people(thesaurus):
    assert "people-experiencing-homelessness" not in by_slug(
        thesaurus, thesaurus.infer(Record(name="Kingdom Animal Shelter", ntee_code="D20"))
    )


def test_the_school_board_is_not_its_students(thesaurus):
    def audiences(text):
        return {
            thesaurus.terms[(kind, term)].term.slug
            for kind, term, _words, _stems in thesaurus.goal_terms(when_not_what(text))
            if kind == "audience"
        }

    assert "students" in audiences("Homework help for students after the school day")
    assert "students" not in audiences(
        "Nobody covers the selectboard or the school board since the paper closed"
    )
    # Only the phrase is left out: students named elsewhere still are.
    assert "students" in audiences("Help students speak up at school board meetings")


def test_an_ntee_code_speaks_when_the_name_says_nothing(thesaurus):
    # P84 is ethnic and immigrant centers: a restaurant's name does not matter.
    found = by_slug(
        thesaurus, thesaurus.infer(Record(name="Golden Dragon Kitchen", ntee_code="P84"))
    )
    assert found["immigrants-and-refugees"] == ("ntee", "P84", 0.8)
    assert "english-learners" in found
    # A more specific code overrides a general rule: B70 libraries are not "students".
    assert "students" not in by_slug(thesaurus, thesaurus.infer(Record(name="X", ntee_code="B70")))
    assert ntee_matches("A01", ("*01",)) == "*01" and ntee_matches("B70", ("B", "B7")) == "B7"


def test_a_private_foundation_offers_funding_and_a_post_of_veterans_reaches_veterans(thesaurus):
    foundation = by_slug(
        thesaurus,
        thesaurus.infer(
            Record(name="Smith Family Foundation", ntee_code="T20", irs_foundation="04")
        ),
    )
    assert foundation["funding"][:2] == ("foundation", "04")
    assert "families" not in foundation  # a family foundation does not serve families
    post = by_slug(thesaurus, thesaurus.infer(Record(name="Post 3", irs_subsection="19")))
    assert post["veterans"] == ("subsection", "19", 0.9)


def test_the_irs_activity_codes_say_whom_they_reach_and_what_they_offer(thesaurus):
    # A senior center without an NTEE code and with a name that says nothing of seniors.
    center = by_slug(
        thesaurus, thesaurus.infer(Record(name="Twin Valley", irs_activity="575319000"))
    )
    assert center["seniors"] == ("activity", "575", 0.8)
    # A community action agency: 560 is "supplying money, goods or services to the poor".
    agency = by_slug(
        thesaurus, thesaurus.infer(Record(name="BROC", ntee_code="S20", irs_activity="402560000"))
    )
    assert agency["low-income-households"][:2] == ("activity", "560")
    grantmaker = by_slug(thesaurus, thesaurus.infer(Record(name="X", irs_activity="602000000")))
    assert grantmaker["funding"][:2] == ("activity", "602")
    # 994 and 995 only say how the tax law classifies them; 000 is no code.
    assert thesaurus.infer(Record(name="X", irs_activity="994995000")) == []
    # The subsection is surer than the activity code.
    post = by_slug(thesaurus, thesaurus.infer(Record(irs_subsection="19", irs_activity="907")))
    assert post["veterans"][0] == "subsection"


def test_activity_codes_are_read_three_digits_at_a_time():
    assert activity_codes("907908000") == ["907", "908"]
    assert activity_codes("560560408") == ["560", "408"]
    assert activity_codes("994000000") == [] and activity_codes("") == []
    assert activity_title("251") == "Credit union" and activity_title("995") == ""


def test_what_staff_wrote_counts_and_needs_never_suggest_a_resource(thesaurus):
    record = Record(
        name="Lantern House",
        mission="Emergency housing for young people aged 16 to 22 with nowhere safe to sleep.",
        needs="A reliable internet connection and volunteers for homework help.",
    )
    found = by_slug(thesaurus, thesaurus.infer(record))
    assert found["teens"][0] == "mission"
    assert "seniors" not in found  # "aged" is not "aging"
    assert "technology" not in found and "volunteers" not in found  # what they lack


def test_the_strongest_evidence_wins(thesaurus):
    found = by_slug(
        thesaurus,
        thesaurus.infer(Record(name="Capital Area Senior Center", ntee_code="P81")),
    )
    assert found["seniors"][0] == "name"  # 0.85 beats the NTEE code's 0.8


def test_a_librarys_own_words_and_terms(thesaurus):
    own = Thesaurus(
        [
            Term(
                1,
                "audience",
                "people-experiencing-homelessness",
                "Unhoused neighbours",
                "day shelter\nstreet outreach",
            ),
            Term(2, "audience", "farmworkers", "Farmworkers", "migrant justice"),
        ]
    )
    assert by_slug(own, own.infer(Record(name="Street Outreach Team")))
    assert by_slug(own, own.infer(Record(name="Migrant Justice")))["farmworkers"][:2] == (
        "name",
        "Migrant Justice",
    )
    assert by_slug(own, own.infer(Record(name="Vermont Farmworkers Union")))


def test_a_goal_is_read_for_its_audiences_and_what_it_asks_for(thesaurus):
    def named(text):
        return {
            thesaurus.terms[(kind, term)].term.slug: (words, who)
            for kind, term, words, who in thesaurus.goal_terms(text)
        }

    teens = named("Weekly drop-in hours for teens experiencing homelessness")
    assert set(teens) == {"teens", "youth-facing-homelessness", "people-experiencing-homelessness"}
    assert teens["youth-facing-homelessness"][0] == "teens experiencing homelessness"
    money = named("Fund two more public computers before the next budget review")
    assert {"funding", "technology"} <= set(money)
    assert "promotion" not in money  # "public" is not "publicity"
    # A sum of money asks for money as the word does; families who cannot afford something are
    # the audience, not a request for money.
    mural = named("Raise about $25,000 to commission a mural for the north wall")
    assert mural["funding"][0] == "$25,000"
    assert "funding" not in named("so that no child sits out because the family can't afford it")
    # Budgets are something people learn to keep as often as a sum the library lacks.
    assert "funding" not in named("A workshop on buying a first home (budgets, credit, loans)")
    # What the library says it has is not asked for; a room it needs still is.
    assert "meeting-space" not in named("Films on a big screen in our community room")
    assert "meeting-space" not in named("Classes in the library's meeting room")
    assert "meeting-space" in named("We need a room for the classes")
    assert "meeting-space" in named("We are looking for a larger hall for the fair")
    assert "meeting-space" in named("A venue for the spring concert")
    # A room the statement does not ask for: the library's own, or no room at all.
    assert "meeting-space" not in named("Fill the community room with a model train layout")
    assert "meeting-space" not in named("Free check-ups in the children's room")
    assert "meeting-space" not in named("Talks on how to make room for pollinators")
    assert "meeting-space" not in named("Match a homeowner who has a spare room with a tenant")
    assert "meeting-space" not in named("a story hour down the hall")
    # Money is asked for in a sentence that says a need, at any of its places; elsewhere it is
    # what the goal is about.
    for asking in (
        "We need a reader, people to lead the talks, and money for copies",
        "We hope to raise money for a new van",
        "Patrons lost money to scams. We need money for the mailing",
        "Fund two more public computers",
    ):
        assert "funding" in named(asking), asking
    # So are rides: those who no longer drive need them; children who ride snowmobiles do not.
    for asking in (
        "We need volunteers to set the tables and rides for those who no longer drive",
        "Looking for rides to the evening talks",
    ):
        assert "transportation" in named(asking), asking
    for about in (
        "A lot of our kids ride snowmobiles with their families",
        "Saturday learn-to-ride mornings with a fleet of bikes",
        "An evening for parents on night riding",
    ):
        assert "transportation" not in named(about), about
    assert "transportation" in named("We need a van and volunteer drivers")
    assert "transportation" in named("We need help with the bus for the class visits")
    # Found by typing goals: the dentists' van is theirs, and asks for no transport.
    assert "transportation" not in named("Bring a mobile dental van to the parking lot for kids")
    for about in (
        "Three older patrons lost money to phone scams this fall",
        "We need volunteers. Patrons lost money to phone scams",
        "A low-cost vaccine clinic for cats and dogs",
        "A housemate who pays a low rent or helps with chores",
    ):
        assert "funding" not in named(about), about
    tax = named("Free tax-filing help and financial literacy workshops for low-income families")
    assert "adult-learners" not in tax  # "financial literacy" is about money, not reading
    assert tax["low-income-households"][1] == frozenset({"low", "incom"})  # who, not what


def test_every_thesaurus_entry_is_usable():
    for entries in (AUDIENCES, RESOURCES):
        for slug, entry in entries.items():
            for words in (
                entry.words,
                entry.services,
                entry.weak,
                entry.goal_words,
                entry.asked_words,
                entry.asked_in_need,
            ):
                for word in words:
                    assert phrase(word), (slug, word)
                    # Words of one place would match every organization there.
                    assert not set(phrase(word)) & {"vermont", "vt", "rhode", "island"}, word
            for prefix in entry.ntee + entry.not_ntee:
                assert prefix.startswith("*") or ntee_title(prefix), (slug, prefix)
            for other, factor in entry.related:
                assert other in AUDIENCES and 0 < factor < 1
            for code in entry.activities:
                assert activity_title(code), (slug, code)


def test_stop_words_are_scikit_learns_list_loaded_without_scikit_learn():
    import subprocess
    import sys

    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from allies.directory import words

    assert frozenset(ENGLISH_STOP_WORDS) == words.ENGLISH_STOP_WORDS
    # A fresh interpreter that loads the words module has not imported scikit-learn (2.5 s).
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, allies.directory.words; print('sklearn' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert loaded.stdout.strip() == "False"
