"""One writer at a time in the council's store, on SQLite and on PostgreSQL.

Several admins may import into one store at once. Two things must not happen:

* the same record filed twice (the ``UNIQUE(meeting_id, fingerprint)`` constraint is the
  last line of defence; the lock means it is rarely reached);
* the audit trail forking. Each audit entry names the hash of the entry before it, read
  at the first flush. Two transactions that read the same head and both commit leave two
  entries claiming the same predecessor, and ``cinchair audit verify`` reports the chain
  broken. A lock per case or per meeting would not prevent that: the chain is one list
  for the whole store. So writers take one store-wide lock, held until commit.

Filing a bundle takes milliseconds, so admins queue behind each other for that long; the
slow parts (reading files, decrypting, checking signatures and the schema) run before the
lock is taken, in parallel.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

# The lock itself lives in the store, so autosave (which must not import this package)
# takes the very same lock on its bare connection.
from cinchair.store.facade import ADVISORY_KEY, take_writer_lock

__all__ = ["ADVISORY_KEY", "lock_for_writing"]


def lock_for_writing(session: Session) -> None:
    """Take the store-wide writer lock for the rest of this transaction.

    PostgreSQL: a transaction-scoped advisory lock, released by commit or rollback, so a
    crashed admin session never leaves it held. SQLite: ``BEGIN IMMEDIATE``, which takes
    the database's write lock now rather than at the first write, after the audit trail's
    head was already read (the driver otherwise begins lazily at the first INSERT).
    Call it first thing in the transaction, before any read the writes depend on.
    """
    take_writer_lock(session.connection())
