"""Reading council profile files (TOML) and validating every field.

A broken file is refused with a ``ProfileError`` naming the file, the field and
what is wrong, so a council's admin can fix it without reading code.
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

from cinchair.app import paths
from cinchair.model.enums import ChairRole, Circumstance, MeetingKind
from cinchair.profiles.reader import TableReader
from cinchair.profiles.rules import (
    FAMILY_BODY_PT,
    FAMILY_BODY_PT_RANGE,
    AgendaHeading,
    ChairRule,
    DocumentRules,
    Due,
    Duty,
    EscalationStart,
    Event,
    Framework,
    LeadsTo,
    NoReviewRule,
    OutcomeOption,
    PlanRules,
    Profile,
    ProfileError,
    Scaling,
    ScheduleRule,
    Stage,
    VisitRules,
)


def _unique(file: Path, readers: list[TableReader], keys: list[str], what: str) -> None:
    seen: set[str] = set()
    for reader, key in zip(readers, keys, strict=True):
        if key in seen:
            raise ProfileError(file, f"{reader.where}.key", f"duplicate {what} key {key!r}")
        seen.add(key)


def _read_agenda(doc: TableReader) -> tuple[AgendaHeading, ...]:
    readers = doc.tables("agenda")
    headings = []
    for r in readers:
        headings.append(
            AgendaHeading(r.text("key"), r.text("heading"), r.text("prompt"), r.text("cite"))
        )
        r.done()
    _unique(doc.file, readers, [h.key for h in headings], "agenda")
    return tuple(headings)


def _read_scaling(doc: TableReader) -> Scaling | None:
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


def _read_outcomes(doc: TableReader) -> tuple[OutcomeOption, ...]:
    readers = doc.tables("outcomes")
    options = []
    for r in readers:
        options.append(
            OutcomeOption(
                key=r.text("key"),
                label=r.text("label"),
                leads_to=r.required_choice("leads_to", LeadsTo),
                cite=r.text("cite"),
                needs_lead_professional=r.boolean("needs_lead_professional", False),
                only_with_circumstances=r.choices("only_with_circumstances", Circumstance),
                in_addition=r.boolean("in_addition", False),
            )
        )
        r.done()
    _unique(doc.file, readers, [o.key for o in options], "outcome")
    return tuple(options)


def _read_schedule(doc: TableReader) -> tuple[ScheduleRule, ...]:
    readers = doc.tables("schedule")
    rules = []
    for r in readers:
        rules.append(
            ScheduleRule(
                after=r.required_choice("after", Event),
                due=r.required_choice("due", Due),
                within=r.required_interval("within"),
                cite=r.text("cite"),
                when_circumstances=r.choices("when_circumstances", Circumstance),
                note=r.text("note", required=False),
                lasting_up_to=r.interval("lasting_up_to", required=False),
                lasting_up_to_task=r.text("lasting_up_to_task", required=r.has("lasting_up_to")),
                lasting_up_to_cite=r.text("lasting_up_to_cite", required=r.has("lasting_up_to")),
            )
        )
        r.done()
    seen: set[tuple[Event, frozenset[Circumstance]]] = set()
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


def _read_chairs(doc: TableReader) -> tuple[ChairRule, ...]:
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


def _read_plan(doc: TableReader) -> PlanRules:
    r = doc.required_table("plan")
    contingency = r.text("contingency")
    if contingency not in ("required", "where-necessary"):
        raise r.error("contingency", "must be 'required' or 'where-necessary'")
    escalation = r.interval("escalation", required=False)
    target = r.interval("target", required=False)
    rules = PlanRules(
        target=target,
        target_cite=r.text("target_cite", required=target is not None),
        target_local_choice=r.boolean("target_local_choice", False),
        contingency_required=contingency == "required",
        contingency_cite=r.text("contingency_cite"),
        escalation=escalation,
        escalation_to=r.text("escalation_to", required=escalation is not None),
        escalation_cite=r.text("escalation_cite", required=escalation is not None),
        escalation_counts_from=r.choice("escalation_counts_from", EscalationStart, required=False)
        or EscalationStart.PLAN,
        escalation_only_for=r.choices("escalation_only_for", Circumstance),
        escalation_except=r.choices("escalation_except", Circumstance),
        critical_issues=r.interval("critical_issues", required=False),
        critical_issues_cite=r.text("critical_issues_cite", required=r.has("critical_issues")),
        longer_expected_for=r.choices("longer_expected_for", Circumstance),
    )
    r.done()
    return rules


def _read_visits(doc: TableReader) -> VisitRules:
    r = doc.required_table("visits")
    rules = VisitRules(
        required=r.boolean("required", True),
        cite=r.text("cite"),
        minimum_every=r.interval("minimum_every", required=False),
        local_choice=r.boolean("local_choice", False),
    )
    r.done()
    return rules


def _read_documents(doc: TableReader) -> DocumentRules:
    """``[documents]``: ``family_body_pt``, the family copy's body type (11 to 20 pt)."""
    r = doc.table("documents", required=False)
    if r is None:
        return DocumentRules()
    size = r.raw("family_body_pt", required=False)
    low, high = FAMILY_BODY_PT_RANGE
    if size is None:
        size = FAMILY_BODY_PT
    elif isinstance(size, bool) or not isinstance(size, int | float) or not low <= size <= high:
        raise r.error(
            "family_body_pt", f"is {size!r}: give a type size in points from {low:g} to {high:g}"
        )
    r.done()
    return DocumentRules(family_body_pt=float(size))


def _read_no_reviews(doc: TableReader) -> tuple[NoReviewRule, ...]:
    """``[[no_reviews]]``: cases for which the procedure holds no Child in Need reviews."""
    if not doc.has("no_reviews"):
        doc.raw("no_reviews", required=False)
        return ()
    rules = []
    for r in doc.tables("no_reviews"):
        rules.append(
            NoReviewRule(
                when_circumstances=r.choices("when_circumstances", Circumstance, required=True),
                reason=r.text("reason"),
                cite=r.text("cite"),
            )
        )
        r.done()
    return tuple(rules)


def _option_keys(r: TableReader, doc: TableReader) -> frozenset[str]:
    """``only_if_option``: outcome keys, each one of the profile's ``[[outcomes]]``."""
    value = r.raw("only_if_option", required=False)
    if value is None:
        return frozenset()
    known = {o.get("key") for o in doc.data.get("outcomes", []) if isinstance(o, dict)}
    if not isinstance(value, list) or not value:
        raise r.error("only_if_option", "must be a non-empty list of outcome keys")
    for i, key in enumerate(value):
        if key not in known:
            where = f"{r.where}.only_if_option[{i}]"
            names = ", ".join(sorted(str(k) for k in known))
            raise ProfileError(doc.file, where, f"{key!r} is not an outcome key: {names}")
    return frozenset(value)


def _read_duties(doc: TableReader) -> tuple[Duty, ...]:
    """``[[duties]]``: tasks before and after a meeting, with whom they fall to and when."""
    if not doc.has("duties"):
        doc.raw("duties", required=False)
        return ()
    readers = doc.tables("duties")
    duties = []
    for r in readers:
        recipients = r.raw("to", required=False) or []
        if not isinstance(recipients, list) or not all(
            isinstance(x, str) and x.strip() for x in recipients
        ):
            raise r.error("to", "must be a list of non-empty texts")
        document = r.text("document", required=False)
        if document not in ("", "minutes", "plan"):
            raise r.error("document", "must be 'minutes' or 'plan'")
        duties.append(
            Duty(
                key=r.text("key"),
                stage=r.required_choice("stage", Stage),
                what=r.text("what"),
                who=r.text("who"),
                cite=r.text("cite"),
                to=tuple(x.strip() for x in recipients),
                within=r.interval("within", required=False),
                meetings=r.choices("meetings", MeetingKind),
                only_if_outcome=r.choices("only_if_outcome", LeadsTo),
                only_if_option=_option_keys(r, doc),
                when_circumstances=r.choices("when_circumstances", Circumstance),
                document=document,
                local_choice=r.boolean("local_choice", False),
                awaits_signatures=r.boolean("awaits_signatures", False),
            )
        )
        r.done()
    _unique(doc.file, readers, [d.key for d in duties], "duty")
    return tuple(duties)


def _read_templates(doc: TableReader) -> dict[str, str]:
    r = doc.table("templates", required=False)
    if r is None:
        return {}
    out = {kind: r.text(kind) for kind in ("minutes", "plan") if r.has(kind)}
    r.done()
    return out


MAX_PHRASE_LENGTH = 400  # a phrase is a sentence or two, not a paragraph to paste


def _read_phrases(doc: TableReader) -> tuple[tuple[str, ...], bool]:
    """``[phrases]``: the council's common wording, each a non-empty, distinct line.

    ``from_procedure = true`` claims every phrase is in the procedure word for word
    (a test holds the shipped profiles to it); otherwise they are the council's own.
    """
    r = doc.table("phrases", required=False)
    if r is None:
        return (), False
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
    from_procedure = r.boolean("from_procedure", False)
    r.done()
    return tuple(phrases), from_procedure


def load_profile(path: Path | str) -> Profile:
    """Read and validate one profile file; raise ``ProfileError`` if it is unusable."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProfileError(path, "", f"file not found: {path.absolute()}") from None
    except IsADirectoryError:
        raise ProfileError(
            path, "", f"is a folder, not a profile file: {path.absolute()}"
        ) from None
    except UnicodeDecodeError as exc:
        raise ProfileError(path, "", f"is not UTF-8 text ({exc.reason})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(path, "", f"is not valid TOML: {exc}") from None
    doc = TableReader(path, raw, "")
    profile_id = doc.text("id")
    if profile_id != path.stem:
        raise doc.error(
            "id", f"is {profile_id!r} but the file is named {path.name!r}; they must match"
        )
    phrases, phrases_from_procedure = _read_phrases(doc)
    profile = Profile(
        id=profile_id,
        council=doc.text("council"),
        source=doc.text("source"),
        framework=doc.required_choice("framework", Framework),
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
        phrases=phrases,
        phrases_from_procedure=phrases_from_procedure,
        no_reviews=_read_no_reviews(doc),
        duties=_read_duties(doc),
        documents=_read_documents(doc),
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


def profiles_in_use() -> list[Profile]:
    """Every profile the app would use, each with the file it comes from.

    A council's own file in the data folder replaces a shipped profile of the same id
    (``overrides`` then names the shipped file it replaces), so ``cinchair profiles``
    can say which is in use. A broken file raises ``ProfileError``.
    """
    found = load_profiles()
    own_dir = council_profiles_dir()
    if own_dir.is_dir():
        for path in sorted(own_dir.glob("*.toml")):
            shipped = found.get(path.stem)
            found[path.stem] = replace(
                load_profile(path), overrides=shipped.path if shipped else None
            )
    return [found[key] for key in sorted(found)]


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
            shipped = paths.profiles_dir() / own.name
            return replace(load_profile(own), overrides=shipped if shipped.is_file() else None)
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
