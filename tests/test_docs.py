"""The README stays true: it names every command we ship and every setting we read."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def our_commands():
    return sorted(
        path.stem
        for path in (ROOT / "src" / "allies").glob("**/management/commands/*.py")
        if not path.stem.startswith("_")
    )


def test_readme_mentions_every_allies_command():
    missing = [name for name in our_commands() if f"allies {name}" not in README]
    assert not missing, f"README.md does not mention: {', '.join(missing)}"


def test_readme_configuration_table_lists_every_environment_variable():
    source = "\n".join(
        path.read_text(encoding="utf-8") for path in (ROOT / "src" / "allies").glob("*.py")
    )
    variables = set(re.findall(r'environ(?:\.get)?\(\s*"([A-Z_]+)"', source))
    variables |= set(re.findall(r'env_(?:bool|list|int)\(\s*"([A-Z_]+)"', source))
    assert variables, "the settings read no environment variable at all?"
    missing = sorted(name for name in variables if f"`{name}`" not in README)
    assert not missing, f"README.md's configuration table misses: {', '.join(missing)}"


def test_readme_quick_start_is_two_commands():
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^(?:\$ )?(make \w+)$", quick_start, flags=re.MULTILINE)
    assert commands == ["make demo", "make test"]
