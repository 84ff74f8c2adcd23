"""Signals of a tandem's life, for the apps above the one that changes it.

A signal only where the layers forbid the call: matching ends a tandem, meetings (above it)
cancels the meetings ahead.
"""

from django.dispatch import Signal

# Sent inside the transaction that ends a tandem early, with ``tandem`` and ``actor``; each
# receiver returns how many of its things it cancelled (the audit entry counts them).
tandem_ended = Signal()
