"""What happens to a cohort that apps above ``programs`` may act on, without being imported.

``tandems_published``: a cohort's first tandems are out (sender ``Cohort``, ``cohort``), sent
inside the publishing transaction. The surveys app creates the cohort's mid-term and final
survey on it, so no page has to create them on GET (and the scheduler need not come first).
"""

from django.dispatch import Signal

tandems_published = Signal()
