"""Every ``{% url %}`` in every template names a URL that exists (issue 14).

A template branch that no test renders (the mid-term advice on meetings) once
named a URL that did not exist, and the page answered 500 in the demo. Reading
the templates finds such names without rendering each branch.
"""

import re
from pathlib import Path

from django.urls import get_resolver

import tandem
from tandem.core.tests.test_permission_matrix import all_url_names

ROOT = Path(tandem.__file__).parent
URL_TAG = re.compile(r"""{%\s*url\s+(['"])([^'"]+)\1""")


def named_urls(paths: list[Path] | None = None) -> dict[str, list[str]]:
    """URL names used by ``{% url %}`` tags, with where each is used."""
    found: dict[str, list[str]] = {}
    for path in paths or sorted(ROOT.rglob("templates/**/*.html")) + sorted(
        ROOT.rglob("templates/**/*.txt")
    ):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for match in URL_TAG.finditer(line):
                found.setdefault(match.group(2), []).append(f"{path.name}:{number}")
    return found


def test_every_url_a_template_names_exists() -> None:
    known = all_url_names()
    assert get_resolver()  # the URLconf loads
    missing = {name: where for name, where in named_urls().items() if name not in known}
    assert not missing, missing


def test_the_check_sees_a_wrong_name(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("""<a href="{% url 'meetings:no_such_page' org.slug %}">x</a>""")
    assert named_urls([page]) == {"meetings:no_such_page": ["page.html:1"]}
