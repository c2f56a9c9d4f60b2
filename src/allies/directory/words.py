"""Words as the fit engine and the inference read them: lower case, stop words out, stemmed.

Plain Python, no Django: used by `directory.inference` (audiences and resources inferred from a
record), by `matching.scoring` (the text of organizations and goals) and by the thesaurus.

Stemming is the Snowball English stemmer (PyStemmer), so "immigrants", "immigrant" and
"immigration" meet as "immigr", and "homelessness" meets "homeless". A phrase ("food shelf") is a
tuple of stems matched as consecutive words.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

import Stemmer  # type: ignore[import-not-found]


def _english_stop_words() -> frozenset[str]:
    """scikit-learn's list of English stop words, loaded from its one module.

    Importing `sklearn.feature_extraction.text` imports scikit-learn whole (about 2.5 s of CPU,
    at every start of the server, the worker and each command), and this list is all Allies
    uses of it: the file is loaded on its own instead.
    """
    package = importlib.util.find_spec("sklearn")
    if package is None or package.origin is None:
        raise ImportError("scikit-learn is needed for its list of English stop words")
    path = Path(package.origin).parent / "feature_extraction" / "_stop_words.py"
    spec = importlib.util.spec_from_file_location("allies_sklearn_stop_words", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"scikit-learn's stop words are not at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return frozenset(module.ENGLISH_STOP_WORDS)


ENGLISH_STOP_WORDS = _english_stop_words()

_STEMMER = Stemmer.Stemmer("english")
# A word, or a number joined to one letter by a hyphen ("4-H", read as "4h": the youth clubs' name,
# not the number 4 and a letter too short to count).
TOKEN = re.compile(r"\d+-[^\W\d_](?![^\W_])|[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
# The end of a contraction ("we'd", "I'll", "we've", "I'm", "they're", "don't"): what is left is a
# pronoun or an auxiliary. With the apostrophe dropped they read as other words: "we'd" as "wed"
# (every wedding planner's name matched "We'd like to ..."), "I'll" as "ill", "she'll" as "shell".
CONTRACTED = re.compile(r"'(?:d|ll|re|ve|m)$")

# Words that say nothing about what an organization does: legal forms, the filler of NTEE
# descriptions ("Organizations that provide ..."), and words every goal of a library contains.
DOMAIN_STOP_WORDS = frozenset(
    {
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "ltd",
        "llc",
        "pc",
        "dba",
        "aka",
        "fbo",
        "ttee",
        "tr",
        "organization",
        "organizations",
        "organisation",
        "primary",
        "purpose",
        "provide",
        "provides",
        "providing",
        "activities",
        "activity",
        "include",
        "includes",
        "including",
        "focus",
        "variety",
        "nec",
        "general",
        "etc",
    }
)
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | DOMAIN_STOP_WORDS
_WEEKDAYS = ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")
_TIMES_OF_DAY = ("morning", "afternoon", "evening", "night", "weekend")
# Words of a goal's statement that belong to every goal of a library, not to its partners.
GOAL_STOP_WORDS = frozenset(
    {
        "library",
        "libraries",
        "weekly",
        "monthly",
        "daily",
        "hours",
        "hour",
        "week",
        "month",
        "year",
        "years",
        "two",
        "three",
        "new",
        "start",
        "run",
        "offer",
        "offers",
        # How the statement asks, not what for: "we need about $45,000" is not a fund for
        # women in need, and "the right way" is not a United Way.
        "need",
        "needs",
        "needed",
        "way",
        "ways",
        # What nearly every library program is, not what a partner does: "free wills clinic"
        # is not about a free health clinic, nor about a Free Library or the Free Masons.
        "free",
        # When, not what: "this spring" is not Middle Springs' fire company, and "every
        # winter" is not every winter sports club ("fall" is left out: falls are also what
        # strength-and-balance classes prevent, and the names of towns).
        "spring",
        "summer",
        "winter",
        "autumn",
        # Nor does the day, the hour or the month: "Tuesday nights" is not Tuesday Night Live,
        # "Friday evenings in July" not a Fourth of July committee, "a demonstration day" not
        # a day care center. The months that are also other words (March, May, August) are
        # left out.
        "day",
        "days",
        *(f"{day}day{plural}" for day in _WEEKDAYS for plural in ("", "s")),
        *(f"{time}{plural}" for time in _TIMES_OF_DAY for plural in ("", "s")),
        "january",
        "february",
        "april",
        "june",
        "july",
        "september",
        "october",
        "november",
        "december",
        # Where in a building or a town, not what anyone does: "the north wall" is not North
        # Hero's fire department.
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        # Every goal looks for a partner: "we need a partner to supply the worker" is not about
        # Windsor County Partners, nor Partners in Care.
        "partner",
        "partners",
        "partnership",
        "partnerships",
        "partnering",
        # Who takes part, said of anyone who lives nearby, not what a partner does: "so
        # neighbours learn to fix things" (a repair café) is not about Neighbors Helping
        # Neighbors, nor a Good Neighbor health clinic.
        "neighbor",
        "neighbors",
        "neighbour",
        "neighbours",
    }
)


# Words of a goal's statement that say what kind of event the library will hold, not what the
# partner does: "legal clinics" need lawyers, not a health clinic; "resume workshops" need someone
# who knows hiring, not a woodworking shop. The fit engine counts them lightly (FORMAT_WORD).
GOAL_FORMAT_WORDS = frozenset(
    {
        "clinic",
        "clinics",
        "workshop",
        "workshops",
        "class",
        "classes",
        "circle",
        "circles",
        "session",
        "sessions",
        "series",
        "program",
        "programs",
        "programme",
        "programmes",
        "event",
        "events",
        "fair",
        "fairs",
        # A drive collects ("a winter coat drive" is not about motorcyclists or Freedom Drive), a
        # group meets ("a support group" is not a group home), and a course, a lesson, a talk, a
        # lecture, a presentation, a demonstration, an exhibit, a display, a tour or a swap is
        # how something is shown or taught, not what.
        "drive",
        "drives",
        "group",
        "groups",
        "course",
        "courses",
        "lesson",
        "lessons",
        "talk",
        "talks",
        "lecture",
        "lectures",
        "presentation",
        "presentations",
        "demonstration",
        "demonstrations",
        "exhibit",
        "exhibits",
        "exhibition",
        "exhibitions",
        "display",
        "displays",
        "tour",
        "tours",
        "swap",
        "swaps",
        # A club or a meetup is how the library gathers people ("a coding club for girls" is not
        # about outing clubs or soccer clubs), and a forum is how it has them heard ("candidate
        # forums" are not an investors' forum).
        "club",
        "clubs",
        "meetup",
        "meetups",
        "forum",
        "forums",
    }
)


# The library's own place in a goal's statement ("a miniature of our village", "around town",
# "the whole town", "the community room"): where the goal happens, not what its partner does. A
# village improvement society is no partner for a model train layout of "our village", nor a
# community center for a talk "in our community room". Elsewhere the word counts ("the county
# fair", "a community garden").
PLACE_WORDS = frozenset(
    {
        "village",
        "villages",
        "town",
        "towns",
        "city",
        "county",
        "region",
        "community",
        "neighborhood",
        "neighbourhood",
        "area",
    }
)
_OWN_PLACE_BEFORE = re.compile(r"\b(?:our|in|around|across|whole|this)\s+$", re.IGNORECASE)
_OWN_PLACE_AFTER = re.compile(r"\s+rooms?\b", re.IGNORECASE)
_OWN_PLACE_REACH = 40


class Token(NamedTuple):
    """One word of a text: its stem and where it stands in the original."""

    stem: str
    start: int
    end: int


_STEMS: dict[str, str] = {}

# Words the stemmer would cut down to a word of another meaning, with the stem they get instead
# (as Lucene's StemmerOverrideFilter does): "naturalization" is not "nature", an accountant is not
# "accountability", marketing is not a farmers' market, "accessible" (for people with
# disabilities) is not the "access" of public access television or access to justice, and
# training is not a train.
STEM_OVERRIDES = {
    **dict.fromkeys(("naturalization", "naturalize", "naturalized", "naturalizing"), "naturaliz"),
    **dict.fromkeys(("accountant", "accountants", "accounting"), "accountant"),
    **dict.fromkeys(("marketing", "marketer", "marketers"), "marketing"),
    **dict.fromkeys(("accessible", "accessibility", "inaccessible"), "accessibl"),
    # Training is not a train: a model train layout needs no Training resource, and a railway
    # society's name is not about training.
    **dict.fromkeys(("training", "trainings"), "training"),
    # Riding is not a ride: a riding center's name does not offer rides to the library's
    # patrons, and night riding on a snowmobile asks for none.
    "riding": "riding",
    # Willing is not a will: a wills clinic is not about Willing Hands.
    "willing": "willing",
    # Careful is not care: "a careful timber harvest" and "a carefully screened housemate" are
    # not about home care or child care.
    **dict.fromkeys(("careful", "carefully", "carefulness"), "careful"),
    # "Sensory-friendly" or "dementia-friendly" hours are not about the Friends of anything: a
    # friendly place is suited to someone, and the Friends of the library are everywhere.
    "friendly": "friendly",
    # "Adaptive" sports and skiing serve people with disabilities (the thesaurus says so), but to
    # adapt, adapted and adaptation (to floods, of a play) do not: Snowball gives them one stem.
    "adaptive": "adaptive",
    # The field takes the stem of the people who work in it when Snowball parts them the other
    # way ("entrepreneurship" against "entrepreneur").
    **dict.fromkeys(("entrepreneurship", "entrepreneurial"), "entrepreneur"),
    # "Environmental" and "environment" part in Snowball ("environment" against "environ").
    **dict.fromkeys(("environmental", "environmentally"), "environ"),
    # Custody (of a child, in law) is not custodial care: "advice on legal custody" for
    # grandparents raising grandchildren met the title of every residential care home (NTEE
    # P70, "Residential, Custodial Care").
    **dict.fromkeys(("custody", "custodies"), "custody"),
}

# British spellings take the American word's stem: 43 organizations of the Vermont and Rhode
# Island lists are a "Theatre", and a goal asking for a theater met none of their names.
_AMERICAN_SPELLING_OF = (
    ("theatre", "theater"),
    ("theatres", "theaters"),
    ("centre", "center"),
    ("centres", "centers"),
    ("neighbour", "neighbor"),
    ("neighbours", "neighbors"),
    ("neighbourhood", "neighborhood"),
    ("neighbourhoods", "neighborhoods"),
    ("labour", "labor"),
    ("behaviour", "behavior"),
    ("behavioural", "behavioral"),
    ("organisation", "organization"),
    ("organisations", "organizations"),
    ("organise", "organize"),
    ("organised", "organized"),
    ("organising", "organizing"),
    ("colour", "color"),
    ("colours", "colors"),
    ("catalogue", "catalog"),
    ("harbour", "harbor"),
    ("honour", "honor"),
    ("programme", "program"),
    ("programmes", "programs"),
    ("defence", "defense"),
    ("jewellery", "jewelry"),
    ("favourite", "favorite"),
    ("humour", "humor"),
    ("fibre", "fiber"),
    ("licence", "license"),
    ("practise", "practice"),
    ("grey", "gray"),
)

# The people who do a thing meet the thing: Snowball cuts "-er" only from longer words
# ("gardeners" meets "gardening", but "writers" stayed "writer", apart from "writing"), and
# never "-ist" or "-ian". A memoir writing group missed the League of Vermont Writers, a
# mural "painted with local artists" every arts council, "local musicians" every music
# school. Only people named for a craft, an art, a sport or a field are listed: workers,
# teachers, leaders, makers, builders, helpers and users would meet verbs every goal uses, a
# rider would meet the rides a goal asks for, and a farmer, a hunter, a walker or a fisher is
# as often a surname, a class of horse show or an audience. Of those that are also surnames
# (Potter, Weaver, Singer: the May Potter trust, the Howard A. Weaver trust), only the plural
# is read as the people who do it ("Green Mountain Weavers"): a "Harry Potter night" is
# not about pottery. Where the organizations name the field by another word, the people take
# that word's stem: a dentist meets the dental clinics, a lawyer legal aid and legal services.
_AGENTS_OF = (
    ("writer", "writing"),
    ("quilter", "quilting"),
    ("knitter", "knitting"),
    ("dancer", "dancing"),
    ("drummer", "drumming"),
    ("fiddler", "fiddling"),
    ("birder", "birding"),
    ("hiker", "hiking"),
    ("skier", "skiing"),
    ("skater", "skating"),
    ("paddler", "paddling"),
    ("swimmer", "swimming"),
    ("climber", "climbing"),
    ("rower", "rowing"),
    ("sledder", "sledding"),
    ("golfer", "golfing"),
    ("angler", "angling"),
    ("reader", "reading"),
    ("runner", "running"),
    ("artist", "art"),
    ("musician", "music"),
    ("poet", "poetry"),
    ("scientist", "science"),
    ("genealogist", "genealogy"),
    ("naturalist", "nature"),
    ("cyclist", "cycling"),
    ("bicyclist", "bicycling"),
    ("pianist", "piano"),
    ("guitarist", "guitar"),
    ("violinist", "violin"),
    ("novelist", "novel"),
    ("journalist", "journalism"),
    ("therapist", "therapy"),
    ("pharmacist", "pharmacy"),
    ("dentist", "dental"),
    ("botanist", "botany"),
    ("counselor", "counseling"),
    ("counsellor", "counselling"),
    ("nutritionist", "nutrition"),
    ("conservationist", "conservation"),
    ("environmentalist", "environment"),
    ("preservationist", "preservation"),
    ("archivist", "archive"),
    ("mathematician", "mathematics"),
    ("veterinarian", "veterinary"),
    ("sculptor", "sculpture"),
    ("plumber", "plumbing"),
    ("lawyer", "legal"),
    ("inventor", "invention"),
)
_PLURAL_AGENTS_OF = (
    ("weavers", "weaving"),
    ("spinners", "spinning"),
    ("painters", "painting"),
    ("singers", "singing"),
    ("bowlers", "bowling"),
    ("trappers", "trapping"),
    ("carvers", "carving"),
    ("potters", "pottery"),
    ("carpenters", "carpentry"),
    ("bakers", "baking"),
)
STEM_OVERRIDES.update(
    {
        form: _STEMMER.stemWord(activity)
        for agent, activity in _AGENTS_OF
        for form in (agent, agent + "s")
    }
)
STEM_OVERRIDES.update(
    {plural: _STEMMER.stemWord(activity) for plural, activity in _PLURAL_AGENTS_OF}
)
STEM_OVERRIDES.update(
    {british: _STEMMER.stemWord(american) for british, american in _AMERICAN_SPELLING_OF}
)


# Adjectives the stemmer parts from their noun: Snowball gives "histori" for "history" but
# "histor" for "historical", so a goal about local history missed every historical society.
# An adjective of these families takes its noun's stem (historic, historical -> history; economic,
# economics -> economy; geographic, philanthropic, geometric, dystrophic likewise), as KStem's
# derivational rules do. Families whose nouns end otherwise (pediatrics, epidemics) are left out.
# The people of these families take the noun's stem too: "amateur astronomers" met no astronomy
# club ("astronom" against "astronomi"), photographers no photography guild, historians no
# history (astronomer, photographer, philosopher, economist, historian; Snowball already gives
# biologists and biology one stem).
ADJECTIVE_OF_NOUN = re.compile(
    r"(?P<base>[a-z]{2,}(?:graph|stor|metr|throp|troph|nom))(?:ic|ical|ically)$"
    r"|(?P<plural>[a-z]{2,}nom)ics$"
    r"|(?P<agent>[a-z]{2,}(?:graph|nom|soph))(?:ers?|ists?)$"
    r"|(?P<teller>[a-z]{2,}stor)ians?$"
)


def _noun_of(word: str) -> str | None:
    """The noun a word of ADJECTIVE_OF_NOUN's families comes from, None for other words."""
    match = ADJECTIVE_OF_NOUN.fullmatch(word)
    if match is None:
        return None
    return next(part for part in match.groups() if part) + "y"


def stem(word: str) -> str:
    """The stem of one lower-case word (remembered: names repeat the same few thousand words)."""
    found = _STEMS.get(word)
    if found is None:
        noun = _noun_of(word)
        found = STEM_OVERRIDES.get(word) or _STEMMER.stemWord(noun or word)
        if len(_STEMS) < 500_000:
            _STEMS[word] = found
    return found


def tokens(text: str, stop_words: frozenset[str] = STOP_WORDS) -> list[Token]:
    """The words of `text` that carry meaning, stemmed, with their positions in `text`."""
    found: list[Token] = []
    if not text:
        return found
    known = _STEMS  # looked up here first: a call per word is most of the cost of 100,000 names
    for match in TOKEN.finditer(text):
        word = match.group().lower()
        if "'" in word or "’" in word:
            word = word.replace("’", "'")
            if word.endswith("n't"):
                continue  # don't, can't, won't: a verb that says no
            word = CONTRACTED.sub("", word).removesuffix("'s").replace("'", "")
        if "-" in word:
            word = word.replace("-", "")  # 4-H
        if word in stop_words or (len(word) < 2 and not word.isdigit()):
            continue
        start, end = match.span()
        found.append(Token(known.get(word) or stem(word), start, end))
    return found


def stems(text: str, stop_words: frozenset[str] = STOP_WORDS) -> list[str]:
    """The stems of the words of `text` that carry meaning, in order."""
    return [token.stem for token in tokens(text, stop_words)]


# "After school" and "before school" say when, not who or what: "a monthly after-school evening
# where LGBTQ+ teens can hang out" is not for students, nor about the schools' PTOs and booster
# clubs that filled its top ten.
_SCHOOL_HOURS = re.compile(r"\b((?:after|before)[-\s]+)school\b", re.IGNORECASE)
# The school board is a body the goal speaks to or reports on, not its students nor any partner:
# "nobody covers the selectboard or the school board" was read as a goal for students, and its
# words met every "Board of Realtors".
_SCHOOL_BOARD = re.compile(r"\bschool\s+(?:boards?|committees?|directors)\b", re.IGNORECASE)
# "Caring" before a person says what kind of person, not the care given: "one more caring
# grown-up" is a mentor, and read as "care" it met the title of every child day care (NTEE P33,
# "Child Day Care"). "Caring for" and "caring about" still say care.
_KIND_CARING = re.compile(r"\bcaring\b(?!\s+(?:for|about)\b)", re.IGNORECASE)
# "Take home" says what patrons do with what they borrow, and "close to home" how near help is:
# "take home books" is not about nursing homes, nor "help close to home" about community housing.
# A home of its own still counts ("home energy audits", "a first home", "homebound").
_HOME_OF_PATRONS = re.compile(
    r"\b(?:take[-\s]+home|(?:close|closer|near)\s+to\s+home)\b", re.IGNORECASE
)


def _blank(match: re.Match) -> str:
    return " " * len(match[0])


def when_not_what(text: str) -> str:
    """`text` with the words that say neither what the goal is about nor whom it serves blanked
    where they stand, so that the other words keep their positions: when ("school" of "after
    school"), a body it speaks to ("the school board"), what kind of person ("a caring
    adult"), what patrons do or how near ("take home books", "help close to home")."""
    text = _SCHOOL_BOARD.sub(_blank, text)
    text = _KIND_CARING.sub(_blank, text)
    text = _HOME_OF_PATRONS.sub(_blank, text)
    return _SCHOOL_HOURS.sub(lambda match: match[1] + " " * len("school"), text)


def own_place(text: str, token: Token) -> bool:
    """Whether a word of `text` names the library's own place (PLACE_WORDS) rather than what the
    goal is about: right after "our", "in", "around", "across", "whole" or "this", or before
    "room" ("the community room")."""
    word = text[token.start : token.end].lower().replace("’", "'").removesuffix("'s")
    # The few characters before the word are enough ("across" and a space), and reading only
    # them keeps a long background linear.
    before = max(0, token.start - _OWN_PLACE_REACH)
    return word in PLACE_WORDS and bool(
        _OWN_PLACE_BEFORE.search(text, before, token.start)
        or _OWN_PLACE_AFTER.match(text, token.end)
    )


def phrase(text: str) -> tuple[str, ...]:
    """A thesaurus entry as the stems it must match, in order ("Food shelves" -> food, shelv).

    Stop words are dropped on both sides ("boys and girls" matches "Boys & Girls"). An entry of
    several words that would be left with one ("housing first") is unusable and gives ()."""
    meaningful = tuple(stems(text))
    if len(meaningful) < 2 and len(TOKEN.findall(text)) > 1:
        return ()
    return meaningful


class PhraseIndex:
    """Phrases (tuples of stems) indexed by their first stem, to find them in many texts."""

    def __init__(self, phrases: Iterable[tuple[str, ...]]) -> None:
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for entry in set(phrases):
            if entry:
                self.by_first.setdefault(entry[0], []).append(entry)

    def find(self, found: Sequence[Token]) -> list[tuple[tuple[str, ...], int, int]]:
        """Each phrase that occurs in `found` as consecutive stems: (phrase, start, end)."""
        return [(entry, start, end) for entry, start, end, _a, _b in self.find_spans(found)]

    def find_spans(
        self, found: Sequence[Token]
    ) -> list[tuple[tuple[str, ...], int, int, int, int]]:
        """(phrase, start, end, first token, last token + 1) of each phrase found."""
        hits = []
        sequence = [token.stem for token in found]
        for index, token in enumerate(found):
            for entry in self.by_first.get(token.stem, ()):
                if len(entry) == 1 or tuple(sequence[index : index + len(entry)]) == entry:
                    end = index + len(entry)
                    hits.append((entry, token.start, found[end - 1].end, index, end))
        return hits


def find_phrases(
    found: Sequence[Token], phrases: Iterable[tuple[str, ...]]
) -> list[tuple[tuple[str, ...], int, int]]:
    """Each phrase that occurs in `found` as consecutive stems: (phrase, start, end) in the text."""
    return PhraseIndex(phrases).find(found)


def quote(text: str, start: int, end: int, limit: int = 60) -> str:
    """The words of `text` between two positions, widened to whole words, at most `limit` long."""
    snippet = " ".join(text[start:end].split())
    if len(snippet) <= limit:
        return snippet
    return snippet[: limit - 1].rsplit(" ", 1)[0] + "…"
