"""The chair's own spelling words ("Hartcliffe", "Nan's"), kept inside the store.

They live here rather than in a file beside it because the words a chair adds are
often names of schools, streets, relatives and nicknames: identifying details, which
belong inside the encrypted store with everything else the chair keeps. A word is
the chair's tool, not part of any record, so it has no link to a case or meeting.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from cinchair.model.base import Base, IdMixin, UTCDateTime, utcnow

# The longest word the list takes: longer "words" are pasted sentences or URLs.
MAX_WORD_LENGTH = 60


class OwnWord(IdMixin, Base):
    """One word the chair added to their list, exactly as they added it.

    Unique as spelt; the checker compares case-folded, and refuses a second word that
    differs only in case, so the list the chair sees has no near-duplicates.
    """

    __tablename__ = "own_words"

    word: Mapped[str] = mapped_column(String(MAX_WORD_LENGTH), unique=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
