"""The ``trends`` command.

``trends report`` runs the main job: on the bundled (SIMULATED) Hanoi study by default, or on an analyst's
files. Bad input ends the run with exit status 2 and a message naming file, row and column — no traceback.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections.abc import Sequence

from trends import __version__
from trends.schema import TrendsDataError

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trends", description="Recorded crime: trends, forecasts, rollout impact."
    )
    parser.add_argument("--version", action="version", version=f"trends {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser(
        "report",
        help="run the standard analysis and write charts, tables and the brief",
        description="Run the standard analysis of a study and write reports/<study>/. Without input options it "
        "reads the files named crimes.* or incidents.* (and rollout.*, districts.*) in ./data/raw (or "
        "$TRENDS_DATA_DIR), and with none there the bundled Hanoi study, which is SIMULATED.",
    )
    rep.add_argument("--crimes", help="counts by district, period and offence (CSV, Parquet or Excel)")
    rep.add_argument("--incidents", help="an incident list instead of counts (personal columns are dropped)")
    rep.add_argument("--rollout", help="the register of movement models")
    rep.add_argument(
        "--districts",
        help="the districts table (id, names, kind, population): the study's districts, including any that "
        "recorded nothing; default: the Hanoi districts that appear in the crimes or incidents file",
    )
    rep.add_argument(
        "--sheet",
        help="Excel sheet of every Excel input: a name, a 0-based index, or 'all' to stack the visible sheets "
        "(one per year, say); default: the active visible sheet",
    )
    rep.add_argument(
        "--complete", action="store_true", help="absent rows in --crimes are zeros (source is complete)"
    )
    rep.add_argument("--study", help="name of the output folder (default: hanoi, or the crimes file's name)")
    rep.add_argument("--out", default="reports", help="output root folder (default: reports)")
    rep.add_argument(
        "--lang", choices=["vi", "en", "both"], default="both", help="language of charts and brief"
    )
    rep.add_argument("--offence", action="append", help="analyse only this offence (repeatable)")
    rep.add_argument("--seed", type=int, default=0, help="seed of every random draw (default 0)")
    rep.add_argument(
        "--threshold",
        type=int,
        default=5,
        help="suppress exported counts below this (default 5; at least 2: suppression cannot be turned off)",
    )
    rep.add_argument(
        "--workers",
        type=int,
        default=None,
        help="processes that draw the charts while the models are fitted (default 2; 0: draw in this process)",
    )
    rep.add_argument(
        "--formats",
        default="png,svg,pdf",
        help="chart files, comma-separated among png, svg, pdf (default all; PNG is always written, the brief "
        "embeds it; fewer formats are faster)",
    )
    rep.add_argument("--quiet", action="store_true", help="no progress lines")
    return parser


def _report(args: argparse.Namespace) -> int:
    from pathlib import Path

    from trends.report import run_report
    from trends.study import data_folder, find_inputs, load_study

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise ValueError(
            f"--out {args.out!r} names an existing file; give a folder (it is created if absent)"
        )

    say = (lambda _line: None) if args.quiet else (lambda line: print(line, file=sys.stderr, flush=True))
    t0 = time.perf_counter()
    say("Reading and validating the inputs ...")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # no input option: the analyst's files in data/raw (by name), else the bundled study
        inputs = find_inputs(
            args.crimes, incidents=args.incidents, rollout=args.rollout, districts=args.districts
        )
        if inputs and args.crimes is None and args.incidents is None:
            found = " ".join(f"--{kind} {path}" for kind, path in inputs.items())
            say(f"Using the files found in {data_folder()}: {found}")
        study = load_study(**inputs, name=args.study, complete=args.complete, sheet=args.sheet)
    for w in caught:
        say(f"warning: {w.message}")
    if study.simulated:
        say("Using the bundled Hanoi study: SIMULATED data, not real crime records.")
    langs = ("vi", "en") if args.lang == "both" else (args.lang,)
    ctx = run_report(
        study,
        args.out,
        langs=langs,
        offences=args.offence,
        seed=args.seed,
        threshold=args.threshold,
        progress=lambda line: say(f"- {line}"),
        workers=args.workers,
        formats=[f.strip().lower() for f in args.formats.split(",") if f.strip()],
    )
    for note in dict.fromkeys(ctx.notes):  # what the estimators warned about, once each
        say(f"note: {note}")
    say(f"Wrote {len(ctx.files)} files to {ctx.out} in {time.perf_counter() - t0:.1f} s")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``trends`` console script."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "report":
            return _report(args)
    except TrendsDataError as exc:
        print(f"trends: bad input: {exc}", file=sys.stderr)
        return 2
    except (ValueError, FileNotFoundError) as exc:
        print(f"trends: {exc}", file=sys.stderr)
        return 2
    return 1


if __name__ == "__main__":
    sys.exit(main())
