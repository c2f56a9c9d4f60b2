"""Who may change what through the API: every operation that changes something refuses a
read-only token (`require_write`) and, when it changes the library's records, a volunteer's token
(`require_edit`), in its body or in a helper of its module. The list below is every changing
operation with its check; a new operation that checks neither, or one missing from the list, fails.
Reading needs a token of a member only (tests/api/test_access.py)."""

import ast
from pathlib import Path

API = Path(__file__).resolve().parent.parent.parent / "src" / "allies" / "api"
CHECKS = {"require_edit", "require_write"}
CHANGING = {"post", "put", "patch", "delete"}
EXPECTED = {
    "connections.record_connection": "require_edit",
    "connections.share_connection": "require_edit",
    "directory.create_organization": "require_edit",
    "directory.update_organization": "require_edit",
    "directory.create_person": "require_edit",
    "directory.update_person": "require_edit",
    "directory.create_audience": "require_edit",
    "directory.create_resource": "require_edit",
    "goals.create_goal": "require_edit",
    "partnerships.create_partnership": "require_edit",
    "partnerships.move_stage": "require_edit",
    "partnerships.create_commitment": "require_edit",
    "partnerships.commitment_kept": "require_edit",
    "partnerships.commitment_missed": "require_edit",
    # A volunteer logs contacts: a read-write token of any member.
    "stewardship.log_contact": "require_write",
    "stewardship.reminder_done": "require_edit",
    "stewardship.reminder_snooze": "require_edit",
}


def _reaches(functions: dict, name: str, seen: set[str]) -> set[str]:
    """The checks a function of the module calls, itself or through the module's other functions."""
    if name in seen or name not in functions:
        return set()
    seen.add(name)
    checks = set()
    for node in ast.walk(functions[name]):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in CHECKS:
                checks.add(node.func.id)
            else:
                checks |= _reaches(functions, node.func.id, seen)
    return checks


def changing_operations() -> dict[str, set[str]]:
    """module.function -> the checks it reaches, for every changing operation of the API."""
    found = {}
    for path in sorted(API.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
        for function in functions.values():
            methods = {
                decorator.func.attr
                for decorator in function.decorator_list
                if isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Attribute)
            }
            if methods & CHANGING:
                found[f"{path.stem}.{function.name}"] = _reaches(functions, function.name, set())
    return found


def test_every_changing_operation_states_who_may_call_it():
    found = changing_operations()
    assert len(found) >= len(EXPECTED)
    unchecked = sorted(name for name, checks in found.items() if not checks)
    assert not unchecked, "changing operations with no require_edit/require_write: " + ", ".join(
        unchecked
    )
    stated = {
        name: "require_edit" if "require_edit" in checks else "require_write"
        for name, checks in found.items()
    }
    assert stated == EXPECTED
