"""`allies paths`: the JSON shape, best first, privacy as seen by --from, clear errors."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from allies.connections import paths as paths_module
from allies.connections.models import Connection
from allies.directory.models import Affiliation, Organization, Person


@pytest.fixture(autouse=True)
def _fresh_cache():
    paths_module.forget_graphs()


def run(*args):
    out = StringIO()
    call_command("paths", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def world(library, owner, staff):
    sam = Person.objects.create(library=library, name="Sam Staff", user=staff)
    olivia = Person.objects.create(library=library, name="Olivia Owner", user=owner)
    ann = Person.objects.create(library=library, name="Ann Archer")
    dana = Person.objects.create(library=library, name="Dana Reyes")
    secret = Person.objects.create(library=library, name="Sid Secret")
    rotary = Organization.objects.create(library=library, name="Riverton Rotary Club")
    Affiliation.objects.create(person=dana, organization=rotary, role="Chair")
    Affiliation.objects.create(person=secret, organization=rotary, role="Patron")
    for one, other, strength, kind, by, shared in [
        (sam, ann, 5, "friend", staff, True),
        (ann, dana, 4, "club", staff, True),
        (olivia, dana, 2, "colleague", owner, True),
        (olivia, secret, 5, "worship", owner, False),
    ]:
        Connection.record(
            library=library,
            one=one,
            other=other,
            recorded_by=by,
            kind=kind,
            strength=strength,
            shared=shared,
        )
    return {"rotary": rotary, "sam": sam, "ann": ann, "dana": dana, "olivia": olivia}


def test_json_shape_best_first(library, world):
    result = json.loads(
        run("--library", "riverton", "--to-organization", str(world["rotary"].pk), "--json")
    )
    assert list(result) == ["paths"]
    paths = result["paths"]
    assert [set(path) for path in paths] == [{"score", "hops", "people", "links"}] * 2
    first = paths[0]
    assert first["score"] == pytest.approx(0.8)
    assert first["hops"] == 2
    assert first["people"] == [
        {"id": world["sam"].pk, "name": "Sam Staff"},
        {"id": world["ann"].pk, "name": "Ann Archer"},
        {"id": world["dana"].pk, "name": "Dana Reyes"},
    ]
    assert first["links"] == [{"kind": "friend", "strength": 5}, {"kind": "club", "strength": 4}]
    assert [path["score"] for path in paths] == sorted((p["score"] for p in paths), reverse=True)


def test_private_links_only_for_their_keeper(library, world):
    target = str(world["rotary"].pk)
    shared_only = run("--library", "riverton", "--to-organization", target, "--json")
    assert "Sid Secret" not in shared_only and "worship" not in shared_only
    as_staff = run(
        "--library",
        "riverton",
        "--to-organization",
        target,
        "--from",
        "staff@riverton.example",
        "--json",
    )
    assert "Sid Secret" not in as_staff
    as_owner = json.loads(
        run(
            "--library",
            "riverton",
            "--to-organization",
            target,
            "--from",
            "OWNER@riverton.example",
            "--json",
        )
    )
    assert as_owner["paths"][0]["people"][-1]["name"] == "Sid Secret"
    assert as_owner["paths"][0]["score"] == pytest.approx(1.0)


def test_table_and_colleague_hint(library, world):
    out = run(
        "--library",
        "riverton",
        "--to-organization",
        str(world["rotary"].pk),
        "--from",
        "staff@riverton.example",
    )
    assert "Sam Staff -[friend 5]-> Ann Archer -[club 4]-> Dana Reyes" in out
    assert "weakest link: Ann Archer - Dana Reyes (club, 4)" in out
    assert "A colleague may be able to help: Olivia Owner." in out
    assert "Sid" not in out and "worship" not in out


def test_to_person_k_and_hops(library, world):
    out = json.loads(
        run(
            "--library",
            "riverton",
            "--to-person",
            str(world["dana"].pk),
            "--k",
            "1",
            "--max-hops",
            "1",
            "--json",
        )
    )
    assert [[p["name"] for p in path["people"]] for path in out["paths"]] == [
        ["Olivia Owner", "Dana Reyes"]
    ]


def test_only_mine(library, world):
    out = json.loads(
        run(
            "--library",
            "riverton",
            "--to-person",
            str(world["dana"].pk),
            "--from",
            "staff@riverton.example",
            "--only-mine",
            "--json",
        )
    )
    assert {path["people"][0]["name"] for path in out["paths"]} == {"Sam Staff"}


def test_no_path_is_said_plainly(library, world):
    lonely = Organization.objects.create(library=library, name="Far Away")
    out = run("--library", "riverton", "--to-organization", str(lonely.pk))
    assert "No introduction path to Far Away" in out
    assert json.loads(
        run("--library", "riverton", "--to-organization", str(lonely.pk), "--json")
    ) == {"paths": []}


@pytest.mark.parametrize(
    "args, message",
    [
        (["--library", "nowhere", "--to-person", "1"], "No library with the short name 'nowhere'"),
        (["--library", "riverton", "--to-organization", "999999"], "No organization 999999"),
        (["--library", "riverton", "--to-person", "999999"], "No person 999999"),
        (
            ["--library", "riverton", "--to-person", "1", "--from", "nobody@x.example"],
            "No member of riverton",
        ),
        (["--library", "riverton", "--to-person", "1", "--only-mine"], "--only-mine needs --from"),
    ],
)
def test_clear_errors(library, world, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_another_librarys_records_are_unknown(library, other_library, outsider, world):
    elsewhere = Organization.objects.create(library=other_library, name="Elsewhere")
    with pytest.raises(CommandError, match="No organization"):
        run("--library", "riverton", "--to-organization", str(elsewhere.pk))
    with pytest.raises(CommandError, match="No member of riverton"):
        run("--library", "riverton", "--to-person", str(world["dana"].pk), "--from", outsider.email)


@pytest.mark.parametrize("args", [["--k", "0"], ["--k", "11"], ["--max-hops", "5"], ["--k", "x"]])
def test_bad_numbers_are_refused(library, world, args):
    with pytest.raises(CommandError):
        run("--library", "riverton", "--to-person", str(world["dana"].pk), *args)


def test_needs_a_target(library):
    with pytest.raises(CommandError):
        run("--library", "riverton")


def test_a_colleague_hint_is_given_even_when_no_path_is_visible(library, owner, staff):
    sam = Person.objects.create(library=library, name="Sam Staff", user=staff)
    olivia = Person.objects.create(library=library, name="Olivia Owner", user=owner)
    secret = Person.objects.create(library=library, name="Sid Secret")
    chapel = Organization.objects.create(library=library, name="Riverton Chapel")
    Affiliation.objects.create(person=secret, organization=chapel, role="Warden")
    Connection.record(
        library=library, one=olivia, other=secret, recorded_by=owner, kind="worship", strength=5
    )
    assert sam.pk  # Sam is on staff but knows nobody there
    out = run("--library", "riverton", "--to-organization", str(chapel.pk), "--from", staff.email)
    assert "No introduction path to Riverton Chapel" in out
    assert "A colleague may be able to help: Olivia Owner." in out
    assert "Sid" not in out
