"""Reading one table of a profile's TOML document, naming fields precisely in errors.

Every read records the field as known, so a field nobody read is reported as unknown
(with the field it most looks like), and a required field that is missing while a
near-spelling of it is present is reported as that typo rather than as missing.
"""

from __future__ import annotations

from difflib import get_close_matches
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from cinchair.profiles.rules import Interval, ProfileError, Unit

E = TypeVar("E", bound=StrEnum)

# Every field name the format knows, in any table: a field missing from a table is
# matched only against names outside this set when looking for the typo behind it.
FIELD_NAMES = frozenset(
    [
        "id",
        "council",
        "source",
        "framework",
        "framework_name",
        "protective_marking",
        "agenda",
        "scaling",
        "outcomes",
        "schedule",
        "chairs",
        "plan",
        "visits",
        "documents",
        "family_body_pt",
        "templates",
        "phrases",
        "no_reviews",
        "duties",
        "key",
        "heading",
        "prompt",
        "cite",
        "use",
        "question",
        "zero_means",
        "ten_means",
        "label",
        "leads_to",
        "needs_lead_professional",
        "only_with_circumstances",
        "in_addition",
        "after",
        "due",
        "within",
        "note",
        "when_circumstances",
        "meetings",
        "roles",
        "target",
        "target_cite",
        "target_local_choice",
        "contingency",
        "contingency_cite",
        "escalation",
        "escalation_to",
        "escalation_cite",
        "escalation_counts_from",
        "escalation_only_for",
        "escalation_except",
        "critical_issues",
        "critical_issues_cite",
        "longer_expected_for",
        "required",
        "minimum_every",
        "local_choice",
        "minutes",
        "wording",
        "from_procedure",
        "reason",
        "stage",
        "what",
        "who",
        "to",
        "only_if_outcome",
        "document",
        "days",
        "working_days",
        "weeks",
        "months",
        "earliest",
        "awaits_signatures",
        "only_if_option",
        "lasting_up_to",
        "lasting_up_to_task",
        "lasting_up_to_cite",
    ]
)


class TableReader:
    """Reads one table of the TOML document, naming fields precisely in errors."""

    def __init__(self, file: Path, data: Any, where: str) -> None:
        self.file = file
        self.where = where
        if not isinstance(data, dict):
            raise ProfileError(file, where, "must be a table")
        self.data: dict[str, Any] = data
        self.used: set[str] = set()

    def _path(self, key: str) -> str:
        if not key:
            return self.where
        return f"{self.where}.{key}" if self.where else key

    def error(self, key: str, problem: str) -> ProfileError:
        return ProfileError(self.file, self._path(key), problem)

    def has(self, key: str) -> bool:
        return key in self.data

    def raw(self, key: str, required: bool = True) -> Any:
        self.used.add(key)
        if key not in self.data:
            typo = self._typo_of(key)
            if typo is not None:
                raise self.error(typo, f"unknown field {typo!r}: did you mean {key!r}?")
            if required:
                raise self.error(key, "is missing")
            return None
        return self.data[key]

    def _typo_of(self, key: str) -> str | None:
        """A field in the file that looks like a mistyped ``key`` (``protective_mark``)."""
        strangers = [k for k in self.data if isinstance(k, str) and k not in FIELD_NAMES]
        close = get_close_matches(key, strangers, n=1, cutoff=0.75)
        return close[0] if close else None

    def text(self, key: str, required: bool = True, default: str = "") -> str:
        value = self.raw(key, required)
        if value is None:
            return default
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, "must be non-empty text")
        return value.strip()

    def boolean(self, key: str, default: bool) -> bool:
        value = self.raw(key, required=False)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.error(key, "must be true or false")
        return value

    def choice(self, key: str, enum_cls: type[E], required: bool = True) -> E | None:
        value = self.raw(key, required)
        if value is None:
            return None
        try:
            return enum_cls(value)
        except ValueError:
            allowed = ", ".join(m.value for m in enum_cls)
            raise self.error(key, f"{value!r} is not one of: {allowed}") from None

    def choices(self, key: str, enum_cls: type[E], required: bool = False) -> frozenset[E]:
        value = self.raw(key, required)
        if value is None:
            return frozenset()
        if not isinstance(value, list) or not value:
            raise self.error(key, "must be a non-empty list")
        out = []
        for i, item in enumerate(value):
            try:
                out.append(enum_cls(item))
            except ValueError:
                allowed = ", ".join(m.value for m in enum_cls)
                raise ProfileError(
                    self.file, f"{self._path(key)}[{i}]", f"{item!r} is not one of: {allowed}"
                ) from None
        return frozenset(out)

    def required_choice(self, key: str, enum_cls: type[E]) -> E:
        value = self.choice(key, enum_cls)
        assert value is not None  # a missing required field raised already
        return value

    def required_table(self, key: str) -> TableReader:
        value = self.table(key)
        assert value is not None
        return value

    def required_interval(self, key: str) -> Interval:
        value = self.interval(key)
        assert value is not None
        return value

    def table(self, key: str, required: bool = True) -> TableReader | None:
        value = self.raw(key, required)
        if value is None:
            return None
        return TableReader(self.file, value, self._path(key))

    def tables(self, key: str) -> list[TableReader]:
        value = self.raw(key)
        if not isinstance(value, list) or not value:
            raise self.error(key, "must be a non-empty list of tables ([[...]])")
        return [
            TableReader(self.file, item, f"{self._path(key)}[{i}]") for i, item in enumerate(value)
        ]

    def interval(self, key: str, required: bool = True) -> Interval | None:
        table = self.table(key, required)
        if table is None:
            return None
        units = [u for u in Unit if table.has(u.value)]
        if len(units) != 1:
            names = ", ".join(u.value for u in Unit)
            raise table.error("", f"must give exactly one of: {names}")
        unit = units[0]
        amount = table.raw(unit.value)
        if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
            raise table.error(unit.value, "must be a whole number above zero")
        earliest = table.raw("earliest", required=False)
        if earliest is not None and (
            not isinstance(earliest, int) or isinstance(earliest, bool) or not 0 < earliest < amount
        ):
            raise table.error("earliest", f"must be a whole number from 1 to {amount - 1}")
        table.done()
        return Interval(amount, unit, earliest)

    def done(self) -> None:
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            close = get_close_matches(unknown[0], sorted(self.used), n=1, cutoff=0.6)
            hint = (
                f": did you mean {close[0]!r}?" if close else " (see resources/profiles/README.md)"
            )
            raise self.error(unknown[0], f"unknown field {unknown[0]!r}{hint}")
