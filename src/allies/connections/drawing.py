"""The best introduction paths drawn three ways, as server-side SVG: tree, spider web, flowchart.

The paths are merged into one small graph: each person once, placed by their distance to the
target (the organization, or the person asked for). A tree puts the target at the base and the
people who know them above it, level by level; a spider web puts the target at the centre with a
ring per step; a flowchart runs left to right from the staff to the target. Lines are thicker for
stronger ties and carry the relation kind and strength. The same content is returned as a list of
sentences for the ordered list that screen readers (and printouts) get next to the drawing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from allies.connections.paths import IntroductionPath

STYLES = ("tree", "web", "flow")
NAME_LIMIT = 30
CHAR_WIDTH = 8.2  # average width of a bold 14px system-font character, for sizing the boxes
LABEL_CHAR_WIDTH = 6.6  # the same for the 12px labels on the links
BOX_HEIGHT = 44
MARGIN = 24
ORGANIZATION = "org"


def style_names() -> dict[str, str]:
    return {"tree": _("Tree"), "web": _("Spider web"), "flow": _("Flowchart")}


@dataclass
class Node:
    key: str
    name: str
    note: str
    kind: str  # "staff", "person", "target" or "organization"
    level: int
    x: float = 0.0
    y: float = 0.0

    @property
    def label(self) -> str:
        return self.name if len(self.name) <= NAME_LIMIT else self.name[: NAME_LIMIT - 1] + "…"

    @property
    def width(self) -> float:
        return max(len(self.label), len(self.note) * 0.85, 6) * CHAR_WIDTH + 24


@dataclass(frozen=True)
class Edge:
    near: str  # the end farther from the target
    far: str  # the end nearer the target
    kind: str  # the relation kind's label, or the person's role at the organization
    strength: int  # 0: a person's place at the organization, not a tie between people

    @property
    def label(self) -> str:
        return f"{self.kind} · {self.strength}/5" if self.strength else self.kind


def strength_words(strength: int) -> str:
    return _("strength %(strength)s of 5") % {"strength": strength}


def merge(
    paths: list[IntroductionPath], organization_name: str | None
) -> tuple[dict[str, Node], list[Edge]]:
    """The union of the paths: nodes at their shortest distance to the target, links once each."""
    nodes: dict[str, Node] = {}
    edges: dict[frozenset[str], Edge] = {}
    offset = 1 if organization_name else 0
    if organization_name:
        nodes[ORGANIZATION] = Node(ORGANIZATION, organization_name, _("organization"), "target", 0)
    for path in paths:
        last = len(path.people) - 1
        for index, person in enumerate(path.people):
            key = f"p{person.id}"
            level = last - index + offset
            if index == last:
                kind, note = ("person", person.role) if organization_name else ("target", "")
            else:
                kind, note = ("staff", _("staff")) if person.is_staff else ("person", "")
            if key not in nodes:
                nodes[key] = Node(key, person.name, note, kind, level)
            elif level < nodes[key].level:
                nodes[key].level = level
            if index == 0 and person.is_staff:
                nodes[key].kind, nodes[key].note = "staff", _("staff")
        for index, link in enumerate(path.links):
            near, far = f"p{path.people[index].id}", f"p{path.people[index + 1].id}"
            pair = frozenset((near, far))
            if pair not in edges:
                edges[pair] = Edge(near, far, link.kind_label, link.strength)
        if organization_name:
            key = f"p{path.people[-1].id}"
            pair = frozenset((key, ORGANIZATION))
            if pair not in edges:
                edges[pair] = Edge(key, ORGANIZATION, path.people[-1].role or _("works there"), 0)
    return nodes, list(edges.values())


def levels(nodes: dict[str, Node], edges: list[Edge]) -> list[list[Node]]:
    """Nodes per level, each level ordered by where its neighbours nearer the target stand."""
    depth = max((node.level for node in nodes.values()), default=0)
    rows: list[list[Node]] = [[] for _level in range(depth + 1)]
    for node in nodes.values():
        rows[node.level].append(node)
    rows[0].sort(key=lambda node: (node.name, node.key))
    position = {node.key: index - (len(rows[0]) - 1) / 2 for index, node in enumerate(rows[0])}
    neighbours: dict[str, list[str]] = {key: [] for key in nodes}
    for edge in edges:
        neighbours[edge.near].append(edge.far)
        neighbours[edge.far].append(edge.near)
    for level in range(1, depth + 1):

        def centre(node: Node) -> float:
            placed = [position[key] for key in neighbours[node.key] if key in position]
            return sum(placed) / len(placed) if placed else 0.0

        rows[level].sort(key=lambda node: (centre(node), node.name, node.key))
        for index, node in enumerate(rows[level]):
            position[node.key] = index - (len(rows[level]) - 1) / 2  # rows centred on zero
    return rows


def place_tree(rows: list[list[Node]], slot: float) -> tuple[float, float]:
    step = 130
    widest = max(len(row) for row in rows)
    width = widest * slot + 2 * MARGIN
    height = (len(rows) - 1) * step + BOX_HEIGHT + 2 * MARGIN
    for level, row in enumerate(rows):
        start = (width - len(row) * slot) / 2 + slot / 2
        for index, node in enumerate(row):
            node.x = start + index * slot
            node.y = height - MARGIN - BOX_HEIGHT / 2 - level * step
    return width, height


def place_flow(rows: list[list[Node]], slot: float, gap: float) -> tuple[float, float]:
    """Columns from the staff (left) to the target (right), each as wide as its widest box."""
    step = 90
    tallest = max(len(row) for row in rows)
    height = (tallest - 1) * step + BOX_HEIGHT + 2 * MARGIN
    x = MARGIN
    for row in reversed(rows):
        column = max(node.width for node in row)
        start = (height - (len(row) - 1) * step) / 2
        for index, node in enumerate(row):
            node.x, node.y = x + column / 2, start + index * step
        x += column + gap
    return x - gap + MARGIN, height


def place_web(
    rows: list[list[Node]], edges: list[Edge], slot: float
) -> tuple[float, float, list[tuple[float, float]]]:
    """A radial tree: each person on the ring of their distance, inside the angle of the person
    nearer the target through whom they are drawn, so that branches do not cross."""
    level_of = {node.key: level for level, row in enumerate(rows) for node in row}
    order = {node.key: index for row in rows for index, node in enumerate(row)}
    parent: dict[str, str] = {}
    for edge in edges:
        for child, other in ((edge.near, edge.far), (edge.far, edge.near)):
            if level_of[other] < level_of[child]:
                best = parent.get(child)
                if best is None or (level_of[other], order[other]) < (level_of[best], order[best]):
                    parent[child] = other
    children: dict[str, list[str]] = {key: [] for key in level_of}
    for row in rows[1:]:
        for node in row:
            if node.key in parent:
                children[parent[node.key]].append(node.key)

    def leaves(key: str) -> int:
        return max(1, sum(leaves(child) for child in children[key]))

    angle: dict[str, float] = {}

    def spread(keys: list[str], low: float, high: float) -> None:
        total = sum(leaves(key) for key in keys) or 1
        for key in keys:
            share = (high - low) * leaves(key) / total
            angle[key] = low + share / 2
            child_low, child_high = low, low + share
            if level_of[key] == 1 and len(keys) == 1:
                # one person at the centre's side: their branches fan out over the top half
                child_low, child_high = angle[key] - math.pi * 0.6, angle[key] + math.pi * 0.6
            spread(children[key], child_low, child_high)
            low += share

    centre_row = rows[0]
    first_ring = [key for node in centre_row for key in children[node.key]]
    orphans = [node.key for row in rows[1:] for node in row if node.key not in parent]
    spread(first_ring + orphans, -math.pi * 1.5, math.pi / 2)
    # Rings are ellipses, wider than tall, because the boxes are: the web fits a page. The first
    # ring clears the box at the centre; each further ring is one box farther out.
    typical = sum(node.width for row in rows for node in row) / sum(len(row) for row in rows)
    centre_half = max(node.width for node in rows[0]) / 2 + (len(rows[0]) - 1) * slot / 2
    step_x, step_y = typical + 10, BOX_HEIGHT + 50
    first_x, first_y = centre_half + typical / 2 + 50, BOX_HEIGHT + 44
    for level, row in enumerate(rows[1:], start=1):
        # a ring must be long enough to hold its boxes side by side
        mean = (first_x + first_y + (level - 1) * (step_x + step_y)) / 2
        if len(row) * (typical + 16) > 2 * math.pi * mean:
            step_x += (len(row) * (typical + 16) / (2 * math.pi) - mean) / max(level - 0.5, 0.5)
    radii = [(0.0, 0.0)] + [
        (first_x + (level - 1) * step_x, first_y + (level - 1) * step_y)
        for level in range(1, len(rows))
    ]
    for level, row in enumerate(rows[1:], start=1):
        separate(row, angle, (typical + 16) / (sum(radii[level]) / 2))
    width = 2 * (radii[-1][0] + slot / 2 + MARGIN)
    height = 2 * (radii[-1][1] + BOX_HEIGHT / 2 + MARGIN)
    cx, cy = width / 2, height / 2
    for level, row in enumerate(rows):
        if level == 0:
            for index, node in enumerate(row):
                node.x = cx + (index - (len(row) - 1) / 2) * slot
                node.y = cy
            continue
        for node in row:
            node.x = cx + radii[level][0] * math.cos(angle[node.key])
            node.y = cy + radii[level][1] * math.sin(angle[node.key])
    return width, height, radii


def separate(row: list[Node], angle: dict[str, float], least: float) -> None:
    """Push the angles of one ring apart to at least `least`, keeping their order and centre."""
    keys = sorted((node.key for node in row), key=lambda key: angle[key])
    if len(keys) < 2:
        return
    wanted = [angle[key] for key in keys]
    pushed = list(wanted)
    for index in range(1, len(pushed)):
        pushed[index] = max(pushed[index], pushed[index - 1] + least)
    shift = (sum(wanted) - sum(pushed)) / len(pushed)
    for key, value in zip(keys, pushed, strict=True):
        angle[key] = value + shift


Curve = tuple[float, float, float, float, float, float]  # start, control point, end


def curves(
    nodes: dict[str, Node], edges: list[Edge], away: tuple[float, float]
) -> dict[Edge, Curve]:
    """Each link as a quadratic curve: straight between levels; bowed away from the target
    (the point `away` from) between two people on the same level, so it misses the boxes between."""
    shapes = {}
    for edge in edges:
        one, two = nodes[edge.near], nodes[edge.far]
        cx, cy = (one.x + two.x) / 2, (one.y + two.y) / 2
        if one.level == two.level:
            dx, dy = two.x - one.x, two.y - one.y
            length = math.hypot(dx, dy) or 1.0
            nx, ny = -dy / length, dx / length
            if nx * (cx - away[0]) + ny * (cy - away[1]) < 0:
                nx, ny = -nx, -ny
            bow = min(0.45 * length, 60.0) + BOX_HEIGHT / 2
            cx, cy = cx + nx * bow * 2, cy + ny * bow * 2
        shapes[edge] = (one.x, one.y, cx, cy, two.x, two.y)
    return shapes


def point_on(curve: Curve, t: float) -> tuple[float, float]:
    x1, y1, cx, cy, x2, y2 = curve
    return (
        (1 - t) ** 2 * x1 + 2 * (1 - t) * t * cx + t**2 * x2,
        (1 - t) ** 2 * y1 + 2 * (1 - t) * t * cy + t**2 * y2,
    )


def covered(spot: tuple[float, float], half: float, taken: list[tuple]) -> float:
    """How much of a label's box at `spot` lies under the boxes already taken."""
    box = (spot[0] - half, spot[1] - 10, spot[0] + half, spot[1] + 10)
    return sum(
        max(0.0, min(box[2], b[2]) - max(box[0], b[0]))
        * max(0.0, min(box[3], b[3]) - max(box[1], b[1]))
        for b in taken
    )


def place_labels(
    nodes: dict[str, Node], shapes: dict[Edge, Curve]
) -> list[tuple[Edge, float, float, float]]:
    """Where each link's label goes (centre and half width): along its line, clear of the boxes
    and of the labels placed before it (the strongest links choose first)."""
    taken = [
        (
            node.x - node.width / 2,
            node.y - BOX_HEIGHT / 2,
            node.x + node.width / 2,
            node.y + BOX_HEIGHT / 2,
        )
        for node in nodes.values()
    ]
    placed = []
    for edge in sorted(shapes, key=lambda edge: (-edge.strength, edge.near, edge.far)):
        half = len(edge.label) * LABEL_CHAR_WIDTH / 2 + 4
        spots = [point_on(shapes[edge], t) for t in (0.5, 0.38, 0.62, 0.28, 0.72, 0.2, 0.8)]

        # the first free spot, else the least covered one
        x, y = min(
            spots, key=lambda spot: (covered(spot, half, taken) > 0, covered(spot, half, taken))
        )
        taken.append((x - half, y - 10, x + half, y + 10))
        placed.append((edge, x, y, half))
    return placed


def bounds(nodes, shapes, labels, width: float, height: float) -> tuple[float, ...]:
    """The drawing's extent: the layout's frame, grown to hold bowed links and their labels."""
    xs, ys = [0.0, width], [0.0, height]
    for curve in shapes.values():
        for t in (0.25, 0.5, 0.75):
            x, y = point_on(curve, t)
            xs.append(x)
            ys.append(y)
    for _edge, x, y, half in labels:
        xs += [x - half, x + half]
        ys += [y - 10, y + 10]
    for node in nodes.values():
        xs += [node.x - node.width / 2, node.x + node.width / 2]
        ys += [node.y - BOX_HEIGHT / 2, node.y + BOX_HEIGHT / 2]
    return min(xs) - MARGIN / 2, min(ys) - MARGIN / 2, max(xs) + MARGIN / 2, max(ys) + MARGIN / 2


def number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Link:
    """A curved line between two people, or from a person to their organization (dashed)."""

    d: str
    width: str
    place: bool


@dataclass(frozen=True)
class LinkLabel:
    x: str
    y: str
    back_x: str
    back_y: str
    back_width: str
    text: str


@dataclass(frozen=True)
class Box:
    """A person or the target, as a labelled box."""

    kind: str
    title: str
    x: str
    y: str
    width: str
    centre: str
    name: str
    name_y: str
    note: str
    note_y: str


@dataclass
class Drawing:
    """The geometry of a drawing; `connections/_drawing_svg.html` turns it into SVG, and the
    stylesheet gives it its colours (`.drawing__*` in allies.css)."""

    style: str
    title: str
    description: str
    items: list[str]
    id_prefix: str = "drawing"
    view_box: str = ""
    width: str = ""
    height: str = ""
    paper: tuple[str, str, str, str] = ("0", "0", "0", "0")
    rings: list[tuple[str, str, str, str]] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    labels: list[LinkLabel] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)
    box_height: int = BOX_HEIGHT

    @property
    def svg(self) -> SafeString:
        """The SVG markup ('' when there is nothing to draw)."""
        if not self.boxes:
            return SafeString("")
        return render_to_string("connections/_drawing_svg.html", {"drawing": self})


def draw(
    paths: list[IntroductionPath],
    *,
    style: str,
    target_name: str,
    organization_name: str | None = None,
    id_prefix: str = "drawing",
) -> Drawing:
    """Draw the union of `paths` in one of STYLES; ids start with id_prefix."""
    if style not in STYLES:
        raise ValueError(f"Unknown drawing style {style!r}")
    nodes, edges = merge(paths, organization_name)
    title = _("%(style)s of who can introduce the library to %(target)s") % {
        "style": style_names()[style],
        "target": target_name,
    }
    items = describe(nodes, edges)
    people = sum(1 for node in nodes.values() if node.key != ORGANIZATION)
    ties = sum(1 for edge in edges if edge.strength)
    description = _(
        "%(people)s people and %(ties)s ties from the library's staff to %(target)s. "
        "Thicker lines are stronger ties."
    ) % {"people": people, "ties": ties, "target": target_name}
    drawing = Drawing(style, title, description, items, id_prefix)
    if not nodes:
        return drawing
    rows = levels(nodes, edges)
    slot = max(node.width for node in nodes.values()) + 36
    if style == "tree":
        width, height = place_tree(rows, slot)
    elif style == "flow":
        widest_label = max(len(edge.label) for edge in edges) * LABEL_CHAR_WIDTH
        width, height = place_flow(rows, slot, min(max(70.0, widest_label + 10), 170.0))
    else:
        width, height, ring = place_web(rows, edges, slot)
        drawing.rings = [
            (
                number(width / 2),
                number(height / 2),
                number(ring[level][0]),
                number(ring[level][1]),
            )
            for level in range(1, len(rows))
        ]
    centre = (sum(node.x for node in rows[0]) / len(rows[0]), rows[0][0].y)
    shapes = curves(nodes, edges, centre)
    labels = place_labels(nodes, shapes)
    left, top, right, bottom = bounds(nodes, shapes, labels, width, height)
    drawing.view_box = f"{number(left)} {number(top)} {number(right - left)} {number(bottom - top)}"
    drawing.width, drawing.height = number(right - left), number(bottom - top)
    drawing.paper = (number(left), number(top), drawing.width, drawing.height)
    for edge in edges:
        x1, y1, cx, cy, x2, y2 = shapes[edge]
        drawing.links.append(
            Link(
                d=f"M{number(x1)} {number(y1)} Q{number(cx)} {number(cy)} {number(x2)} {number(y2)}",
                width=number(1 + 1.2 * edge.strength) if edge.strength else "1.5",
                place=not edge.strength,
            )
        )
    for edge, x, y, half in labels:
        drawing.labels.append(
            LinkLabel(
                x=number(x),
                y=number(y + 4),
                back_x=number(x - half),
                back_y=number(y - 9),
                back_width=number(2 * half),
                text=edge.label,
            )
        )
    for node in nodes.values():
        note = node.note if len(node.note) <= NAME_LIMIT else node.note[: NAME_LIMIT - 1] + "…"
        drawing.boxes.append(
            Box(
                kind=node.kind,
                title=node.name + (" – " + node.note if node.note else ""),
                x=number(node.x - node.width / 2),
                y=number(node.y - BOX_HEIGHT / 2),
                width=number(node.width),
                centre=number(node.x),
                name=node.label,
                name_y=number(node.y + (0 if node.note else 5)),
                note=note,
                note_y=number(node.y + 15),
            )
        )
    return drawing


def describe(nodes: dict[str, Node], edges: list[Edge]) -> list[str]:
    """The drawing in sentences, farthest from the target first, for the list beside it."""
    items = []
    order = sorted(
        edges,
        key=lambda edge: (-nodes[edge.near].level, nodes[edge.near].name, nodes[edge.far].name),
    )
    for edge in order:
        one, two = nodes[edge.near], nodes[edge.far]
        if edge.strength:
            items.append(
                _("%(one)s knows %(two)s: %(kind)s, %(strength)s")
                % {
                    "one": one.name,
                    "two": two.name,
                    "kind": edge.kind,
                    "strength": strength_words(edge.strength),
                }
            )
        else:
            items.append(
                _("%(one)s is at %(organization)s: %(role)s")
                % {"one": one.name, "organization": two.name, "role": edge.kind}
            )
    return items
