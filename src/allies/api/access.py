"""Who may call each operation of the API, said in one place: beneath the router's decorator.

    @router.post("/partnerships", response=...)
    @api_access(role=STAFF)
    def create_partnership(request, payload: PartnershipIn): ...

The roles are the pages' (allies/libraries/access.py), read for a token's member:
- MEMBERS: every member's token, a volunteer's too (reading; logging a contact);
- STAFF: a staff member's or an owner's token only; a volunteer's gets 403.
And whatever the role, an operation that changes something (any method but GET, HEAD, OPTIONS)
refuses a read-only token.

The check runs after the token is checked and the request's parameters and body are read, just
before the operation's own code, which may then assume it. tests/test_roles.py lists every
operation with its role (docs/roles.md) and fails on one that states none.
"""

from __future__ import annotations

import functools

from ninja.utils import contribute_operation_callback

from allies.api.tokens import require_edit, require_write
from allies.libraries.access import MEMBERS, SAFE_METHODS, STAFF

API_ROLES = (MEMBERS, STAFF)


def api_access(*, role: str):
    """Say who may call the operation; put it beneath `@router.get(...)` / `@router.post(...)`."""
    if role not in API_ROLES:
        raise ValueError(f"Unknown API role {role!r}: one of {', '.join(API_ROLES)}")

    def decorator(func):
        if hasattr(func, "_ninja_operation"):
            raise TypeError(f"{func.__name__}: put @api_access beneath the router's decorator")

        @functools.wraps(func)
        def checked(request, *args, **kwargs):
            if request.method not in SAFE_METHODS:
                require_write(request)
            if role == STAFF:
                require_edit(request)
            return func(request, *args, **kwargs)

        checked.allies_role = role  # read by tests/test_roles.py

        def guard(operation) -> None:
            # ninja has read the function's parameters already; it now calls the checked one.
            operation.view_func = checked

        contribute_operation_callback(func, guard)
        return func

    return decorator
