"""`allies bench duplicates`: recall, precision and time of the duplicate finder.

The Vermont IRS extract goes into a library (inside a transaction rolled back at the end) with
600 seeded near-copies of its rows, typed the way people type them (typos, case, missing "Inc",
abbreviations, swapped words, another ZIP, hand-typed rows without EIN or address), and 300
distinct organizations with deceptively similar names (the same club in another town, another
post number, another denomination or school level, the same name with another EIN).

Recall: the share of the 600 (copy, original) pairs found. Precision: among the pairs found
that involve a seeded row, the share that are a copy with its original. (Pairs found between two
rows of the extract itself are counted apart, `pairs_within_extract`: their truth is unknown.)
The time is that of `dedupe.find` for the whole library, reading the database included.

Then a scan of 100,000 organizations (the engine alone, records in memory): the extracts'
names and towns, and names drawn from their words at their frequency, so the blocks are as
crowded as real ones. The ranking is checked stable: the same pairs in the same order twice.
"""

from __future__ import annotations

import csv
import io
import random
import time
import uuid
from collections import Counter
from pathlib import Path

from django.db import transaction

from allies.directory.benchmarks.import_bench import find_data_file

DESCRIPTION = (
    "Duplicates in the Vermont extract with 600 seeded near-copies and 300 look-alikes; "
    "recall, precision, time; a 100,000-organization scan (goals: recall >= 0.9 at "
    "precision >= 0.95, scan < 30 s)."
)
FILENAME = "irs-eo-bmf-vt.csv"


def add_arguments(parser) -> None:
    parser.add_argument("--file", default="", help=f"The extract (default: {FILENAME}).")
    parser.add_argument("--copies", type=int, default=600, help="Near-copies to seed.")
    parser.add_argument("--lookalikes", type=int, default=300, help="Look-alikes to seed.")
    parser.add_argument("--scan", type=int, default=100_000, help="Records in the big scan.")
    parser.add_argument("--seed", type=int, default=15)


def read_extract(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


ABBREVIATE = [
    ("association", "assn"),
    ("saint", "st."),
    ("and", "&"),
    ("mount", "mt"),
    ("center", "ctr"),
    ("society", "soc."),
    ("vermont", "vt"),
    ("foundation", "fdn"),
    ("incorporated", "inc"),
    ("international", "intl"),
    ("department", "dept"),
]
DROP = {"inc", "inc.", "incorporated", "corp", "corp.", "corporation", "the", "co", "ltd", "llc"}
KEYBOARD_NEIGHBOURS = "qwertyuiopasdfghjklzxcvbnm"
SWAPS = [
    ("baptist", "methodist"),
    ("methodist", "congregational"),
    ("congregational", "episcopal"),
    ("elementary", "middle"),
    ("middle", "high"),
    ("boys", "girls"),
    ("youth", "senior"),
    ("east", "west"),
    ("north", "south"),
    ("women", "men"),
    ("first", "second"),
    ("booster", "alumni"),
]


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    action = rng.choice(["swap", "drop", "replace", "double"])
    if action == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if action == "drop":
        return word[:i] + word[i + 1 :]
    if action == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice(KEYBOARD_NEIGHBOURS) + word[i + 1 :]


def near_copy(row: dict, rng: random.Random, zips: list[str]) -> dict:
    """One hand-typed version of an IRS row: two or three of the usual changes."""
    words = row["NAME"].split()
    changes = rng.sample(
        ["typo", "case", "drop", "abbreviate", "swap", "zip", "no_address"], k=rng.choice([2, 3])
    )
    if "drop" in changes:
        kept = [w for w in words if w.lower() not in DROP]
        words = kept or words
    if "abbreviate" in changes:
        lowered = [w.lower() for w in words]
        for long, short in ABBREVIATE:
            if long in lowered:
                words[lowered.index(long)] = short.upper() if rng.random() < 0.5 else short.title()
                break
    if "typo" in changes:
        candidates = [i for i, w in enumerate(words) if len(w) >= 5]
        if candidates:
            i = rng.choice(candidates)
            words[i] = _typo(words[i], rng)
    if "swap" in changes and len(words) >= 3:
        cut = rng.randrange(1, len(words))
        rest = [w for w in words[:cut] if w.lower() not in {"of", "the"}]
        words = words[cut:] + rest
    name = " ".join(words)
    name = name.title() if "case" in changes or rng.random() < 0.7 else name
    copy = {
        "name": name,
        "ein": row["EIN"] if rng.random() < 0.25 else "",  # hand-typed rows mostly have none
        "address": "" if "no_address" in changes else row["STREET"].title(),
        "city": row["CITY"].title(),
        "zip_code": rng.choice(zips) if "zip" in changes else row["ZIP"][:5],
    }
    return copy


def lookalike(row: dict, rng: random.Random, towns: list[tuple[str, str]]) -> dict | None:
    """A distinct organization whose name is deceptively close to this row's."""
    name = row["NAME"]
    lowered = name.lower()
    city = row["CITY"]
    numbers = [w for w in name.split() if w.isdigit()]
    if numbers:  # another post, lodge or chapter
        number = numbers[0]
        other = str(int(number) + rng.randint(1, 40))
        return _distinct(name.replace(number, other, 1), city, row, rng, same_place=True)
    for one, two in SWAPS:
        if f" {one} " in f" {lowered} ":
            words = name.split()
            index = [w.lower() for w in words].index(one)
            words[index] = two.upper()
            return _distinct(" ".join(words), city, row, rng, same_place=True)
    if city and city.lower() in lowered:  # the same club in another town
        town, _zip = rng.choice(towns)
        if town.lower() == city.lower():
            return None
        start = lowered.index(city.lower())
        renamed = name[:start] + town + name[start + len(city) :]
        return {**_distinct(renamed, town, row, rng, same_place=False), "zip_code": _zip}
    return None


def _distinct(name: str, city: str, row: dict, rng: random.Random, *, same_place: bool) -> dict:
    return {
        "name": name,
        "ein": f"{rng.randrange(10**8, 10**9):09d}" if rng.random() < 0.5 else "",
        "address": f"{rng.randint(1, 999)} {rng.choice(['Main', 'Elm', 'School', 'Church'])} St",
        "city": city.title(),
        "zip_code": row["ZIP"][:5] if same_place else "",
    }


def seed(rows: list[dict], copies: int, lookalikes: int, rng: random.Random):
    """(copies as (original index, fields), look-alikes as fields)."""
    zips = sorted({r["ZIP"][:5] for r in rows if r["ZIP"]})
    towns = sorted({(r["CITY"].title(), r["ZIP"][:5]) for r in rows if r["CITY"]})
    originals = rng.sample(range(len(rows)), copies)
    seeded_copies = [(i, near_copy(rows[i], rng, zips)) for i in originals]
    seeded_lookalikes: list[dict] = []
    order = list(range(len(rows)))
    rng.shuffle(order)
    taken = {same_body_key(r["NAME"], r["CITY"]) for r in rows}
    for i in order:
        if len(seeded_lookalikes) >= lookalikes:
            break
        made = lookalike(rows[i], rng, towns)
        # A "distinct" organization must not bear the name of one already in its town.
        if made is not None and same_body_key(made["name"], made["city"]) not in taken:
            taken.add(same_body_key(made["name"], made["city"]))
            seeded_lookalikes.append(made)
    return seeded_copies, seeded_lookalikes


def same_body_key(name: str, city: str) -> tuple[str, str]:
    """Rows with the same normalised name in the same town cannot be told apart by anyone."""
    from allies.directory.duplicates import normalise_name

    return normalise_name(name), city.strip().lower()


def scan_records(rows: list[dict], count: int, rng: random.Random):
    """`count` organization records for the big scan: real names and towns, then names drawn
    from the real names' words at their frequency."""
    from allies.directory.duplicates import OrganizationRecord

    words: Counter[str] = Counter(w for r in rows for w in r["NAME"].split())
    vocabulary, weights = zip(*words.items(), strict=True)
    towns = [(r["CITY"], r["ZIP"][:5]) for r in rows]
    records = [
        OrganizationRecord(i, r["NAME"], r["EIN"], "", "", "", r["STREET"], r["CITY"], r["ZIP"])
        for i, r in enumerate(rows[:count])
    ]
    while len(records) < count:
        name = " ".join(rng.choices(vocabulary, weights, k=rng.randint(2, 5)))
        town, zip_code = rng.choice(towns)
        records.append(OrganizationRecord(len(records), name, "", "", "", "", "", town, zip_code))
    return records


class _Rollback(Exception):
    pass


def run(options: dict, progress) -> dict:
    from allies.directory import dedupe, duplicates
    from allies.directory.models import Organization
    from allies.libraries.models import Library

    rng = random.Random(options.get("seed", 15))
    path = Path(options["file"]) if options.get("file") else find_data_file(FILENAME)
    rows = read_extract(path)
    copies, lookalikes = seed(rows, options.get("copies", 600), options.get("lookalikes", 300), rng)
    figures: dict = {}
    try:
        with transaction.atomic():
            library = Library.objects.create(
                name="Duplicates benchmark", slug=f"bench-dup-{uuid.uuid4().hex[:8]}"
            )
            made = Organization.objects.bulk_create(
                [
                    Organization(
                        library=library,
                        name=r["NAME"],
                        ein=r["EIN"],
                        address=r["STREET"],
                        city=r["CITY"],
                        state=r["STATE"],
                        zip_code=r["ZIP"][:10],
                    )
                    for r in rows
                ]
                + [Organization(library=library, **fields) for _i, fields in copies]
                + [Organization(library=library, **fields) for fields in lookalikes],
                batch_size=1000,
            )
            ids = [o.pk for o in made]
            original_ids = set(ids[: len(rows)])
            truth = {
                tuple(sorted((ids[original], ids[len(rows) + n])))
                for n, (original, _fields) in enumerate(copies)
            }
            # A copy of a row the extract holds twice (two "Fraternal Order of Eagles" in Milton,
            # other EINs) is as much a copy of the other one: such pairs count neither way.
            body = {ids[i]: same_body_key(r["NAME"], r["CITY"]) for i, r in enumerate(rows)}
            original_of = {ids[len(rows) + n]: ids[i] for n, (i, _f) in enumerate(copies)}
            start, cpu = time.perf_counter(), time.process_time()
            found = dedupe.find(library)
            seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
            again = dedupe.find(library)
            stable = [(p.a.pk, p.b.pk, p.score) for p in found] == [
                (p.a.pk, p.b.pk, p.score) for p in again
            ]
            pairs = {tuple(sorted((p.a.pk, p.b.pk))) for p in found}
            seeded_pairs = {
                p for p in pairs if p[0] not in original_ids or p[1] not in original_ids
            }
            true_found = pairs & truth
            ambiguous = {
                (a, b)
                for a, b in seeded_pairs - truth
                if (b in original_of and a in body and body[a] == body[original_of[b]])
                or (a in original_of and b in body and body[b] == body[original_of[a]])
            }
            judged = seeded_pairs - ambiguous
            figures = {
                "file": path.name,
                "organizations": len(made),
                "copies": len(copies),
                "lookalikes": len(lookalikes),
                "pairs_found": len(pairs),
                "pairs_within_extract": len(pairs - seeded_pairs),
                "recall": round(len(true_found) / len(truth), 4) if truth else None,
                "precision": round(len(true_found) / len(judged), 4) if judged else None,
                "false_pairs": len(judged - truth),
                "ambiguous_pairs": len(ambiguous),
                "library_seconds": round(seconds, 3),
                "library_cpu_seconds": round(cpu_seconds, 3),
                "stable_ranking": stable,
            }
            raise _Rollback
    except _Rollback:
        pass
    count = options.get("scan", 100_000)
    if count:
        other = find_data_file("irs-eo-bmf-ri.csv")
        records = scan_records(rows + read_extract(other), count, rng)
        start, cpu = time.perf_counter(), time.process_time()
        scanned = duplicates.find_organization_duplicates(records)
        figures["scan_organizations"] = len(records)
        figures["scan_pairs"] = len(scanned)
        figures["scan_seconds"] = round(time.perf_counter() - start, 3)
        # The processor time of this process alone: the shared machine's load does not count.
        figures["scan_cpu_seconds"] = round(time.process_time() - cpu, 3)
    return figures
