"""Pitch versions are numbered safely when two people save at once."""


def test_a_version_number_taken_meanwhile_moves_on_to_the_next(library, staff):
    from unittest import mock

    from allies.directory.models import Organization
    from allies.outreach.models import Pitch
    from allies.partnerships.models import Partnership

    partnership = Partnership.objects.create(
        library=library, organization=Organization.objects.create(library=library, name="Rotary")
    )
    Pitch.save_version(partnership, by=staff, text="First.")
    real = Pitch.objects.filter

    calls = {"n": 0}

    def stale_filter(*args, **kwargs):
        # The first look at the latest version misses the one just saved by someone else.
        calls["n"] += 1
        if calls["n"] == 1:
            return real(pk=-1)
        return real(*args, **kwargs)

    with mock.patch.object(Pitch.objects, "filter", side_effect=stale_filter):
        second = Pitch.save_version(partnership, by=staff, text="Second.")
    assert second.version == 2
    assert list(
        Pitch.objects.filter(partnership=partnership).values_list("version", flat=True)
    ) in (
        [1, 2],
        [2, 1],
    )
