"""The partnership page asks which panels there are; the later apps answer (partnerships.panels)."""

from allies.partnerships import panels


def test_each_later_app_registers_its_panels_in_page_order():
    assert panels.panels() == [
        "stewardship/_partnership_health.html",
        "stewardship/_partnership_contacts.html",
        "partnerships/_commitments.html",
        "outreach/_partnership_introductions.html",
        "outreach/_partnership_plan.html",
        "outreach/_partnership_pilots.html",
        "recognition/_partnership_impact.html",
        "recognition/_partnership_recognition.html",
    ]


def test_registering_a_panel_twice_keeps_one():
    before = panels.panels()
    panels.register(before[0], 10)
    assert panels.panels() == before


def test_the_partnership_page_includes_no_later_apps_template_by_name():
    from pathlib import Path

    folder = Path(panels.__file__).resolve().parent / "templates"
    later = ("stewardship/", "outreach/", "recognition/", "planning/", "workshop/", "matching/")
    named = [
        f"{path.name}: {name}"
        for path in folder.rglob("*.html")
        for name in later
        if f'"{name}' in path.read_text(encoding="utf-8")
    ]
    assert not named
