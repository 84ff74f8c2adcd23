"""Cards on an organisation's start page, contributed by the apps above ``core``.

The start page belongs to ``people`` (the lowest app a visitor enters), but
what it shows a participant — open cohorts, their registrations, their
tandems — belongs to apps above it. Those apps register a card template in
their ``AppConfig.ready()``; the page includes the cards in order, and each
card loads its own template tags. So no lower app names a higher one.
"""

_cards: dict[str, int] = {}


def register_card(template: str, *, order: int) -> None:
    """Show ``template`` on the start page; lower ``order`` comes first."""
    _cards[template] = order


def cards() -> list[str]:
    return sorted(_cards, key=lambda template: (_cards[template], template))
