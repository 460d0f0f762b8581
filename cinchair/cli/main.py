"""The ``cinchair`` command: the app, and subcommands for work without a screen."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from cinchair import __version__
from cinchair.cli.common import iso_date


def _has_screen() -> bool:
    """True where a window can be seen: a desktop session, not a headless box."""
    if os.environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal")):
        return False
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _cmd_demo(args: argparse.Namespace) -> int:
    from cinchair.app import paths
    from cinchair.app.files import CannotWrite
    from cinchair.cases.overview import describe_case
    from cinchair.demo.practice import make_practice_store
    from cinchair.documents import TemplateProblem, render_record
    from cinchair.record import build_record

    store_path = Path(args.store) if args.store else paths.demo_store_path()
    demo = make_practice_store(store_path)  # encrypted, 0600, its key only in this process
    print("cinchair demo: a sample Child in Need case, made afresh in a store of its own")
    print(f"Store:    {store_path} (practice data, encrypted with a key only this run held)")
    with demo.store as store, store.reading() as session:
        for line in describe_case(session, demo.case_id, args.today):
            print(line)
        record = build_record(session, demo.meeting_ids[-1])
    out = Path(args.out) if args.out else store_path.parent / "demo-documents"
    try:
        written = render_record(record, out)
    except (TemplateProblem, CannotWrite) as exc:
        print(f"cinchair demo: the documents could not be written: {exc}", file=sys.stderr)
        return 1
    print("Documents of the review (minutes and amended plan, family and agencies' copies):")
    for item in written:
        print(f"  {item.path}")
    return 0


def _cmd_schedule(args: argparse.Namespace) -> int:
    from cinchair.domain.schedule import schedule_report
    from cinchair.model import Circumstance
    from cinchair.profiles import Event, ProfileError, get_profile

    try:
        profile = get_profile(args.profile)
    except (KeyError, ProfileError) as exc:
        print(f"cinchair schedule: {str(exc).strip(chr(39))}", file=sys.stderr)
        return 2
    try:
        event = Event(args.event)
    except ValueError:
        known = ", ".join(e.value for e in Event)
        print(
            f"cinchair schedule: unknown event {args.event!r}; known events: {known}",
            file=sys.stderr,
        )
        return 2
    try:
        circumstances = [Circumstance(c) for c in args.circumstance]
    except ValueError as exc:
        known = ", ".join(c.value for c in Circumstance)
        print(f"cinchair schedule: {exc}; known circumstances: {known}", file=sys.stderr)
        return 2
    report = schedule_report(
        profile, event, args.date, circumstances=circumstances, today=args.today
    )
    report["profile_file"] = str(profile.path) if profile.path else None
    if profile.overrides is not None:
        report["overrides"] = str(profile.overrides)
    print(json.dumps(report, ensure_ascii=False, indent=2 if args.pretty else None))
    return 0


def _cmd_profiles(args: argparse.Namespace) -> int:
    from cinchair.profiles import ProfileError, load_profile
    from cinchair.profiles.loader import profiles_in_use

    if args.paths:
        failed = 0
        for path in args.paths:
            try:
                profile = load_profile(path)
                print(f"ok: {path} ({profile.council})")
            except ProfileError as exc:
                failed += 1
                print(f"refused: {exc}", file=sys.stderr)
        return 1 if failed else 0
    try:
        profiles = profiles_in_use()
    except ProfileError as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 1
    for profile in profiles:
        print(f"{profile.id:16} {profile.council} ({profile.framework_name})")
        print(f"{'':16} from {profile.path}")
        if profile.overrides is not None:
            print(f"{'':16} the council's own file, in use instead of {profile.overrides}")
    return 0


def _cmd_app(args: argparse.Namespace) -> int:
    from cinchair.app.qt_platform import qt_platform_problem

    problem = qt_platform_problem()  # before Qt loads: its own abort says nothing useful
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    try:
        # a window on screen first (Qt alone), then the core loads behind it
        from cinchair.ui.startup import show_opening

        show_opening()
        from cinchair.ui.app import run
    except ImportError as exc:  # a broken or missing Qt install: say so, do not crash
        print(f"cinchair: the window cannot open ({exc}); try 'cinchair demo'", file=sys.stderr)
        return 2
    return run(store_url=args.db)


def _cmd_screenshots(args: argparse.Namespace) -> int:
    from cinchair.ui.screenshots import take

    try:
        width, height = (int(n) for n in args.screen.lower().split("x"))
    except ValueError:
        print(
            f"cinchair: --screen wants WIDTHxHEIGHT, e.g. 1366x768, not {args.screen!r}",
            file=sys.stderr,
        )
        return 2
    if args.all:
        from cinchair.ui.screenshots import take_all

        shots = take_all(args.out, args.scale)
    else:
        shots = take(args.out, args.scale, screen=(width, height))
    for path in shots:
        print(path)
    return 0


def build_parser(*, everything: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cinchair",
        description="The Child in Need review chair's offline companion. With no command it "
        "opens the app; where there is no screen it runs the demo.",
    )
    parser.add_argument("--version", action="version", version=f"cinchair {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    app = sub.add_parser("app", help="open the app window")
    app.add_argument("--db", help="SQLAlchemy URL of the store (default: your own store)")
    app.set_defaults(func=_cmd_app)

    demo = sub.add_parser("demo", help="make and show a realistic sample case")
    demo.add_argument("--store", help="where to write the demo store (default: data folder)")
    demo.add_argument("--today", type=iso_date, default=date.today(), help="YYYY-MM-DD")
    demo.add_argument("--out", help="where to write the documents (default: beside the store)")
    demo.set_defaults(func=_cmd_demo)

    schedule = sub.add_parser(
        "schedule",
        help="what is due and by when, as JSON",
        description="Print one JSON object: what the event makes due, by when, and the rule "
        "with its citation. Exit status 2 for an unknown profile, event or a bad date.",
    )
    schedule.add_argument("--profile", required=True, help="council profile id, e.g. derby")
    schedule.add_argument("--event", required=True, help="e.g. assessment-completed, review")
    schedule.add_argument("--date", required=True, type=iso_date, help="YYYY-MM-DD")
    schedule.add_argument(
        "--circumstance",
        action="append",
        default=[],
        help="a specific circumstance of the case (repeatable)",
    )
    schedule.add_argument("--today", type=iso_date, help="also say whether it is overdue")
    schedule.add_argument("--pretty", action="store_true", help="indent the JSON")
    schedule.set_defaults(func=_cmd_schedule)

    profiles = sub.add_parser("profiles", help="list the council profiles, or check files")
    profiles.add_argument("paths", nargs="*", help="profile files to validate")
    profiles.set_defaults(func=_cmd_profiles)

    shots = sub.add_parser("screenshots", help="every page of the demo meeting as PNG")
    shots.add_argument("--out", required=True, type=Path, help="folder to write into")
    shots.add_argument("--scale", type=float, default=1.0, help="display scaling, e.g. 1.25 or 2")
    shots.add_argument(
        "--screen",
        default="1366x768",
        help="the screen in physical pixels (default 1366x768, the common council laptop); "
        "the window fills it at the given scaling",
    )
    shots.add_argument(
        "--all",
        action="store_true",
        help="light and dark, at 1366x768 and 1920x1080, each in a folder of its own",
    )
    shots.set_defaults(func=_cmd_screenshots)

    if not everything:
        return parser
    # Every other command, registered here and nowhere else, in the order --help lists them.
    from cinchair.cli import audit, case, check, documents, keys, packs, store, sync

    for commands in (documents, audit, store, keys, sync, case, check, packs):
        commands.add_parsers(sub)
    return parser


def _opens_the_window(words: Sequence[str]) -> bool:
    """Whether the command line only opens the app, so no other command need be loaded.

    Registering every command imports the core (its store, the council rules) before
    the opening window can show; opening the app needs none of them yet.
    """
    return not words or (words[0] == "app" and not {"-h", "--help"} & set(words))


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(everything=not _opens_the_window(words))
    args = parser.parse_args(argv)
    if args.command is None:
        if _has_screen():
            return _cmd_app(argparse.Namespace(db=None))
        print("(no screen here, so showing the demo; 'cinchair app' opens the window)\n")
        return _cmd_demo(argparse.Namespace(store=None, today=date.today(), out=None))
    try:
        status: int = args.func(args)
        return status
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the message may quote record text: never print it
        if os.environ.get("CINCHAIR_DEBUG"):
            raise
        return _unexpected(exc)


def _unexpected(exc: Exception) -> int:
    """An error nobody planned for: a report without record text, and exit status 70."""
    from cinchair.app.failures import crash_report, explain, save_crash_report

    known = explain(exc)
    if known is not None:
        print(f"{known.title}. {known.advice}", file=sys.stderr)
        return 70
    sys.stderr.write(crash_report(type(exc), exc.__traceback__))
    saved = save_crash_report(type(exc), exc.__traceback__)
    where = f" (report kept in {saved})" if saved else ""
    print(f"cinchair stopped on an unexpected error{where}.", file=sys.stderr)
    print("Set CINCHAIR_DEBUG=1 to see the full traceback.", file=sys.stderr)
    return 70
