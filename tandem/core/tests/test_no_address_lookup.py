"""AUTH-09: no code of ours looks a login up by its e-mail address; only allauth's login does.

An address match is not proof of identity, so linking, inviting or
deprovisioning must never find a ``User`` by address. This reads the source
(not the tests or migrations) for any query on a login's address: a lookup
on ``User``'s ``email``, one through a relation to it (``user__email``), or
allauth's helpers that do the same.
"""

import ast
from pathlib import Path

import tandem

ROOT = Path(tandem.__file__).parent
QUERY_METHODS = {"filter", "exclude", "get", "get_or_create", "update_or_create", "Q"}
# allauth's helpers that find logins by address, for its own login and reset forms.
ADDRESS_HELPERS = {"filter_users_by_email", "get_users_for", "lookup_by_email"}


def _sources() -> list[Path]:
    return [
        path
        for path in ROOT.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
    ]


def _mentions_user(node: ast.AST) -> bool:
    """Whether the query is made on logins: ``User.objects…`` or ``get_user_model()…``."""
    for inner in ast.walk(node):
        if isinstance(inner, ast.Name) and inner.id in {"User", "get_user_model"}:
            return True
        if isinstance(inner, ast.Attribute) and inner.attr in {"users", "user_set"}:
            return True
    return False


def _is_address_lookup(keyword: str, on_users: bool) -> bool:
    parts = keyword.split("__")
    if parts[0] in {"user", "users", "accepted_by", "created_by", "actor"} and "email" in parts:
        return True
    if parts[0] in {"emailaddress", "emailaddress_set"}:
        return True
    return on_users and parts[0] == "email"


def address_lookups(paths: list[Path] | None = None) -> list[str]:
    found = []
    for path in paths or _sources():
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else ""
            name = name or (node.func.id if isinstance(node.func, ast.Name) else "")
            shown = path.relative_to(ROOT.parent) if path.is_relative_to(ROOT.parent) else path.name
            where = f"{shown}:{node.lineno}"
            if name in ADDRESS_HELPERS:
                found.append(f"{where} {name}()")
            if name not in QUERY_METHODS:
                continue
            on_users = _mentions_user(node.func)
            for keyword in node.keywords:
                if keyword.arg and _is_address_lookup(keyword.arg, on_users):
                    found.append(f"{where} {keyword.arg}")
    return found


def test_no_code_looks_a_login_up_by_its_address() -> None:
    assert address_lookups() == []


def test_the_check_finds_each_kind_of_address_lookup(tmp_path: Path) -> None:
    """The scan itself can fail: each way of writing such a lookup is caught."""
    source = tmp_path / "lookups.py"
    source.write_text(
        "User.objects.filter(email__iexact=address)\n"
        "User.objects.get(email=address)\n"
        "get_user_model().objects.filter(email=address).first()\n"
        "Employee.objects.filter(user__email=address)\n"
        "Q(user__email__iexact=address)\n"
        "filter_users_by_email(address)\n"
        "EmailAddress.objects.get_users_for(address)\n"
        "User.objects.filter(emailaddress__email=address)\n"
        # not lookups of logins: an employee's address in the org chart search
        "Employee.objects.filter(email__iexact=term)\n"
    )
    found = address_lookups([source])
    assert len(found) == 8, found
    assert not any(line.startswith(f"{source.name}:9") for line in found)
