"""Every ``{# … #}`` comment in a template closes on its own line.

Django's short comment is one line only: a ``{#`` whose ``#}`` comes on a later line is not
a comment but text, and every tandem page once showed the navigation's two-line note to its
readers. Longer notes use ``{% comment %}``. Reading the templates finds them all, including
branches no test renders.
"""

import re
from pathlib import Path

import tandem

ROOT = Path(tandem.__file__).parent
UNCLOSED = re.compile(r"{#(?!.*?#})")


def unclosed_comments(paths: list[Path] | None = None) -> list[str]:
    templates = paths or sorted(ROOT.rglob("templates/**/*.html")) + sorted(
        ROOT.rglob("templates/**/*.txt")
    )
    return [
        f"{path.relative_to(path.parents[2])}:{number}"
        for path in templates
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if UNCLOSED.search(line)
    ]


def test_every_short_comment_closes_on_its_line() -> None:
    assert unclosed_comments() == []


def test_the_check_sees_a_comment_over_two_lines(tmp_path: Path) -> None:
    page = tmp_path / "app" / "templates" / "page.html"
    page.parent.mkdir(parents=True)
    page.write_text("{# one line #}\n{# two\n lines #}\n<p>{# fine #} text</p>\n")
    assert unclosed_comments([page]) == ["app/templates/page.html:2"]
