"""Cards on an organisation's start page, contributed by the apps above ``core``.

The start page belongs to ``people`` (the lowest app a visitor enters), but
what it shows a participant — open cohorts, their registrations, their
tandems — belongs to apps above it. Those apps register a card template in
their ``AppConfig.ready()``; the page includes the cards in order, and each
card loads its own template tags. So no lower app names a higher one.
"""


class Slots:
    """Templates contributed by higher apps, shown in their ``order`` (lower first)."""

    def __init__(self) -> None:
        self._order: dict[str, int] = {}

    def register(self, template: str, *, order: int) -> None:
        self._order[template] = order

    def templates(self) -> list[str]:
        return sorted(self._order, key=lambda template: (self._order[template], template))


_cards = Slots()
register_card = _cards.register  # show ``template`` on the start page; lower ``order`` first
cards = _cards.templates
