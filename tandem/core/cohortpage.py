"""Sections on a cohort's page for the program team, contributed by the apps above ``programs``.

The cohort page belongs to ``programs``, but some of what the program team
does with a cohort (its events, later its health) belongs to apps above it.
Like the start-page cards (``core.startpage``), those apps register a
section template in their ``AppConfig.ready()``; the page includes the
sections in order with ``cohort`` in the context, so no lower app names a
higher one.
"""

_sections: dict[str, int] = {}


def register_section(template: str, *, order: int) -> None:
    """Show ``template`` on every cohort page; lower ``order`` comes first."""
    _sections[template] = order


def sections() -> list[str]:
    return sorted(_sections, key=lambda template: (_sections[template], template))
