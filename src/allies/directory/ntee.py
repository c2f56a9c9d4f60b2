"""The NTEE taxonomy (../shared/data/ntee.json, shipped in the package) as plain lookups."""

from __future__ import annotations

import json
from functools import cache, lru_cache
from pathlib import Path

NTEE_FILE = Path(__file__).with_name("ntee.json")


@cache
def ntee_codes() -> dict[str, dict]:
    """code -> {"title", "description", "keywords"} for every code and every major-group letter."""
    return json.loads(NTEE_FILE.read_text(encoding="utf-8"))


def normalize(code: str | None) -> str:
    """'c40z' -> 'C40Z'; NTEE codes are a letter, two digits, and sometimes a letter."""
    return (code or "").strip().upper()


def is_kind(code: str | None) -> bool:
    """Whether `code` is an NTEE major group ("L") or a code of the taxonomy ("l21", "A6E")."""
    return normalize(code) in ntee_codes()


def ntee_entry(code: str | None) -> dict | None:
    """The most specific entry known for a code: C40Z falls back to C40, then C."""
    code = normalize(code)
    codes = ntee_codes()
    for candidate in (code, code[:3], code[:1]):
        if candidate and candidate in codes:
            return codes[candidate]
    return None


def ntee_title(code: str | None) -> str:
    entry = ntee_entry(code)
    return entry["title"].strip() if entry else ""


def kind_label(kind: str) -> str:
    """How a kind reads: "All of Housing & Shelter" for a major group, "L21 Public Housing"."""
    from django.utils.translation import gettext as _

    kind = normalize(kind)
    if len(kind) == 1:
        return _("All of %(group)s") % {"group": ntee_title(kind)}
    return f"{kind} {ntee_title(kind)}"


def ntee_description(code: str | None) -> str:
    entry = ntee_entry(code)
    return entry["description"].strip() if entry else ""


def kind_text(code: str | None) -> str:
    """What the sentence encoder reads of a kind of organization: its title and description."""
    return f"{ntee_title(code)}. {ntee_description(code)}"


# What each 501(c) subsection is, in the words of IRS Publication 557 ("Tax-Exempt Status for Your
# Organization", its headings for each subsection). The fit ranking reads them as the category of
# an organization that has no NTEE code (46% of a state's list): a 501(c)(14) is a credit union,
# a 501(c)(19) a veterans' post. 03 (charities) says nothing about what an organization does.
SUBSECTION_TITLES = {
    "02": "Title-holding corporations for exempt organizations",
    "04": "Civic leagues and social welfare organizations, local associations of employees",
    "05": "Labor, agricultural and horticultural organizations",
    "06": "Business leagues, chambers of commerce, real estate boards",
    "07": "Social and recreational clubs",
    "08": "Fraternal beneficiary societies and associations",
    "09": "Voluntary employees' beneficiary associations",
    "10": "Domestic fraternal societies and associations",
    "12": "Local benevolent life insurance associations, mutual ditch or irrigation companies, "
    "mutual or cooperative telephone companies",
    "13": "Cemetery companies",
    "14": "Credit unions and other mutual financial organizations",
    "19": "Veterans' organizations: posts of past or present members of the armed forces",
}


def subsection_title(subsection: str) -> str:
    """What a 501(c) subsection is ('' for 03 and unknown codes)."""
    return SUBSECTION_TITLES.get((subsection or "").strip().zfill(2), "")


# The IRS activity codes (the ACTIVITY column of the Business Master File: up to three codes of
# three digits, from the organization's application for exemption), in the words of the IRS's
# documentation of the extract. An organization without an NTEE code usually has them (1,880 of
# the 2,126 such organizations in Vermont), and with one they often say more ("supplying money,
# goods or services to the poor" beside "Human Service Organizations"). Codes that only say how
# the organization is classified for the tax law (994, 995, 998...) say nothing of what it does
# and are left out.
ACTIVITY_TITLES = {
    "001": "Church, synagogue, etc.",
    "002": "Association or convention of churches",
    "003": "Religious order",
    "004": "Church auxiliary",
    "005": "Mission",
    "006": "Missionary activities",
    "007": "Evangelism",
    "008": "Religious publishing activities",
    "029": "Other religious activities",
    "030": "School, college, trade school, etc.",
    "031": "Special school for the blind, handicapped, etc.",
    "032": "Nursery school",
    "033": "Faculty group",
    "034": "Alumni association or group",
    "035": "Parent or parent-teachers association",
    "036": "Fraternity or sorority",
    "037": "Other student society or group",
    "038": "School or college athletic association",
    "039": "Scholarships for children of employees",
    "040": "Scholarships (other)",
    "041": "Student loans",
    "042": "Student housing activities",
    "043": "Other student aid",
    "044": "Student exchange with foreign country",
    "045": "Student operated business",
    "046": "Private school",
    "059": "Other school related activities",
    "060": "Museum, zoo, planetarium, etc.",
    "061": "Library",
    "062": "Historical site, records or reenactment",
    "063": "Monument",
    "064": "Commemorative event (centennial, festival, pageant, etc.)",
    "065": "Fair",
    "088": "Community theatrical group",
    "089": "Singing society or group",
    "090": "Cultural performances",
    "091": "Art exhibit",
    "092": "Literary activities",
    "093": "Cultural exchanges with foreign country",
    "094": "Genealogical activities",
    "119": "Other cultural or historical activities",
    "120": "Publishing activities",
    "121": "Radio or television broadcasting",
    "122": "Producing films",
    "123": "Discussion groups, forums, panels, lectures, etc.",
    "124": "Study and research (non-scientific)",
    "125": "Giving information or opinion",
    "126": "Apprentice training",
    "149": "Other instruction and training",
    "150": "Hospital",
    "151": "Hospital auxiliary",
    "152": "Nursing or convalescent home",
    "153": "Care and housing for the aged",
    "154": "Health clinic",
    "155": "Rural medical facility",
    "156": "Blood bank",
    "157": "Cooperative hospital service organization",
    "158": "Rescue and emergency service",
    "159": "Nurses register or bureau",
    "160": "Aid to the handicapped",
    "161": "Scientific research (diseases)",
    "162": "Other medical research",
    "163": "Health insurance (medical, dental, optical, etc.)",
    "164": "Prepared group health plan",
    "165": "Community health planning",
    "166": "Mental health care",
    "167": "Group medical practice association",
    "168": "In-faculty group practice association",
    "169": "Hospital pharmacy, parking facility, food services, etc.",
    "179": "Other health services",
    "180": "Contract or sponsored scientific research for industry",
    "181": "Scientific research for government",
    "199": "Other scientific research activities",
    "200": "Business promotion (chamber of commerce, business league, etc.)",
    "201": "Real estate association",
    "202": "Board of trade",
    "203": "Regulating business",
    "204": "Promotion of fair business practices",
    "205": "Professional association",
    "206": "Professional association auxiliary",
    "207": "Industry trade shows",
    "208": "Convention displays",
    "209": "Research, development and testing",
    "210": "Professional athletic league",
    "211": "Underwriting municipal insurance",
    "212": "Assigned risk insurance activities",
    "213": "Tourist bureau",
    "229": "Other business or professional group",
    "230": "Farming",
    "231": "Farm bureau",
    "232": "Agricultural group",
    "233": "Horticultural group",
    "234": "Farmers' cooperative marketing or purchasing",
    "235": "Farmers' cooperative marketing or purchasing",
    "236": "Dairy herd improvement association",
    "237": "Breeders association",
    "249": "Other farming and related activities",
    "250": "Mutual ditch, irrigation, telephone, electric company or like organization",
    "251": "Credit union",
    "252": "Reserve funds or insurance for domestic building and loan associations",
    "253": "Mutual insurance company",
    "254": "Corporation organized under an Act of Congress",
    "259": "Other mutual organization",
    "260": "Fraternal beneficiary society, order or association",
    "261": "Improvement of conditions of workers",
    "262": "Association of municipal employees",
    "263": "Association of employees",
    "264": "Employee or member welfare association",
    "265": "Sick, accident, death or similar benefits",
    "266": "Strike benefits",
    "267": "Unemployment benefits",
    "268": "Pension or retirement benefits",
    "269": "Vacation benefits",
    "279": "Other services or benefits to members or employees",
    "280": "Country club",
    "281": "Hobby club",
    "282": "Dinner club",
    "283": "Variety club",
    "284": "Dog club",
    "285": "Women's club",
    "286": "Hunting or fishing club",
    "287": "Swimming or tennis club",
    "288": "Other sports club",
    "296": "Community center",
    "297": "Community recreational facilities (park, playground, etc.)",
    "298": "Training in sports",
    "299": "Travel tours",
    "300": "Amateur athletic association",
    "301": "Fundraising athletic or sports event",
    "317": "Other sports or athletic activities",
    "318": "Other recreational activities",
    "319": "Other social activities",
    "320": "Boy Scouts, Girl Scouts, etc.",
    "321": "Boys Club, Little League, etc.",
    "322": "FFA, FHA, 4-H club, etc.",
    "323": "Key club",
    "324": "YMCA, YWCA, YMHA, etc.",
    "325": "Camp",
    "326": "Care and housing of children (orphanage, etc.)",
    "327": "Prevention of cruelty to children",
    "328": "Combat juvenile delinquency",
    "349": "Other youth organization or activities",
    "350": "Preservation of natural resources (conservation)",
    "351": "Combating or preventing pollution (air, water, etc.)",
    "352": "Land acquisition for preservation",
    "353": "Soil or water conservation",
    "354": "Preservation of scenic beauty",
    "355": "Wildlife sanctuary or refuge",
    "356": "Garden club",
    "379": "Other conservation, environmental or beautification activities",
    "380": "Low-income housing",
    "381": "Low and moderate income housing",
    "382": "Housing for the aged",
    "398": "Instruction and guidance on housing",
    "399": "Other housing activities",
    "400": "Area development, redevelopment or renewal",
    "401": "Homeowners association",
    "402": "Other activity aimed at combating community deterioration",
    "403": "Attracting new industry or retaining industry in an area",
    "404": "Community promotion",
    "405": "Loans or grants for minority businesses",
    "406": "Crime prevention",
    "407": "Voluntary firemen's organization or auxiliary",
    "408": "Community service organization",
    "429": "Other inner city or community benefit activities",
    "430": "Defense of human and civil rights",
    "431": "Elimination of prejudice and discrimination",
    "432": "Lessen neighborhood tensions",
    "449": "Other civil rights activities",
    "460": "Public interest litigation activities",
    "461": "Other litigation or support of litigation",
    "462": "Legal aid to indigents",
    "463": "Providing bail",
    "480": "Propose, support or oppose legislation",
    "481": "Voter information on issues or candidates",
    "482": "Voter education (mechanics of registering, voting, etc.)",
    "483": "Support, oppose or rate political candidates",
    "484": "Provide facilities or services for political campaign activities",
    "509": "Other legislative and political activities",
    "510": "Advocacy: firearms control",
    "511": "Advocacy: Selective Service System",
    "512": "Advocacy: national defense policy",
    "513": "Advocacy: weapons systems",
    "514": "Advocacy: government spending",
    "515": "Advocacy: taxes or tax exemption",
    "516": "Advocacy: separation of church and state",
    "517": "Advocacy: government aid to parochial schools",
    "518": "Advocacy: U.S. foreign policy",
    "519": "Advocacy: U.S. military involvement",
    "520": "Advocacy: pacifism and peace",
    "521": "Advocacy: economic-political system of the U.S.",
    "522": "Advocacy: anti-communism",
    "523": "Advocacy: right to work",
    "524": "Advocacy: zoning or rezoning",
    "525": "Advocacy: location of highway or transportation system",
    "526": "Advocacy: rights of criminal defendants",
    "527": "Advocacy: capital punishment",
    "528": "Advocacy: stricter law enforcement",
    "529": "Advocacy: ecology or conservation",
    "530": "Advocacy: protection of consumer interests",
    "531": "Advocacy: medical care service",
    "532": "Advocacy: welfare systems",
    "533": "Advocacy: urban renewal",
    "534": "Advocacy: busing students to achieve racial balance",
    "535": "Advocacy: racial integration",
    "536": "Advocacy: use of intoxicating beverage",
    "537": "Advocacy: use of drugs or narcotics",
    "538": "Advocacy: use of tobacco",
    "539": "Advocacy: prohibition of erotica",
    "540": "Advocacy: sex education in public schools",
    "541": "Advocacy: population control",
    "542": "Advocacy: birth control methods",
    "543": "Advocacy: legalized abortion",
    "559": "Advocacy: other matters",
    "560": "Supplying money, goods or services to the poor",
    "561": "Gifts or grants to individuals (other than scholarships)",
    "562": "Other loans to individuals",
    "563": "Marriage counseling",
    "564": "Family planning",
    "565": "Credit counseling and assistance",
    "566": "Job training, counseling or assistance",
    "567": "Draft counseling",
    "568": "Vocational counseling",
    "569": "Referral service (social agencies)",
    "572": "Rehabilitating convicts or ex-convicts",
    "573": "Rehabilitating alcoholics, drug abusers, compulsive gamblers, etc.",
    "574": "Day care center",
    "575": "Services for the aged",
    "600": "Community Chest, United Way, etc.",
    "601": "Booster club",
    "602": "Gifts, grants or loans to other organizations",
    "603": "Non-financial services or facilities to other organizations",
    "900": "Cemetery or burial activities",
    "901": "Perpetual care fund (cemetery, columbarium, etc.)",
    "902": "Emergency or disaster aid fund",
    "903": "Community trust or component",
    "904": "Government instrumentality or agency",
    "905": "Testing products for public safety",
    "906": "Consumer interest group",
    "907": "Veterans activities",
    "908": "Patriotic activities",
    "910": "Domestic organization with activities outside the U.S.",
    "911": "Foreign organization",
    "912": "Title holding corporation",
    "913": "Prevention of cruelty to animals",
    "914": "Achievement prizes or awards",
    "915": "Erection or maintenance of public building or works",
    "916": "Cafeteria, restaurant, snack bar, food services, etc.",
    "917": "Thrift shop, retail outlet, etc.",
    "918": "Book, gift or supply store",
    "919": "Advertising",
    "920": "Association of employees",
    "921": "Loans or credit reporting",
    "922": "Endowment fund or financial services",
    "923": "Indians (tribes, cultures, etc.)",
    "924": "Traffic or tariff bureau",
    "926": "Government instrumentality other than 501(c)",
    "927": "Fundraising",
    "930": "Prepaid legal services plan",
    "990": "Child care organization (section 501(k))",
}


def activity_codes(value: str | None) -> list[str]:
    """The activity codes of the IRS list's ACTIVITY column ('907908000' -> ['907', '908']) that
    say what an organization does, in their order, once each."""
    return list(_activity_codes(value or ""))


@lru_cache(maxsize=4096)  # a state's list has a few hundred distinct values
def _activity_codes(value: str) -> tuple[str, ...]:
    value = "".join(ch for ch in value if ch.isdigit())
    found: list[str] = []
    for start in range(0, len(value) - 2, 3):
        code = value[start : start + 3]
        if code in ACTIVITY_TITLES and code not in found:
            found.append(code)
    return tuple(found)


def activity_title(code: str) -> str:
    """What an IRS activity code says ('' for unknown codes and those only about tax law)."""
    return ACTIVITY_TITLES.get(code, "")
