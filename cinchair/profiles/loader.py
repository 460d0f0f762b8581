"""Reading council profile files (TOML) and validating every field.

A broken file is refused with a ``ProfileError`` naming the file, the field and
what is wrong, so a council's admin can fix it without reading code.
"""

from __future__ import annotations

import tomllib
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from cinchair.app import paths
from cinchair.model.enums import ChairRole, Circumstance, MeetingKind
from cinchair.profiles.rules import (
    AgendaHeading,
    ChairRule,
    Due,
    Event,
    Framework,
    Interval,
    LeadsTo,
    OutcomeOption,
    PlanRules,
    Profile,
    ProfileError,
    Scaling,
    ScheduleRule,
    Unit,
    VisitRules,
)

E = TypeVar("E", bound=StrEnum)


class _Reader:
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
            if required:
                raise self.error(key, "is missing")
            return None
        return self.data[key]

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

    def table(self, key: str, required: bool = True) -> _Reader | None:
        value = self.raw(key, required)
        if value is None:
            return None
        return _Reader(self.file, value, self._path(key))

    def tables(self, key: str) -> list[_Reader]:
        value = self.raw(key)
        if not isinstance(value, list) or not value:
            raise self.error(key, "must be a non-empty list of tables ([[...]])")
        return [_Reader(self.file, item, f"{self._path(key)}[{i}]") for i, item in enumerate(value)]

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
            raise self.error(unknown[0], "is not a field this format knows (a typo?)")


def _unique(file: Path, readers: list[_Reader], keys: list[str], what: str) -> None:
    seen: set[str] = set()
    for reader, key in zip(readers, keys, strict=True):
        if key in seen:
            raise ProfileError(file, f"{reader.where}.key", f"duplicate {what} key {key!r}")
        seen.add(key)


def _read_agenda(doc: _Reader) -> tuple[AgendaHeading, ...]:
    readers = doc.tables("agenda")
    headings = []
    for r in readers:
        headings.append(
            AgendaHeading(r.text("key"), r.text("heading"), r.text("prompt"), r.text("cite"))
        )
        r.done()
    _unique(doc.file, readers, [h.key for h in headings], "agenda")
    return tuple(headings)


def _read_scaling(doc: _Reader) -> Scaling | None:
    r = doc.table("scaling", required=False)
    if r is None:
        return None
    use = r.text("use")
    if use not in ("required", "optional"):
        raise r.error("use", "must be 'required' or 'optional'")
    scaling = Scaling(
        use == "required",
        r.text("question"),
        r.text("zero_means"),
        r.text("ten_means"),
        r.text("cite"),
    )
    r.done()
    return scaling


def _read_outcomes(doc: _Reader) -> tuple[OutcomeOption, ...]:
    readers = doc.tables("outcomes")
    options = []
    for r in readers:
        options.append(
            OutcomeOption(
                key=r.text("key"),
                label=r.text("label"),
                leads_to=r.choice("leads_to", LeadsTo),
                cite=r.text("cite"),
                needs_lead_professional=r.boolean("needs_lead_professional", False),
                only_with_circumstances=r.choices("only_with_circumstances", Circumstance),
            )
        )
        r.done()
    _unique(doc.file, readers, [o.key for o in options], "outcome")
    return tuple(options)


def _read_schedule(doc: _Reader) -> tuple[ScheduleRule, ...]:
    readers = doc.tables("schedule")
    rules = []
    for r in readers:
        rules.append(
            ScheduleRule(
                after=r.choice("after", Event),
                due=r.choice("due", Due),
                within=r.interval("within"),
                cite=r.text("cite"),
                when_circumstances=r.choices("when_circumstances", Circumstance),
                note=r.text("note", required=False),
            )
        )
        r.done()
    seen: set[tuple] = set()
    for r, rule in zip(readers, rules, strict=True):
        key = (rule.after, rule.when_circumstances)
        if key in seen:
            raise ProfileError(
                doc.file,
                r.where,
                f"a second rule for after = {rule.after.value!r} with the same circumstances",
            )
        seen.add(key)
    for needed in (Event.INITIAL_PLANNING_MEETING, Event.REVIEW):
        if not any(rule.after is needed and not rule.when_circumstances for rule in rules):
            raise ProfileError(
                doc.file, "schedule", f"needs a rule with after = {needed.value!r} for every case"
            )
    return tuple(rules)


def _read_chairs(doc: _Reader) -> tuple[ChairRule, ...]:
    rules = []
    for r in doc.tables("chairs"):
        rules.append(
            ChairRule(
                meetings=r.choices("meetings", MeetingKind, required=True),
                roles=r.choices("roles", ChairRole, required=True),
                cite=r.text("cite"),
                when_circumstances=r.choices("when_circumstances", Circumstance),
                note=r.text("note", required=False),
            )
        )
        r.done()
    return tuple(rules)


def _read_plan(doc: _Reader) -> PlanRules:
    r = doc.table("plan")
    contingency = r.text("contingency")
    if contingency not in ("required", "where-necessary"):
        raise r.error("contingency", "must be 'required' or 'where-necessary'")
    escalation = r.interval("escalation", required=False)
    rules = PlanRules(
        target=r.interval("target"),
        target_cite=r.text("target_cite"),
        contingency_required=contingency == "required",
        contingency_cite=r.text("contingency_cite"),
        escalation=escalation,
        escalation_to=r.text("escalation_to", required=escalation is not None),
        escalation_cite=r.text("escalation_cite", required=escalation is not None),
        critical_issues=r.interval("critical_issues", required=False),
        critical_issues_cite=r.text("critical_issues_cite", required=r.has("critical_issues")),
        longer_expected_for=r.choices("longer_expected_for", Circumstance),
    )
    r.done()
    return rules


def _read_visits(doc: _Reader) -> VisitRules:
    r = doc.table("visits")
    rules = VisitRules(
        required=r.boolean("required", True),
        cite=r.text("cite"),
        minimum_every=r.interval("minimum_every", required=False),
    )
    r.done()
    return rules


def _read_templates(doc: _Reader) -> dict[str, str]:
    r = doc.table("templates", required=False)
    if r is None:
        return {}
    out = {kind: r.text(kind) for kind in ("minutes", "plan") if r.has(kind)}
    r.done()
    return out


MAX_PHRASE_LENGTH = 400  # a phrase is a sentence or two, not a paragraph to paste


def _read_phrases(doc: _Reader) -> tuple[str, ...]:
    """``[phrases]``: the council's common wording, each a non-empty, distinct line."""
    r = doc.table("phrases", required=False)
    if r is None:
        return ()
    items = r.raw("wording")
    if not isinstance(items, list) or not items:
        raise r.error("wording", "must be a non-empty list of texts")
    seen: set[str] = set()
    phrases = []
    for i, item in enumerate(items):
        where = f"{r.where}.wording[{i}]"
        if not isinstance(item, str) or not item.strip():
            raise ProfileError(doc.file, where, "must be non-empty text")
        text = " ".join(item.split())
        if len(text) > MAX_PHRASE_LENGTH:
            raise ProfileError(doc.file, where, f"is over {MAX_PHRASE_LENGTH} characters")
        if text.casefold() in seen:
            raise ProfileError(doc.file, where, f"repeats an earlier phrase: {text!r}")
        seen.add(text.casefold())
        phrases.append(text)
    r.text("cite", required=False)
    r.done()
    return tuple(phrases)


def load_profile(path: Path | str) -> Profile:
    """Read and validate one profile file; raise ``ProfileError`` if it is unusable."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProfileError(path, "", "file not found") from None
    except UnicodeDecodeError as exc:
        raise ProfileError(path, "", f"is not UTF-8 text ({exc.reason})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(path, "", f"is not valid TOML: {exc}") from None
    doc = _Reader(path, raw, "")
    profile_id = doc.text("id")
    if profile_id != path.stem:
        raise doc.error(
            "id", f"is {profile_id!r} but the file is named {path.name!r}; they must match"
        )
    profile = Profile(
        id=profile_id,
        council=doc.text("council"),
        source=doc.text("source"),
        framework=doc.choice("framework", Framework),
        framework_name=doc.text("framework_name"),
        protective_marking=doc.text("protective_marking"),
        agenda=_read_agenda(doc),
        scaling=_read_scaling(doc),
        outcomes=_read_outcomes(doc),
        schedule=_read_schedule(doc),
        chairs=_read_chairs(doc),
        plan=_read_plan(doc),
        visits=_read_visits(doc),
        templates=_read_templates(doc),
        phrases=_read_phrases(doc),
        path=path,
    )
    doc.done()
    if profile.framework is Framework.SIGNS_OF_SAFETY and profile.scaling is None:
        raise ProfileError(path, "scaling", "a Signs of Safety profile needs a scaling question")
    return profile


def load_profiles(directory: Path | None = None) -> dict[str, Profile]:
    """Every profile in ``directory`` (default: the shipped ones), keyed by id."""
    directory = directory or paths.profiles_dir()
    return {p.stem: load_profile(p) for p in sorted(directory.glob("*.toml"))}


_cache: dict[str, Profile] = {}


def council_profiles_dir() -> Path:
    """Profile files a council gave its chair, copied in at setup: ``<data dir>/profiles``."""
    return paths.data_dir() / "profiles"


def get_profile(profile_id: str, directory: Path | None = None) -> Profile:
    """One profile by id, loaded once. Unknown ids raise ``KeyError`` listing the known ones.

    With no ``directory``, a council's own file (``council_profiles_dir``) comes before
    a shipped profile of the same id: it is the council's newer word on its rules.
    """
    if directory is None and profile_id and "/" not in profile_id and "\\" not in profile_id:
        own = council_profiles_dir() / f"{profile_id}.toml"
        if own.is_file():
            return load_profile(own)
    if directory is None and profile_id in _cache:
        return _cache[profile_id]
    directory = directory or paths.profiles_dir()
    path = directory / f"{profile_id}.toml"
    if not profile_id or "/" in profile_id or "\\" in profile_id or not path.is_file():
        known = ", ".join(sorted(p.stem for p in directory.glob("*.toml")))
        raise KeyError(f"no council profile {profile_id!r}; known profiles: {known}")
    profile = load_profile(path)
    if directory == paths.profiles_dir():
        _cache[profile_id] = profile
    return profile
