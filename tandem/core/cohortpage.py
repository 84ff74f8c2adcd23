"""Sections on a cohort's page for the program team, contributed by the apps above ``programs``.

The cohort page belongs to ``programs``, but some of what the program team
does with a cohort (its events, later its health) belongs to apps above it.
Like the start-page cards (``core.startpage``), those apps register a
section template in their ``AppConfig.ready()``; the page includes the
sections in order with ``cohort`` in the context, so no lower app names a
higher one.
"""

from tandem.core.startpage import Slots

_sections = Slots()
register_section = _sections.register  # show ``template`` on every cohort page
sections = _sections.templates
