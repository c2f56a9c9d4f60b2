"""The thesaurus: the words organizations use for each starting audience and resource.

Plain Python, no Django. For every audience and resource of the starting lists (by slug), the
words and phrases that say an organization reaches that audience or offers that resource, the NTEE
codes that say it, and the IRS codes that say it. A library extends it in Settings (each of its
audiences and resources has a box of its own words), and a term the library made up itself is
matched by its own name and those words. docs/fit.md explains how the entries are used.

Reading an entry:
- `words`: who the audience is ("refugees", "older adults"); any of them, in a name or a text, is
  evidence (a phrase must appear as written, in order; words are stemmed, so "refugees" finds
  "refugee"). In a goal's statement they name its audience and count little as its words.
- `services`: what is done for that audience ("resettlement", "warming shelter"): evidence as
  strong as `words` in an organization's record; in a goal's statement they name the audience
  too, but stay words of the goal, counted in full.
- `weak`: weaker evidence (a "foundation" in a name may give grants; a church may lend a hall).
- `pairs`: one word of each group in the same text ("youth" ... "homeless").
- `unless`: a match in a text that also says one of these is not counted ("animal shelter").
- `ntee`: prefixes of NTEE codes; "*01" is code 01 of every major group (alliances & advocacy).
- `not_ntee`: prefixes that override `ntee` for a more specific code (libraries are B70, not
  "students").
- `subsections`, `foundations`: IRS 501(c) subsection and foundation codes.
- `activities`: IRS activity codes (`directory.ntee.ACTIVITY_TITLES`: 907 veterans activities,
  575 services for the aged); only those that name the audience or the resource itself.
- `goal_words` (resources): the words that, in a goal's statement, say the goal needs it. Without
  them a resource is never read from a goal (the words partners use for what they offer, like
  "classes", say little about what a goal needs).
- `asked_words` (resources): words that say the goal needs it only right after a word of need
  ("we need a room", "looking for a hall"): a statement's room is nearly always the library's
  own ("the community room", "the children's room") or no room at all ("make room for
  pollinators", "a homeowner with a spare room").
- `asked_in_need` (resources): words that say the goal needs it only when a word of need comes
  before them in the same sentence ("we need a reader, people to lead the talks and money for the
  copies", "raise money for"); elsewhere they say what the goal is about ("patrons lost money to
  scams", "a low-cost clinic", "a housemate who pays a low rent").
- `related`: other audiences that count in part for this one, with how much (0..1).
- `asks` (resources): a goal whose statement names it asks for it ("Fund two more computers",
  "volunteers to lead"): bringing it serves the goal, whomever they reach. Other resources
  named in a statement (computers, training) are what the goal is about, not what it asks for.
- `from_anyone` (with `asks`): anyone who brings it serves the goal, whatever they do: money, a
  room, a ride. Other asked resources count only from organizations that are about the goal
  (its words, its meaning or its audience): "experienced mentors" for start-up owners are not
  the fire department's volunteers, nor skates a food shelf's goods.
"""

from __future__ import annotations

from dataclasses import dataclass, field

AUDIENCE = "audience"
RESOURCE = "resource"


@dataclass(frozen=True)
class Entry:
    """What says that an organization reaches an audience or offers a resource."""

    words: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    weak: tuple[str, ...] = ()
    pairs: tuple[tuple[str, ...], ...] = ()
    unless: tuple[str, ...] = ()
    ntee: tuple[str, ...] = ()
    not_ntee: tuple[str, ...] = ()
    subsections: tuple[str, ...] = ()
    foundations: tuple[str, ...] = ()
    activities: tuple[str, ...] = ()
    goal_words: tuple[str, ...] = ()
    asked_words: tuple[str, ...] = ()
    asked_in_need: tuple[str, ...] = ()
    related: tuple[tuple[str, float], ...] = field(default=())
    asks: bool = False
    from_anyone: bool = False


YOUTH_WORDS = ("youth", "teen", "teens", "teenager", "adolescent", "young people", "juvenile")
HOMELESS_WORDS = ("homeless", "homelessness", "unhoused", "shelter", "runaway")
NOT_PEOPLE = ("animal", "animals", "pet", "pets", "humane", "dog", "dogs", "cat", "cats", "horse")

AUDIENCES: dict[str, Entry] = {
    "children": Entry(
        words=(
            "child",
            "children",
            "elementary school",
            "school-age children",
            "schoolchildren",
            "kids",
            "kid",
            "elementary",
            "toddler",
            "toddlers",
            "infant",
            "early childhood",
            "boys and girls",
        ),
        services=(
            "preschool",
            "kindergarten",
            "child care",
            "childcare",
            "day care",
            "daycare",
            "head start",
            "playground",
            "cub scouts",
            "brownies",
            "pediatric",
        ),
        ntee=("B21", "B24", "O2", "O3", "O4", "P3", "R28", "A52", "B28"),
        related=(("families", 0.3), ("students", 0.3)),
        activities=("032", "326", "327", "574", "990"),
    ),
    "teens": Entry(
        words=(
            "teen",
            "teens",
            "teenager",
            "teenagers",
            "adolescent",
            "adolescents",
            "youth",
            "young people",
            "young adults",
            "high school",
            "middle school",
            "juvenile",
            "boys and girls",
        ),
        services=(
            "boy scouts",
            "girl scouts",
        ),
        ntee=("B25", "O", "I21", "P30"),
        related=(("children", 0.3), ("students", 0.3)),
        activities=("320", "321", "322", "323", "328", "349"),
    ),
    "families": Entry(
        words=(
            "family",
            "families",
            "parent",
            "parents",
            "parenting",
            "mothers",
            "fathers",
            "moms",
            "dads",
            "newborn",
        ),
        # "The Smith Family Foundation" gives grants; it does not serve families.
        unless=("foundation", "trust", "fund", "cemetery"),
        ntee=("P4", "P3", "B94", "B21", "A52"),
        not_ntee=("P30",),
        related=(("children", 0.3),),
    ),
    "seniors": Entry(
        words=(
            "senior",
            "seniors",
            "elder",
            "elders",
            "elderly",
            "older adults",
            "retiree",
            "retirees",
            "retired",
        ),
        services=(
            "meals on wheels",
            "council on aging",
            "agency on aging",
            "assisted living",
            "nursing home",
            "adult day",
            "retirement",
            "golden age",
            "healthy aging",
            "aging in place",
            "geriatric",
        ),
        ntee=("P7", "P81", "L22", "R25", "K36", "E91"),
        not_ntee=("P73", "P74", "P76"),
        activities=("153", "382", "575"),
    ),
    "english-learners": Entry(
        words=(
            "english learners",
            "english language learners",
            "language learners",
        ),
        services=(
            "esl",
            "esol",
            "english as a second language",
            "english conversation",
            "english classes",
            "english language classes",
            "english lessons",
            "learn english",
            "conversation circles",
            "language exchange",
        ),
        ntee=("P84",),
        related=(("immigrants-and-refugees", 0.5), ("adult-learners", 0.3)),
    ),
    "low-income-households": Entry(
        words=(
            "low income",
            "low-income",
            "poverty",
            "poor",
            "needy",
            "working families",
        ),
        services=(
            "affordable housing",
            "community action",
            "emergency assistance",
            "food shelf",
            "food shelves",
            "food bank",
            "food pantry",
            "pantry",
            "hunger",
            "food security",
            "fuel assistance",
            "heating assistance",
            "housing assistance",
            "financial assistance",
            "economic opportunity",
            "habitat for humanity",
            "salvation army",
            "vincent de paul",
            "free clinic",
            "financial literacy",
            "financial counseling",
            "tax preparation",
            "free tax",
        ),
        ntee=("L", "P6", "K3", "P51", "K35"),
        not_ntee=("L22", "L24", "L4", "L5", "K36"),
        related=(("people-experiencing-homelessness", 0.3),),
        activities=("380", "381", "462", "560"),
    ),
    "youth-facing-homelessness": Entry(
        words=(
            "runaway",
            "runaways",
            "homeless youth",
            "street youth",
            "unaccompanied youth",
            "youth homelessness",
            "youth in crisis",
        ),
        services=(
            "youth shelter",
            "transitional living",
            "aging out of foster care",
        ),
        pairs=(YOUTH_WORDS, HOMELESS_WORDS),
        unless=NOT_PEOPLE,
        ntee=("P76",),
        related=(("people-experiencing-homelessness", 0.6), ("teens", 0.3)),
    ),
    "people-experiencing-homelessness": Entry(
        words=(
            "homeless",
            "homelessness",
            "unhoused",
        ),
        services=(
            "shelter",
            "shelters",
            "warming shelter",
            "emergency shelter",
            "transitional housing",
            "rapid rehousing",
            "supportive housing",
            "soup kitchen",
            "drop-in center",
            "day station",
            "temporary housing",
        ),
        unless=NOT_PEOPLE,
        ntee=("L4", "P85", "K35"),
        related=(("youth-facing-homelessness", 0.5), ("low-income-households", 0.3)),
    ),
    "job-seekers": Entry(
        words=(
            "unemployed",
            "job seekers",
        ),
        services=(
            "job",
            "jobs",
            "employment",
            "career",
            "careers",
            "workforce",
            "job training",
            "job search",
            "resume",
            "résumé",
            "vocational",
            "hiring",
            "apprenticeship",
            "work readiness",
            "goodwill industries",
        ),
        ntee=("J", "B3"),
        not_ntee=("J4",),
        related=(("adult-learners", 0.3),),
        activities=("566", "568"),
    ),
    "small-business-owners": Entry(
        words=(
            "small business",
            "entrepreneur",
            "entrepreneurs",
            "merchants",
            "retailers",
        ),
        services=(
            "entrepreneurship",
            "chamber of commerce",
            "business association",
            "downtown",
            "economic development",
            "business development",
            "startup",
        ),
        ntee=("S41", "S43", "S30", "S40"),
        activities=("200", "403", "405"),
    ),
    "students": Entry(
        words=(
            "student",
            "students",
        ),
        services=(
            "school",
            "schools",
            "college",
            "university",
            "academy",
            "scholarship",
            "scholarships",
            "tutoring",
            "pta",
            "pto",
            "parent teacher",
        ),
        ntee=("B", "O4"),
        not_ntee=("B21", "B6", "B7", "B92", "B03", "B05"),
        related=(("teens", 0.3), ("children", 0.3)),
        activities=("030", "035", "037", "040", "041", "042", "043", "046", "059"),
    ),
    "veterans": Entry(
        words=(
            "veteran",
            "veterans",
            "vets",
            "military",
            "service members",
            "gold star",
        ),
        services=(
            "american legion",
            "vfw",
            "veterans of foreign wars",
            "amvets",
            "disabled american veterans",
            "purple heart",
            "marine corps league",
        ),
        ntee=("W30",),
        subsections=("19", "23"),
        activities=("907",),
    ),
    "people-with-disabilities": Entry(
        words=(
            "disability",
            "disabilities",
            "disabled",
            "handicapped",
            "blind",
            "blindness",
            "visually impaired",
            "low vision",
            "vision loss",
            "deaf",
            "hard of hearing",
            "autism",
            "autistic",
            "special needs",
            "developmental disabilities",
            "intellectual disabilities",
            "cerebral palsy",
            "brain injury",
        ),
        services=(
            "special olympics",
            "independent living",
            "braille",
            "guide dogs",
            "accessible",
            "accessibility",
            "assistive technology",
            "wheelchair",
            # Sports, riding and signing done for people with disabilities: "Vermont Adaptive
            # Ski & Sports" and a therapeutic riding center say whom they serve in these words
            # alone ("adaptive" in a name is nearly always adaptive sports or recreation).
            "adaptive",
            "paralympic",
            "therapeutic riding",
            "hippotherapy",
            "sign language",
        ),
        ntee=("P73", "P82", "P86", "P87", "R23", "N72", "J3", "G41", "B28", "P80"),
        activities=("031", "160"),
    ),
    "immigrants-and-refugees": Entry(
        words=(
            "immigrant",
            "immigrants",
            "refugee",
            "refugees",
            "newcomer",
            "newcomers",
            "new americans",
            "asylum",
            "migrant",
            "migrants",
            "latino",
            "latinos",
            "hispanic",
            "somali",
            "bhutanese",
            "nepali",
            "congolese",
        ),
        services=(
            "resettlement",
            "citizenship",
            "naturalization",
            "multicultural",
            "immigration",
        ),
        ntee=("P84", "R21"),
        related=(("english-learners", 0.5),),
    ),
    "rural-residents": Entry(
        words=(
            "rural",
            "farmer",
            "farmers",
            "hill towns",
        ),
        services=(
            "farm",
            "farms",
            "farming",
            "agricultural",
            "agriculture",
            "grange",
            "countryside",
        ),
        ntee=("K2", "S32"),
        activities=("230", "231", "232", "234", "235", "236", "237", "249"),
    ),
    "adult-learners": Entry(
        words=("adult learners",),
        services=(
            "adult education",
            "adult learning",
            "adult basic education",
            "literacy",
            "literacy volunteers",
            "ged",
            "high school equivalency",
            "continuing education",
            "lifelong learning",
            "osher",
        ),
        ntee=("B6", "B92"),
        related=(("english-learners", 0.3),),
    ),
}

RESOURCES: dict[str, Entry] = {
    "funding": Entry(
        words=(
            "grants",
            "grantmaking",
            "grant making",
            "community foundation",
            "charitable foundation",
            "charitable trust",
            "family foundation",
            "philanthropy",
            "philanthropic",
            "endowment",
            "united way",
            "donors",
            "giving",
        ),
        weak=("foundation", "fund", "trust", "credit union", "rotary", "kiwanis", "lions club"),
        ntee=("T2", "T3", "T7", "T9"),
        foundations=("04",),
        goal_words=(
            "fund",
            "funds",
            "funding",
            "grant",
            "grants",
            "sponsor",
            "sponsors",
            "sponsorship",
            "donation",
            "donations",
            "dollars",
        ),
        asked_in_need=("money", "cost", "costs", "pay", "pays"),
        asks=True,
        from_anyone=True,
        activities=("600", "602", "903"),
    ),
    "volunteers": Entry(
        words=(
            "volunteer",
            "volunteers",
            "volunteering",
            "voluntarism",
            "service club",
            "rotary",
            "kiwanis",
            "lions club",
            "optimist club",
            "americorps",
            "retired senior volunteer",
            "auxiliary",
        ),
        weak=("civic", "club", "league", "friends"),
        ntee=("T40", "S8"),
        goal_words=("volunteer", "volunteers", "mentor", "mentors", "tutor", "tutors"),
        asks=True,
    ),
    "meeting-space": Entry(
        words=(
            "community center",
            "community house",
            "meeting room",
            "meeting space",
            "event space",
            "conference center",
            "town hall",
            "grange hall",
            "lodge",
            "fairgrounds",
            "auditorium",
            "clubhouse",
        ),
        weak=("hall", "church", "center", "centre", "parish", "temple", "synagogue", "grange"),
        ntee=("P28", "Y4", "A61", "N31"),
        goal_words=("venue", "venues", "meeting place", "meeting space", "event space"),
        asked_words=("space", "room", "rooms", "hall"),
        asks=True,
        from_anyone=True,
        activities=("296",),
    ),
    "technology": Entry(
        words=(
            "technology",
            "computer",
            "computers",
            "computing",
            "internet",
            "broadband",
            "digital",
            "software",
            "coding",
            "telecommunications",
            "robotics",
            "makerspace",
            "electronics",
            "fiber",
        ),
        weak=("tech",),
        ntee=("U41", "W50"),
        goal_words=(
            "computer",
            "computers",
            "laptop",
            "laptops",
            "internet",
            "wifi",
            "wi-fi",
            "technology",
            "digital",
            "tablet",
            "tablets",
            "printer",
            "hotspot",
            "hotspots",
            "smartphones",
        ),
    ),
    "expertise": Entry(
        words=(
            "expertise",
            "experts",
            "consulting",
            "technical assistance",
            "counseling",
            "counselling",
            "legal aid",
            "legal services",
            "law",
            "attorneys",
            "accountants",
            "bar association",
            "medical society",
            "mentoring",
            "professional association",
        ),
        weak=("professional", "professionals", "institute"),
        ntee=("*02", "I80", "P51", "B4", "B5"),
        goal_words=("expert", "experts", "expertise", "professionals", "specialists"),
        activities=("205", "462", "565"),
    ),
    "promotion": Entry(
        words=(
            "media",
            "newspaper",
            "radio",
            "television",
            "magazine",
            "publishing",
            "press",
            "public relations",
            "marketing",
            "advertising",
            "communications",
            "public access",
            "community access television",
        ),
        weak=("tv", "news", "chamber of commerce"),
        ntee=("A3", "S41"),
        goal_words=("promote", "promotion", "advertise", "advertising", "spread the word"),
        activities=("120", "121", "919"),
    ),
    "influence-with-decision-makers": Entry(
        words=(
            "advocacy",
            "advocates",
            "chamber of commerce",
            "coalition",
            "alliance",
            "league of cities",
            "public policy",
            "lobbying",
            "civic league",
            "league of women voters",
            "taxpayers",
            "democratic committee",
            "republican committee",
            "selectboard",
        ),
        weak=("council", "network"),
        ntee=("*01", "W24", "S41", "W2"),
        subsections=("06",),
        goal_words=(
            "advocacy",
            "advocate",
            "council",
            "decision makers",
            "lobby",
            "legislators",
            "selectboard",
            "voters",
        ),
        activities=("480", "509"),
    ),
    "in-kind-goods": Entry(
        words=(
            "food shelf",
            "food shelves",
            "food bank",
            "pantry",
            "thrift",
            "thrift shop",
            "clothing",
            "furniture",
            "diapers",
            "school supplies",
            "surplus",
            "toy drive",
            "donated goods",
            "reuse",
        ),
        weak=("store", "supplies", "equipment"),
        ntee=("K31", "K30"),
        asks=True,
        activities=("917",),
    ),
    "training": Entry(
        words=(
            "training",
            "workshops",
            "courses",
            "classes",
            "instruction",
            "curriculum",
            "certification",
            "apprenticeship",
            "coaching",
            "professional development",
            "continuing education",
            "tutoring",
            "teaching",
        ),
        weak=("school", "academy", "institute", "education", "educational"),
        ntee=("J22", "B6", "B3"),
        goal_words=("trainers", "training"),
        activities=("126", "149", "566"),
    ),
    "transportation": Entry(
        words=(
            "transportation",
            "transit",
            "bus",
            "buses",
            "rides",
            "van",
            "shuttle",
            "paratransit",
            "volunteer drivers",
            "taxi",
        ),
        ntee=("P52", "W40"),
        goal_words=("transportation", "transport"),
        # "Rides for those who no longer drive" asks; "our kids ride snowmobiles", "learn to
        # ride" do not. Nor does someone else's vehicle: "a mobile dental van in the parking
        # lot" asks for a dentist, not for transport.
        asked_in_need=("ride", "rides", "bus", "buses", "van", "vans", "shuttle", "shuttles"),
        asks=True,
        from_anyone=True,
    ),
    "research-and-data": Entry(
        words=(
            "research",
            "data",
            "evaluation",
            "survey",
            "surveys",
            "statistics",
            "policy analysis",
            "research institute",
            "think tank",
            "analytics",
        ),
        weak=("university", "college", "institute", "study"),
        ntee=("*05", "H", "U", "V"),
        goal_words=("data", "research", "evaluation", "survey", "surveys", "measure"),
        activities=("124", "161", "162", "180", "181", "199"),
    ),
}


def starting_entry(kind: str, slug: str) -> Entry | None:
    """The built-in entry of a starting audience or resource, None for a library's own term."""
    return (AUDIENCES if kind == AUDIENCE else RESOURCES).get(slug)


def ntee_matches(code: str, prefixes: tuple[str, ...]) -> str:
    """The longest of `prefixes` that the NTEE code starts with ('' when none); '*01' matches the
    code 01 of any major group."""
    best = ""
    for prefix in prefixes:
        if prefix.startswith("*"):
            hit = len(code) >= 3 and code[1 : 1 + len(prefix) - 1] == prefix[1:]
        else:
            hit = code.startswith(prefix)
        if hit and len(prefix) > len(best):
            best = prefix
    return best
