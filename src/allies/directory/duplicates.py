"""Finding organizations (and people) that are probably the same: normalise, block, score.

Plain Python, no Django (type-checked with mypy): `directory.dedupe` feeds it a library's records
and turns its reasons into translated sentences; `allies bench duplicates` measures it.

How a pair is found:

1. **Normalise.** A name is folded (accents, case, punctuation), "&" becomes "and", "St." at the
   start of a word group becomes "Saint", "Mt" "Mount", usual abbreviations are spelled out
   ("Assn" -> "association"), and legal forms and filler words go ("Inc", "Corp", "The", "of").
   Word order is not compared (tokens are sorted). Phones keep their last ten digits, websites
   and e-mails their domain (free mail services such as gmail.com say nothing), addresses are
   folded the same way with "St" -> "street", ZIP codes keep five digits.
2. **Block.** Only records sharing a key are compared, never all pairs: the same EIN, phone,
   website or e-mail domain, street address, or a name word (and its first four letters, so a
   typo in the middle of a word still meets). A key shared by more than `BLOCK_LIMIT` records
   ("club", "church") says too little and is dropped; the other keys still bring its pairs.
3. **Score.** The name's similarity (rapidfuzz: token sort, token set for a name contained in
   the other, and the letters without spaces for "Mapleford") weighs most; a same EIN, phone,
   domain or address adds, a different city, a different EIN or different numbers in the names
   ("Post 12" and "Post 21") take away. Each pair keeps why it was matched.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

import numpy
from rapidfuzz import fuzz, process

# Pairs at or above this score are reported.
THRESHOLD = 0.6
BLOCK_LIMIT = 60
# Two names in a block are scored only when this alike (rapidfuzz's token sort ratio, 0-100),
# or when one is nearly inside the other (token set ratio).
NAME_CUTOFF = 70
CONTAINED_CUTOFF = 85

LEGAL_AND_FILLER = frozenset(
    {
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "llc",
        "ltd",
        "limited",
        "pc",
        "the",
        "of",
        "and",
        "a",
        "an",
        "for",
        "in",
        "at",
        "dba",
        "fbo",
    }
)
ABBREVIATIONS = {
    "st": "saint",
    "ste": "saint",
    "mt": "mount",
    "ft": "fort",
    "assn": "association",
    "assoc": "association",
    "asso": "association",
    "ctr": "center",
    "cntr": "center",
    "centre": "center",
    "dept": "department",
    "intl": "international",
    "natl": "national",
    "soc": "society",
    "univ": "university",
    "fdn": "foundation",
    "fndn": "foundation",
    "cmty": "community",
    "svcs": "services",
    "svc": "service",
    "hosp": "hospital",
    "sch": "school",
    "elem": "elementary",
    "libr": "library",
    "lib": "library",
    "hist": "historical",
    "hs": "high school",
    "vol": "volunteer",
    "vt": "vermont",
    "ri": "rhode island",
    "no": "number",
    "bros": "brothers",
    "amer": "american",
    "chptr": "chapter",
}
ADDRESS_ABBREVIATIONS = {
    "st": "street",
    "str": "street",
    "ave": "avenue",
    "av": "avenue",
    "rd": "road",
    "dr": "drive",
    "ln": "lane",
    "blvd": "boulevard",
    "hwy": "highway",
    "rte": "route",
    "rt": "route",
    "ct": "court",
    "pl": "place",
    "sq": "square",
    "pkwy": "parkway",
    "ter": "terrace",
    "n": "north",
    "s": "south",
    "e": "east",
    "w": "west",
    "ste": "suite",
    "apt": "apartment",
    "po": "po",
    "p": "",
    "o": "",
}
# Words so common in organization names that sharing them proves nothing: not used as block keys.
COMMON_NAME_WORDS = frozenset(
    {
        "association",
        "club",
        "society",
        "foundation",
        "center",
        "church",
        "community",
        "friends",
        "council",
        "committee",
        "fund",
        "trust",
        "services",
        "service",
        "united",
        "american",
        "national",
        "international",
        "vermont",
        "saint",
        "new",
        "school",
        "program",
        "group",
        "organization",
        "chapter",
        "post",
        "number",
    }
)
FREE_MAIL = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "hotmail.com",
        "outlook.com",
        "live.com",
        "msn.com",
        "aol.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "comcast.net",
        "verizon.net",
        "att.net",
        "sbcglobal.net",
        "protonmail.com",
        "proton.me",
        "gmx.com",
        "mail.com",
        "ymail.com",
        "myfairpoint.net",
        "together.net",
        "charter.net",
        "cox.net",
    }
)
# Hosts many organizations share: a page there is not a shared domain.
SHARED_HOSTS = frozenset(
    {
        "facebook.com",
        "fb.com",
        "sites.google.com",
        "google.com",
        "wordpress.com",
        "wixsite.com",
        "squarespace.com",
        "instagram.com",
        "twitter.com",
        "x.com",
        "linkedin.com",
        "weebly.com",
        "blogspot.com",
        "godaddysites.com",
        "linktr.ee",
        "eventbrite.com",
    }
)

# Words that tell two organizations of otherwise the same name apart.
QUALIFIER_GROUPS = [
    frozenset(group.split())
    for group in (
        "north south east west northeast northwest southeast southwest central upper lower",
        "men women mens womens boys girls",
        "elementary middle high junior senior primary secondary",
        "baptist methodist congregational episcopal lutheran presbyterian catholic unitarian "
        "pentecostal adventist evangelical orthodox",
        "first second third fourth fifth",
        "youth adult senior teen children kids",
    )
]

# Words that make a related but distinct body: "Friends of the Library", the "Auxiliary" of a
# post, the "Foundation" or "Scholarship Fund" of an association.
AFFILIATE_WORDS = frozenset(
    {
        "friends",
        "auxiliary",
        "foundation",
        "fund",
        "scholarship",
        "alumni",
        "booster",
        "boosters",
        "endowment",
        "trust",
        "pac",
    }
)
LEGAL_FORMS = ("corporation", "incorporated", "company", "limited")

_WORD = re.compile(r"[a-z0-9]+")
_DIGITS = re.compile(r"\d+")


def fold(text: str) -> str:
    """Lower case without accents; apostrophes joined ("Mary's" -> "marys"), "&" -> "and"."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return text.replace("&", " and ").replace("'", "").replace("’", "")


def name_tokens(name: str) -> list[str]:
    """The words of an organization's name as compared: abbreviations spelled out, legal forms
    and filler out."""
    words: list[str] = []
    found = _WORD.findall(fold(name))
    # A legal form typed wrong ("Corpoartion") goes as well.
    if (
        len(found) > 1
        and len(found[-1]) >= 6
        and max(fuzz.ratio(found[-1], form) for form in LEGAL_FORMS) >= 80
    ):
        found = found[:-1]
    for word in found:
        expanded = ABBREVIATIONS.get(word, word)
        words.extend(w for w in expanded.split() if w not in LEGAL_AND_FILLER)
    return words


def normalise_name(name: str) -> str:
    """The comparable form of a name: its words sorted, so word order does not count."""
    return " ".join(sorted(name_tokens(name)))


def name_numbers(name: str) -> frozenset[str]:
    """Numbers in a name ("American Legion Post 12"): different numbers, different chapters."""
    return frozenset(n.lstrip("0") or "0" for n in _DIGITS.findall(name or ""))


def normalise_phone(phone: str) -> str:
    digits = "".join(c for c in phone or "" if c.isdigit())
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return digits[-10:] if len(digits) >= 10 else ""


def website_domain(url: str) -> str:
    host = (url or "").strip().lower()
    host = re.sub(r"^[a-z]+://", "", host).split("/")[0].split("?")[0].split(":")[0]
    host = host.removeprefix("www.")
    if not host or "." not in host:
        return ""
    if host in SHARED_HOSTS or any(host.endswith("." + shared) for shared in SHARED_HOSTS):
        return ""
    return host


def email_domain(email: str) -> str:
    domain = (email or "").strip().lower().rpartition("@")[2]
    domain = domain.removeprefix("www.")
    return "" if not domain or domain in FREE_MAIL or "." not in domain else domain


def normalise_address(address: str) -> str:
    words = []
    for word in _WORD.findall(fold(address)):
        expanded = ADDRESS_ABBREVIATIONS.get(word, word)
        if expanded:
            words.append(expanded)
    return " ".join(words)


def normalise_zip(zip_code: str) -> str:
    digits = "".join(c for c in zip_code or "" if c.isdigit())
    return digits[:5] if len(digits) >= 5 else ""


def _norm_city(city: str) -> str:
    return " ".join(ABBREVIATIONS.get(w, w) for w in _WORD.findall(fold(city)))


@dataclass(frozen=True)
class OrganizationRecord:
    id: int
    name: str
    ein: str = ""
    website: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    city: str = ""
    zip_code: str = ""


@dataclass(frozen=True)
class PersonRecord:
    id: int
    name: str
    email: str = ""
    phone: str = ""
    organization_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Reason:
    """Why a pair was matched (or held back): a code and the value it is about."""

    code: str
    detail: str = ""


@dataclass
class Pair:
    a: int
    b: int
    score: float
    reasons: list[Reason] = field(default_factory=list)


@dataclass
class _Org:
    id: int
    name: str
    tokens: list[str]
    key: str
    placeless: str
    compact: str
    numbers: frozenset[str]
    ein: str
    domains: frozenset[str]
    email: str
    phone: str
    address: str
    city: str
    zip5: str


def _prepare_org(record: OrganizationRecord) -> _Org:
    tokens = name_tokens(record.name)
    key = " ".join(sorted(tokens))
    domains = {d for d in (website_domain(record.website), email_domain(record.email)) if d}
    ein = "".join(c for c in record.ein or "" if c.isdigit())
    city = _norm_city(record.city)
    city_words = set(city.split())
    rest = [t for t in tokens if t not in city_words]
    placeless = " ".join(sorted(rest)) if city_words and len(rest) < len(tokens) and rest else key
    return _Org(
        id=record.id,
        name=record.name,
        tokens=tokens,
        key=key,
        placeless=placeless,
        compact="".join(tokens),
        numbers=name_numbers(record.name),
        ein=ein if len(ein) == 9 else "",
        domains=frozenset(domains),
        email=(record.email or "").strip().lower(),
        phone=normalise_phone(record.phone),
        address=normalise_address(record.address),
        city=city,
        zip5=normalise_zip(record.zip_code),
    )


def name_similarity(a: str, b: str) -> float:
    """0..1: how alike two names are once normalised (word order, filler and case aside)."""
    return _name_similarity(
        _prepare_org(OrganizationRecord(0, a)), _prepare_org(OrganizationRecord(0, b))
    )[0]


def _unmatched(tokens: Sequence[str], others: Sequence[str]) -> list[str]:
    """The tokens with no equal in `others`, nor a close one (a typo: "Foundtaion")."""
    other_set = set(others)
    unmatched = [t for t in tokens if t not in other_set]
    if not unmatched:
        return unmatched
    long_others = [o for o in others if len(o) >= 4 and o not in tokens]
    if not long_others:
        return unmatched
    return [
        t
        for t in unmatched
        if len(t) < 4
        or process.extractOne(t, long_others, scorer=fuzz.ratio, score_cutoff=80) is None
    ]


def _weighted_overlap(
    a: Sequence[str],
    b: Sequence[str],
    missing_a: Sequence[str],
    missing_b: Sequence[str],
    idf: dict[str, float] | None,
) -> float:
    """How much of the names' weight their shared words carry: rare words weigh more than
    "Vermont" or "Association" (the inverse document frequency in the records compared). The
    mean of the overlap of both names and that of the better covered one (a name inside
    another)."""
    if not a or not b:
        return 0.0

    def weigh(tokens: Sequence[str]) -> float:
        return sum(idf.get(t, 1.0) for t in tokens) if idf else float(len(tokens))

    total_a, total_b = weigh(a), weigh(b)
    lost_a, lost_b = weigh(missing_a), weigh(missing_b)
    both = (total_a + total_b - lost_a - lost_b) / (total_a + total_b)
    best = max((total_a - lost_a) / total_a, (total_b - lost_b) / total_b)
    return (both + best) / 2


def _name_similarity(
    a: _Org, b: _Org, idf: dict[str, float] | None = None
) -> tuple[float, list[str], list[str]]:
    """The mean of how alike the names' letters are (rapidfuzz) and how much of their weight
    their shared words carry; with the words of each that the other lacks."""
    # In one town, the town's name in both names says nothing: "St Albans Bay Cemetery
    # Association" and "St Albans Bay Hockey Association" are compared as cemetery/hockey.
    key_a, key_b = _compared_keys(a, b)
    tokens_a, tokens_b = key_a.split(), key_b.split()
    missing_a, missing_b = _unmatched(tokens_a, tokens_b), _unmatched(tokens_b, tokens_a)
    letters = _letter_similarity(a, b, key_a, key_b)
    if letters >= 0.999:
        return 1.0, missing_a, missing_b
    overlap = _weighted_overlap(tokens_a, tokens_b, missing_a, missing_b, idf)
    return (letters + overlap) / 2, missing_a, missing_b


def _compared_keys(a: _Org, b: _Org) -> tuple[str, str]:
    if a.city and a.city == b.city and (a.placeless != a.key or b.placeless != b.key):
        return a.placeless, b.placeless
    return a.key, b.key


def _letter_similarity(a: _Org, b: _Org, key_a: str, key_b: str) -> float:
    if not key_a or not key_b:
        return 0.0
    if a.key == b.key or key_a == key_b:
        return 1.0
    sort = fuzz.ratio(key_a, key_b) / 100
    compact = fuzz.ratio(a.compact, b.compact) / 100 if key_a == a.key and key_b == b.key else 0.0
    # One name inside the other ("Lantern House" in "Lantern House Youth Shelter"): counts, less
    # than a full match, and less again when the shorter name is a single word.
    contained = fuzz.token_set_ratio(key_a, key_b) / 100
    shorter = min(key_a.count(" "), key_b.count(" ")) + 1
    contained *= 0.9 if shorter >= 2 else 0.7
    return max(sort, compact, contained)


def score_organizations(a: _Org, b: _Org, idf: dict[str, float] | None = None) -> Pair:
    """0..1 with the reasons. The name weighs most; an address, city, ZIP or web domain only
    corroborates a name that is already alike (an accountant's PO box or a shared office is
    the address of many), while a same EIN, phone or e-mail address count on their own."""
    reasons: list[Reason] = []
    name, missing_a, missing_b = _name_similarity(a, b, idf)
    if name >= 0.999:
        reasons.append(Reason("same_name"))
    elif name >= 0.6:
        reasons.append(Reason("similar_name", f"{round(name * 100)}"))
    corroborates = max(0.0, min(1.0, (name - 0.5) / 0.3))
    score = 0.7 * name
    if a.ein and b.ein:
        if a.ein == b.ein:
            score += 0.5
            reasons.append(Reason("same_ein", a.ein))
        else:
            score -= 0.6
            reasons.append(Reason("different_ein"))
    if a.phone and a.phone == b.phone:
        score += 0.3 * max(corroborates, 0.5)
        reasons.append(Reason("same_phone", a.phone))
    shared_domains = a.domains & b.domains
    if a.email and a.email == b.email:
        score += 0.3 * max(corroborates, 0.5)
        reasons.append(Reason("same_email", a.email))
    elif shared_domains:
        score += 0.25 * corroborates
        reasons.append(Reason("same_domain", sorted(shared_domains)[0]))
    if a.address and a.address == b.address:
        score += 0.2 * corroborates
        reasons.append(Reason("same_address", a.address))
    if a.city and b.city:
        if a.city == b.city:
            score += 0.1 * corroborates
            reasons.append(Reason("same_city", a.city))
        elif not (a.zip5 and a.zip5 == b.zip5):
            score -= 0.3
            reasons.append(Reason("different_city"))
    if a.zip5 and a.zip5 == b.zip5:
        score += 0.05 * corroborates
        reasons.append(Reason("same_zip", a.zip5))
    if a.numbers != b.numbers and (a.numbers and b.numbers):
        score -= 0.5
        reasons.append(Reason("different_numbers"))
    only_a, only_b = set(missing_a), set(missing_b)
    if (only_a | only_b) & AFFILIATE_WORDS and not (
        only_a & AFFILIATE_WORDS and only_b & AFFILIATE_WORDS
    ):
        score -= 0.35
        reasons.append(Reason("affiliate"))
    if any(only_a & group and only_b & group for group in QUALIFIER_GROUPS):
        score -= 0.5
        reasons.append(Reason("different_qualifier"))
    score = max(0.0, min(1.0, score))
    first, second = (a.id, b.id) if a.id < b.id else (b.id, a.id)
    return Pair(first, second, round(score, 4), reasons)


def _blocks(records: Sequence[_Org]) -> tuple[list[list[int]], list[list[int]]]:
    """Name blocks (compared on the name first) and strong blocks (same EIN, phone, domain,
    address: always scored). Each block lists indexes into records."""
    name_keys: dict[str, list[int]] = defaultdict(list)
    strong_keys: dict[str, list[int]] = defaultdict(list)
    for index, record in enumerate(records):
        words = {w for w in record.tokens if len(w) >= 3 and w not in COMMON_NAME_WORDS}
        if not words:  # a name of common words only ("Community Church"): all of them
            words = set(record.tokens)
        keys = {"w:" + w for w in words} | {"p:" + w[:4] for w in words if len(w) >= 5}
        if record.compact:
            keys.add("c:" + record.compact[:6])
            keys.add("s:" + record.key.replace(" ", "")[:6])
        place = record.city or record.zip5
        if place:  # in one town, even the common words make small blocks
            keys.update(f"t:{place}:{w}" for w in record.tokens if len(w) >= 3)
        for key in keys:
            name_keys[key].append(index)
        strong = set()
        if record.ein:
            strong.add("ein:" + record.ein)
        if record.phone:
            strong.add("tel:" + record.phone)
        strong.update("dom:" + d for d in record.domains)
        if record.address and any(c.isdigit() for c in record.address):
            strong.add("adr:" + record.address)
        for key in strong:
            strong_keys[key].append(index)
    usable = [b for b in name_keys.values() if 1 < len(b) <= BLOCK_LIMIT]
    strong_usable = [b for b in strong_keys.values() if 1 < len(b) <= BLOCK_LIMIT]
    return usable, strong_usable


def find_organization_duplicates(
    records: Iterable[OrganizationRecord],
    *,
    threshold: float = THRESHOLD,
    exclude: Iterable[tuple[int, int]] = (),
    focus: Collection[int] | None = None,
) -> list[Pair]:
    """Pairs of records that are probably one organization, best first (then by ids, so the
    list is the same from run to run). `exclude`: pairs already judged distinct. `focus`: only
    pairs with at least one of these ids (the rows of an import against the directory)."""
    prepared = [_prepare_org(r) for r in records]
    frequency: Counter[str] = Counter(t for r in prepared for t in set(r.tokens))
    idf = {t: math.log(1 + len(prepared) / n) for t, n in frequency.items()}
    excluded = {(min(a, b), max(a, b)) for a, b in exclude}
    name_blocks, strong_blocks = _blocks(prepared)
    if focus is not None:
        wanted = {i for i, r in enumerate(prepared) if r.id in focus}
        name_blocks = [b for b in name_blocks if wanted.intersection(b)]
        strong_blocks = [b for b in strong_blocks if wanted.intersection(b)]
    candidates: dict[tuple[int, int], float | None] = {}
    for block in name_blocks:
        keys = [prepared[i].key for i in block]
        contained = process.cdist(
            keys, keys, scorer=fuzz.token_set_ratio, score_cutoff=CONTAINED_CUTOFF, workers=1
        )
        alike = process.cdist(
            keys, keys, scorer=fuzz.token_sort_ratio, score_cutoff=NAME_CUTOFF, workers=1
        )
        xs, ys = numpy.nonzero(numpy.triu(numpy.maximum(contained, alike), 1))
        for x, y in zip(xs.tolist(), ys.tolist(), strict=True):
            candidates.setdefault((block[x], block[y]), None)
    for block in strong_blocks:
        for x in range(len(block)):
            for y in range(x + 1, len(block)):
                candidates.setdefault((block[x], block[y]), None)
    pairs = []
    for i, j in candidates:
        a, b = prepared[i], prepared[j]
        if a.id == b.id:
            continue
        if (min(a.id, b.id), max(a.id, b.id)) in excluded:
            continue
        if focus is not None and a.id not in focus and b.id not in focus:
            continue
        pair = score_organizations(a, b, idf)
        if pair.score >= threshold:
            pairs.append(pair)
    pairs.sort(key=lambda p: (-p.score, p.a, p.b))
    return pairs


# People ------------------------------------------------------------------------------------

TITLES = frozenset({"dr", "mr", "mrs", "ms", "miss", "rev", "prof", "jr", "sr", "ii", "iii", "iv"})
NICKNAMES = {
    "bob": "robert",
    "bobby": "robert",
    "rob": "robert",
    "robbie": "robert",
    "bert": "robert",
    "bill": "william",
    "billy": "william",
    "will": "william",
    "willie": "william",
    "liam": "william",
    "jim": "james",
    "jimmy": "james",
    "jamie": "james",
    "mike": "michael",
    "mikey": "michael",
    "mick": "michael",
    "tom": "thomas",
    "tommy": "thomas",
    "dick": "richard",
    "rick": "richard",
    "rich": "richard",
    "ricky": "richard",
    "dan": "daniel",
    "danny": "daniel",
    "dave": "david",
    "joe": "joseph",
    "joey": "joseph",
    "jack": "john",
    "johnny": "john",
    "jon": "john",
    "chris": "christopher",
    "kit": "christopher",
    "steve": "steven",
    "stephen": "steven",
    "tony": "anthony",
    "ed": "edward",
    "eddie": "edward",
    "ted": "edward",
    "ned": "edward",
    "andy": "andrew",
    "drew": "andrew",
    "matt": "matthew",
    "pat": "patricia",
    "patty": "patricia",
    "trish": "patricia",
    "sam": "samuel",
    "sammy": "samuel",
    "ben": "benjamin",
    "benny": "benjamin",
    "alex": "alexander",
    "al": "albert",
    "charlie": "charles",
    "chuck": "charles",
    "greg": "gregory",
    "larry": "lawrence",
    "jerry": "gerald",
    "ken": "kenneth",
    "kenny": "kenneth",
    "ron": "ronald",
    "ronnie": "ronald",
    "don": "donald",
    "doug": "douglas",
    "fred": "frederick",
    "frank": "francis",
    "hank": "henry",
    "harry": "henry",
    "nick": "nicholas",
    "pete": "peter",
    "phil": "philip",
    "ray": "raymond",
    "tim": "timothy",
    "walt": "walter",
    "liz": "elizabeth",
    "lizzie": "elizabeth",
    "beth": "elizabeth",
    "betsy": "elizabeth",
    "betty": "elizabeth",
    "eliza": "elizabeth",
    "libby": "elizabeth",
    "kate": "katherine",
    "katie": "katherine",
    "kathy": "katherine",
    "kathryn": "katherine",
    "catherine": "katherine",
    "cathy": "katherine",
    "kat": "katherine",
    "peggy": "margaret",
    "maggie": "margaret",
    "meg": "margaret",
    "marge": "margaret",
    "sue": "susan",
    "suzy": "susan",
    "susie": "susan",
    "jen": "jennifer",
    "jenny": "jennifer",
    "jenn": "jennifer",
    "debbie": "deborah",
    "deb": "deborah",
    "debra": "deborah",
    "barb": "barbara",
    "cindy": "cynthia",
    "becky": "rebecca",
    "becca": "rebecca",
    "vicky": "victoria",
    "vicki": "victoria",
    "abby": "abigail",
    "mandy": "amanda",
    "manda": "amanda",
    "annie": "anne",
    "ann": "anne",
    "anna": "anne",
    "nancy": "anne",
    "molly": "mary",
    "polly": "mary",
    "sally": "sarah",
    "sara": "sarah",
    "terry": "teresa",
    "theresa": "teresa",
    "tess": "teresa",
    "val": "valerie",
    "jo": "joanne",
    "joan": "joanne",
    "dot": "dorothy",
    "dottie": "dorothy",
    "ellie": "eleanor",
    "nell": "eleanor",
    "gwen": "gwendolyn",
    "jackie": "jacqueline",
    "lou": "louis",
    "louie": "louis",
    "mo": "maurice",
}


@dataclass
class _Person:
    id: int
    name: str
    first: str
    first_canonical: str
    last: str
    email: str
    phone: str
    organizations: frozenset[int]


def person_name_parts(name: str) -> tuple[str, str]:
    """(first, last) of a person's name: "Smith, J." and "Dr. Jane Q. Smith Jr." alike."""
    text = fold(name)
    if "," in text:
        last_part, _, first_part = text.partition(",")
        text = f"{first_part} {last_part}"
    words = [w for w in _WORD.findall(text) if w not in TITLES]
    if not words:
        return "", ""
    if len(words) == 1:
        return "", words[0]
    return words[0], words[-1]


def _prepare_person(record: PersonRecord) -> _Person:
    first, last = person_name_parts(record.name)
    return _Person(
        id=record.id,
        name=record.name,
        first=first,
        first_canonical=NICKNAMES.get(first, first),
        last=last,
        email=(record.email or "").strip().lower(),
        phone=normalise_phone(record.phone),
        organizations=frozenset(record.organization_ids),
    )


def _first_names_agree(a: _Person, b: _Person) -> tuple[float, str]:
    if not a.first or not b.first:
        return 0.7, ""
    if a.first == b.first:
        return 1.0, "same"
    if a.first_canonical == b.first_canonical:
        return 0.95, "nickname"
    if len(a.first) == 1 or len(b.first) == 1:
        return (0.85, "initial") if a.first[0] == b.first[0] else (0.0, "")
    ratio = fuzz.ratio(a.first, b.first) / 100
    return (ratio, "similar") if ratio >= 0.8 else (0.0, "")


def score_people(a: _Person, b: _Person) -> Pair:
    reasons: list[Reason] = []
    last = 1.0 if a.last == b.last else fuzz.ratio(a.last, b.last) / 100
    first, how = _first_names_agree(a, b)
    name = 0.0
    if last >= 0.85 and first:
        name = last * first
        if how == "same" and last == 1.0:
            reasons.append(Reason("same_name"))
        elif how == "nickname":
            reasons.append(Reason("nickname", f"{a.first} / {b.first}"))
        elif how == "initial":
            reasons.append(Reason("initial", f"{a.first} / {b.first}"))
        else:
            reasons.append(Reason("similar_name", f"{round(name * 100)}"))
    score = 0.65 * name
    if a.email and a.email == b.email:
        score += 0.45
        reasons.append(Reason("same_email", a.email))
    elif a.email and b.email and name:
        score -= 0.1
    if a.phone and a.phone == b.phone:
        score += 0.3
        reasons.append(Reason("same_phone", a.phone))
    if a.organizations & b.organizations:
        score += 0.15
        reasons.append(Reason("same_organization"))
    score = max(0.0, min(1.0, score))
    first_id, second_id = (a.id, b.id) if a.id < b.id else (b.id, a.id)
    return Pair(first_id, second_id, round(score, 4), reasons)


def find_person_duplicates(
    records: Iterable[PersonRecord],
    *,
    threshold: float = THRESHOLD,
    exclude: Iterable[tuple[int, int]] = (),
) -> list[Pair]:
    """Pairs of people who are probably one person, best first. Blocked on last name (and its
    first four letters), e-mail and phone."""
    prepared = [_prepare_person(r) for r in records]
    excluded = {(min(a, b), max(a, b)) for a, b in exclude}
    keys: dict[str, list[int]] = defaultdict(list)
    for index, person in enumerate(prepared):
        own = set()
        if person.last:
            own.add("l:" + person.last)
            own.add("p:" + person.last[:4])
        if person.email:
            own.add("e:" + person.email)
        if person.phone:
            own.add("t:" + person.phone)
        for key in own:
            keys[key].append(index)
    seen: set[tuple[int, int]] = set()
    pairs = []
    for block in keys.values():
        if not 1 < len(block) <= BLOCK_LIMIT * 4:
            continue
        for x in range(len(block)):
            for y in range(x + 1, len(block)):
                i, j = block[x], block[y]
                if (i, j) in seen:
                    continue
                seen.add((i, j))
                a, b = prepared[i], prepared[j]
                if a.id == b.id or (min(a.id, b.id), max(a.id, b.id)) in excluded:
                    continue
                pair = score_people(a, b)
                if pair.score >= threshold:
                    pairs.append(pair)
    pairs.sort(key=lambda p: (-p.score, p.a, p.b))
    return pairs
