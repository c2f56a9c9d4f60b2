"""The drawings: valid SVG, every person of the paths on it, text escaped, the same content in words."""

import xml.etree.ElementTree as ET

import pytest

from allies.connections.drawing import STYLES, draw
from allies.connections.paths import IntroductionPath, PathLink, PathPerson

SVG = "{http://www.w3.org/2000/svg}"


def chain(*steps, role="Chair"):
    """chain("Sam", ("friend", 5), "Ann", ("club", 4), "Dana") with ids from the names."""
    people, links = [], []
    for step in steps:
        if isinstance(step, tuple):
            links.append(PathLink(kind=step[0], kind_label=step[0].title(), strength=step[1]))
        else:
            people.append(PathPerson(id=sum(map(ord, step)), name=step, is_staff=not people))
    people[-1] = PathPerson(id=people[-1].id, name=people[-1].name, role=role)
    score = 1.0
    for link in links:
        score *= link.strength / 5
    weakest = min(range(len(links)), key=lambda index: (links[index].strength, index))
    return IntroductionPath(tuple(people), tuple(links), score, weakest)


PATHS = [
    chain("Sam Staff", ("friend", 5), "Ann Archer", ("club", 4), "Dana Reyes"),
    chain("Olivia Owner", ("colleague", 3), "Dana Reyes"),
    chain("Sam Staff", ("neighbour", 2), "Bob Baker", ("family", 5), "Cy", ("school", 4), "Tom T"),
]


def parse(svg) -> ET.Element:
    return ET.fromstring(str(svg))  # noqa: S314 (our own output, parsed to check it is valid)


def texts(root):
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("style", STYLES)
def test_every_person_and_link_is_drawn(style):
    picture = draw(PATHS, style=style, target_name="Rotary", organization_name="Rotary")
    root = parse(picture.svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}desc").get("id") == desc_id
    drawn = texts(root)
    for name in (
        "Sam Staff",
        "Ann Archer",
        "Dana Reyes",
        "Olivia Owner",
        "Bob Baker",
        "Cy",
        "Tom T",
    ):
        assert drawn.count(name) == 1, name  # each person once, however many paths
    assert "Rotary" in drawn
    assert "Friend · 5/5" in drawn and "Neighbour · 2/5" in drawn
    lines = [node for node in root.iter(f"{SVG}path") if "drawing__link" in node.get("class", "")]
    # 6 ties between people + 2 people at the organization
    assert len(lines) == 8
    widths = sorted(float(line.get("stroke-width")) for line in lines)
    assert widths[-1] > widths[0]  # stronger ties are thicker
    assert len(picture.items) == 8
    assert "Sam Staff knows Bob Baker: Neighbour, strength 2 of 5" in picture.items


def test_tree_puts_the_target_at_the_base_and_flow_runs_left_to_right():
    def positions(style):
        root = parse(draw(PATHS, style=style, target_name="R", organization_name="R").svg)
        found = {}
        for group in root.iter(f"{SVG}g"):
            rect, label = group.find(f"{SVG}rect"), group.find(f"{SVG}text")
            if rect is not None and label is not None:
                x = float(rect.get("x")) + float(rect.get("width")) / 2
                y = float(rect.get("y")) + float(rect.get("height")) / 2
                found["".join(label.itertext())] = (x, y)
        return found

    tree = positions("tree")
    assert tree["R"][1] > tree["Dana Reyes"][1] > tree["Ann Archer"][1] > tree["Sam Staff"][1]
    flow = positions("flow")
    assert flow["Sam Staff"][0] < flow["Ann Archer"][0] < flow["Dana Reyes"][0] < flow["R"][0]
    web = positions("web")
    centre = web["R"]

    def distance(name):
        return ((web[name][0] - centre[0]) ** 2 + (web[name][1] - centre[1]) ** 2) ** 0.5

    assert distance("Dana Reyes") < distance("Ann Archer") < distance("Sam Staff")


def test_person_target_without_organization():
    picture = draw(PATHS[:1], style="tree", target_name="Dana Reyes")
    root = parse(picture.svg)
    assert sorted(texts(root)) == sorted(
        ["Sam Staff", "staff", "Ann Archer", "Dana Reyes", "Friend · 5/5", "Club · 4/5"]
    )


def test_text_is_escaped():
    evil = [chain('<script>alert("x")</script> & Co', ("friend", 3), "Dana'")]
    picture = draw(evil, style="web", target_name="<b>T</b>", organization_name="A & B <i>")
    svg = str(picture.svg)
    assert "<script>" not in svg and "<b>" not in svg and "<i>" not in svg
    root = parse(svg)
    titles = ["".join(node.itertext()) for node in root.iter(f"{SVG}title")]
    assert any("</script> & Co" in title for title in titles)
    assert "A & B <i>" in texts(root)


def test_long_names_are_shortened_on_the_drawing_but_whole_in_words():
    long_name = "Bartholomew Fitzwilliam-Montgomery of Riverton Heights"
    picture = draw([chain("Sam", ("friend", 3), long_name)], style="flow", target_name="X")
    root = parse(picture.svg)
    assert any(text.endswith("…") for text in texts(root))
    assert any(long_name in item for item in picture.items)  # whole in the text alternative


def test_no_paths_no_picture():
    assert str(draw([], style="tree", target_name="X").svg) == ""


def test_unknown_style_is_refused():
    with pytest.raises(ValueError):
        draw(PATHS, style="pie", target_name="X")
