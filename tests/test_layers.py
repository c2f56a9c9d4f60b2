"""Apps depend only on apps above them in DESIGN.md's list, so the method's steps stay layered."""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "allies"
ORDER = [
    "libraries",
    "directory",
    "goals",
    "partnerships",
    "connections",
    "matching",
    "outreach",
    "stewardship",
    "planning",
    "recognition",
    "workshop",
    "api",
]


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name.split(".")[1] for name in names if name.startswith("allies.") and "." in name}


def test_no_app_imports_an_app_below_it():
    problems = []
    for rank, app in enumerate(ORDER):
        folder = SRC / app
        if not folder.is_dir():
            continue
        below = set(ORDER[rank + 1 :])
        for path in folder.rglob("*.py"):
            for other in imported_apps(path) & below:
                problems.append(f"{path.relative_to(SRC)} imports allies.{other}")
    assert not problems, "\n".join(problems)


def test_the_apps_on_disk_are_the_ones_in_the_design():
    apps = {p.name for p in SRC.iterdir() if (p / "apps.py").exists()}
    assert apps <= set(ORDER), apps - set(ORDER)
