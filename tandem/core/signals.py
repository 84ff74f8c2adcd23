"""Signals of the shared base.

``restored`` is sent once a backup has been written back into a database and the schema
brought up to the code (``tandem.core.backup.restore_backup``, ``manage.py restore``),
with the keyword arguments ``using`` (the database alias) and ``path`` (the backup file).
Its receivers put back what must hold whatever the backup contained. There are none yet:
the erasure journal (PRIV-08, issue 17 item 4) will connect its replay here, so that
people erased after the backup was taken stay erased. A receiver's error is not caught:
a restore whose replay failed must not look finished.
"""

from django.dispatch import Signal

restored = Signal()
