"""Apps depend only on apps above them in DESIGN.md's list, so the method's steps stay layered:
through Python imports, foreign keys named as strings ("goals.Goal"), migration dependencies,
models fetched by name (`apps.get_model("goals", ...)`), the templates Python code renders, and the
templates and template tags a template includes or loads. An app of the list missing on disk fails
the tests instead of being skipped."""

import ast
import re
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
# Below every step: pages that gather what all the steps have (not in DESIGN.md's list of steps).
SITE_APPS = ["today"]
LAYERS = ORDER + SITE_APPS


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
    for rank, app in enumerate(LAYERS):
        folder = SRC / app
        assert folder.is_dir(), f"allies/{app} is in the list but not on disk"
        below = set(LAYERS[rank + 1 :])
        for path in folder.rglob("*.py"):
            for other in imported_apps(path) & below:
                problems.append(f"{path.relative_to(SRC)} imports allies.{other}")
    assert not problems, "\n".join(problems)


def test_the_apps_on_disk_are_the_ones_in_the_design():
    apps = {p.name for p in SRC.iterdir() if (p / "apps.py").exists()}
    assert apps == set(LAYERS), apps ^ set(LAYERS)  # none missing, none unplanned


def test_the_infrastructure_imports_no_app():
    """allies/core/ is below every app: settings, history, charts, documents, backups, the
    benchmarks' timing and the template tags every template may load know no step."""
    apps = set(LAYERS)
    problems = [
        f"{path.relative_to(SRC)} imports allies.{other}"
        for path in (SRC / "core").rglob("*.py")
        for other in imported_apps(path) & apps
    ]
    assert (SRC / "core").is_dir() and not problems, "\n".join(problems)


# What may sit at the package's root beside the apps and core/: the project's wiring (settings,
# URLs, the WSGI entry, the `allies` command and its management commands, the app config), the
# project's templates, static files and catalogs, and the sample library that runs each app's.
ROOT_ENTRIES = {
    "__init__.py",
    "apps.py",
    "cli.py",
    "settings.py",
    "urls.py",
    "wsgi.py",
    "sample_data.py",
    "management",
    "templates",
    "static",
    "locale",
    "core",
}


def test_infrastructure_lives_in_core_not_at_the_root():
    found = {
        entry.name
        for entry in SRC.iterdir()
        if entry.name != "__pycache__" and not (entry / "apps.py").exists()
    }
    assert found <= ROOT_ENTRIES, f"at allies/ beside the apps: {sorted(found - ROOT_ENTRIES)}"


def test_the_order_is_the_one_in_design_md():
    design = (SRC.parent.parent.parent / "shared" / "DESIGN.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| `(\w+)` \|", design, flags=re.MULTILINE)
    assert listed == ORDER


# Migrations written before a model moved keep naming its old app, and the migration that moved
# Goal from planning to goals must come after every migration that made a key to it: they cannot
# change, so they are the only exceptions.
HISTORICAL = {
    "matching/migrations/0001_initial.py": {"planning"},  # Answer.goal before goals 0001
    "outreach/migrations/0001_initial.py": {"planning"},  # Pitch.goal before goals 0001
    "goals/migrations/0001_initial.py": {"planning", "matching", "outreach"},  # the move itself
}
STRING_REFERENCE = re.compile(r"""["']([a-z_]+)\.[A-Za-z_]\w*["']""")
DEPENDENCY = re.compile(r"""\(\s*["']([a-z_]+)["']\s*,\s*["']\d{4}_""")
GET_MODEL = re.compile(r"""get_model\(\s*["']([a-z_]+)["']""")
TEMPLATE_NAME = re.compile(r"""["']([\w-]+)/[\w/.-]+\.(?:html|txt|xml|svg|ics)["']""")


def named_apps(text: str) -> set[str]:
    """The apps a Python file names: string foreign keys, migration dependencies, get_model calls
    and the templates it renders (a template folder belongs to the app that holds it)."""
    folders, _libraries = _template_owners()
    templates = {folders.get(folder, "") for folder in TEMPLATE_NAME.findall(text)}
    return (
        set(STRING_REFERENCE.findall(text))
        | set(DEPENDENCY.findall(text))
        | set(GET_MODEL.findall(text))
        | (templates - {""})
    )


def test_the_checks_see_every_kind_of_reference():
    text = """
        goal = models.ForeignKey("goals.Goal", on_delete=models.CASCADE)
        dependencies = [("outreach", "0006_pitch_goal_in_goals")]
        Habit = apps.get_model("stewardship", "Habit")
        return render(request, "recognition/impact.html", {})
    """
    assert named_apps(text) >= {"goals", "outreach", "stewardship", "recognition"}


def _rank_of(app: str) -> int:
    return LAYERS.index(app) if app in LAYERS else -1


def test_no_foreign_key_or_migration_points_below():
    problems = []
    for rank, app in enumerate(LAYERS):
        folder = SRC / app
        assert folder.is_dir(), f"allies/{app} is in the list but not on disk"
        for path in folder.rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            named = named_apps(text)
            allowed = HISTORICAL.get(str(path.relative_to(SRC)).replace("\\", "/"), set())
            for other in named:
                if _rank_of(other) > rank and other not in allowed:
                    problems.append(f"{path.relative_to(SRC)} names allies.{other}")
    assert not problems, "\n".join(problems)


def _template_owners() -> tuple[dict[str, str], dict[str, str]]:
    """Template folder -> app, and template tag library -> app."""
    folders, libraries = {}, {}
    for app in LAYERS:
        templates = SRC / app / "templates"
        if templates.is_dir():
            folders.update({d.name: app for d in templates.iterdir() if d.is_dir()})
        tags = SRC / app / "templatetags"
        if tags.is_dir():
            libraries.update({f.stem: app for f in tags.glob("*.py") if f.stem != "__init__"})
    return folders, libraries


INCLUDE = re.compile(r"""{%\s*(?:include|extends)\s+["']([\w-]+)/""")
LOAD = re.compile(r"{%\s*load\s+([\w\s]+?)\s*%}")
TEMPLATE_FILES = ("*.html", "*.txt", "*.ics", "*.xml")


def template_references(text: str) -> tuple[set[str], set[str]]:
    """(template folders included or extended, tag libraries loaded) by a template."""
    loaded = {library for names in LOAD.findall(text) for library in names.split()}
    return set(INCLUDE.findall(text)), loaded - {"from"}


def test_the_template_check_sees_includes_extends_and_loads():
    text = """{% extends "outreach/base.html" %}{% load i18n stewardship_tags %}
    {% include 'recognition/_panel.html' with x=1 %}{% include panel %}"""
    assert template_references(text) == (
        {"outreach", "recognition"},
        {"i18n", "stewardship_tags"},
    )


def _templates(folder: Path):
    for pattern in TEMPLATE_FILES:
        yield from folder.rglob(pattern)


def test_no_template_includes_or_loads_from_an_app_below():
    folders, libraries = _template_owners()
    assert folders and libraries
    problems = []
    # The project's own templates (base.html, includes/, charts/, documents/) are below no app.
    places = [(-1, SRC / "templates")] + [
        (rank, SRC / app / "templates") for rank, app in enumerate(LAYERS)
    ]
    for rank, templates in places:
        if not templates.is_dir():
            continue
        for path in _templates(templates):
            included, loaded = template_references(path.read_text(encoding="utf-8"))
            for folder in included:
                if _rank_of(folders.get(folder, "")) > rank:
                    problems.append(f"{path.relative_to(SRC)} includes {folder}/")
            for library in loaded:
                if _rank_of(libraries.get(library, "")) > rank:
                    problems.append(f"{path.relative_to(SRC)} loads {library}")
    assert not problems, "\n".join(problems)
