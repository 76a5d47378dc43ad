"""jejaring analyze: network measures of an actors and a ties table (no database)."""

from __future__ import annotations

import argparse
import sys
import time

from jejaring.cli.i18n import gettext_noop

NAME = "analyze"
HELP = gettext_noop(
    "Compute stakeholder and patron-client network measures from an actors and a ties table "
    "(CSV or XLSX) and print them as JSON, text or an XLSX workbook."
)

FORMATS = ("json", "text", "xlsx")


def add_arguments(parser) -> None:
    src = parser.add_argument_group("input")
    src.add_argument("--actors", metavar="FILE", help=gettext_noop("actors table (.csv or .xlsx)"))
    src.add_argument("--ties", metavar="FILE", help=gettext_noop("ties table (.csv or .xlsx)"))
    src.add_argument(
        "--workbook",
        metavar="FILE",
        help=gettext_noop(
            "an .xlsx with an 'actors' and a 'ties' sheet (instead of --actors/--ties)"
        ),
    )
    opt = parser.add_argument_group("analysis")
    opt.add_argument(
        "--type",
        dest="types",
        action="append",
        metavar="TYPE",
        help=gettext_noop("keep only ties of this type (repeat, or separate with commas)"),
    )
    opt.add_argument(
        "--undirected", action="store_true", help=gettext_noop("treat every tie as undirected")
    )
    opt.add_argument(
        "--weighted",
        action="store_true",
        help=gettext_noop("use tie weights (strength; path length = 1/weight)"),
    )
    opt.add_argument(
        "--group-by",
        default="auto",
        metavar="ATTR",
        help=gettext_noop(
            "actor attribute for brokerage roles (default: hamlet, else category; "
            "'none' for one group)"
        ),
    )
    opt.add_argument(
        "--brokerage-z",
        action="store_true",
        help=gettext_noop("add expected brokerage counts and z-scores (Gould & Fernandez)"),
    )
    opt.add_argument("--seed", type=int, default=0, help=gettext_noop("random seed (default 0)"))
    opt.add_argument(
        "--exact-max",
        type=int,
        default=None,
        metavar="N",
        help=gettext_noop(
            "exact betweenness/closeness up to N actors, sampled above (default 10000)"
        ),
    )
    opt.add_argument(
        "--samples",
        type=int,
        default=None,
        metavar="K",
        help=gettext_noop("source actors sampled above --exact-max (default: by network size)"),
    )
    opt.add_argument(
        "--community",
        choices=("leiden", "louvain"),
        default="leiden",
        help=gettext_noop("community method (default leiden)"),
    )
    opt.add_argument(
        "--workers",
        type=int,
        choices=range(1, 257),
        metavar="N",
        default=None,
        help=gettext_noop("threads for the shortest-path searches (default: one per CPU)"),
    )
    opt.add_argument(
        "--recommend",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=gettext_noop("add the explained recommendations (default: yes up to 20,000 actors)"),
    )
    out = parser.add_argument_group("output")
    out.add_argument(
        "--format", choices=FORMATS, default="json", help=gettext_noop("output format")
    )
    out.add_argument(
        "--output", "-o", metavar="FILE", help=gettext_noop("write here instead of stdout")
    )
    out.add_argument(
        "--indent", type=int, default=None, help=gettext_noop("indent JSON by N spaces")
    )
    out.add_argument(
        "--details",
        choices=("auto", "yes", "no"),
        default="auto",
        help=gettext_noop("include each actor's role_details in JSON (auto: up to 50,000 actors)"),
    )
    out.add_argument(
        "--quiet", "-q", action="store_true", help=gettext_noop("no progress bar or warnings")
    )
    out.add_argument(
        "--timings",
        metavar="FILE",
        help=gettext_noop("write the time and peak memory of each step as JSON to FILE"),
    )


class _ProgressBar:
    """A one-line bar on stderr: drawn on a terminal after half a second; elsewhere a line
    per step once the run has taken more than five seconds."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.start = time.monotonic()
        self.drawn = False

    def __call__(self, step: str, done: int, total: int) -> None:
        elapsed = time.monotonic() - self.start
        if self.tty:
            if elapsed < 0.5:
                return
            width = 24
            filled = int(width * done / max(total, 1))
            bar = "#" * filled + "-" * (width - filled)
            self.stream.write(f"\r[{bar}] {done}/{total} {step[:40]:<40} {elapsed:6.1f} s")
            self.stream.flush()
            self.drawn = True
        elif elapsed >= 5.0:
            self.stream.write(f"jejaring analyze: {step} ({done}/{total}) {elapsed:.1f} s\n")
            self.stream.flush()

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r" + " " * 100 + "\r")
            self.stream.flush()


def _types(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    out = [t.strip() for v in values for t in v.split(",") if t.strip()]
    return out or None


def run(args) -> int:
    from jejaring.cli.errors import BadInput

    if args.workbook is None and args.ties is None:
        raise BadInput("give --ties FILE (and --actors FILE), or --workbook FILE")
    if args.format == "xlsx" and not args.output:
        raise BadInput("--format xlsx needs --output FILE.xlsx")
    if args.samples is not None and args.samples < 2:
        raise BadInput("--samples must be at least 2")

    from jejaring.graph.gcpause import paused_gc
    from jejaring.graph.pipeline import analyze

    # The analysis makes no cyclic garbage that grows with the network (about 1,300 objects,
    # the same at 5,000 and 50,000 actors), but its allocations set off a hundred or more
    # collections that rescan everything alive: ~0.15 s of a village's 2.3 s. Paused (the
    # modules imported so far frozen) until the output is written.
    with paused_gc(freeze=True):
        return _run(args, analyze)


def _run(args, analyze) -> int:
    import warnings

    from jejaring.cli.errors import BadInput
    from jejaring.graph.errors import InputError
    from jejaring.graph.paths import DEFAULT_EXACT_MAX

    bar = None if args.quiet else _ProgressBar(sys.stderr)
    group_by = None if args.group_by.lower() in ("none", "") else args.group_by
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = analyze(
                args.actors,
                args.ties,
                workbook=args.workbook,
                types=_types(args.types),
                undirected=args.undirected,
                weighted=args.weighted,
                group_by=group_by,
                exact_max=DEFAULT_EXACT_MAX if args.exact_max is None else args.exact_max,
                samples=args.samples,
                seed=args.seed,
                brokerage_z=args.brokerage_z,
                community_method=args.community,
                workers=args.workers,
                progress=bar,
                recommend=args.recommend,
                # A district's clients list is written by a child while the rest is computed.
                fork_output=args.format == "json" and args.indent is None,
            )
    except InputError as exc:
        raise BadInput(str(exc)) from None
    finally:
        if bar is not None:
            bar.close()
    if not args.quiet:
        for message in dict.fromkeys(str(w.message) for w in caught):
            print(f"warning: {message}", file=sys.stderr)

    start = time.perf_counter()
    result.drop_graph()  # only the measures are written: free the graph first
    _write(result, args)
    if args.timings:
        _write_timings(result, args.timings, time.perf_counter() - start)
    return 0


def _write(result, args) -> None:
    if args.format == "xlsx":
        from jejaring.graph.output import write_xlsx

        write_xlsx(result, args.output)
        return
    if args.format == "text":
        from jejaring.graph.output import format_text

        text = format_text(result)
        if args.output:
            with open(args.output, "w", encoding="utf-8") as fh:
                fh.write(text)
        else:
            sys.stdout.write(text)
        return
    details = {"auto": None, "yes": True, "no": False}[args.details]
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            result.write_json(fh, indent=args.indent, details=details)
    else:
        result.write_json(sys.stdout, indent=args.indent, details=details)


def _write_timings(result, path: str, output_seconds: float) -> None:
    import json
    import resource

    rows = list(result.timings)
    rows.append(
        {
            "step": "output",
            "seconds": output_seconds,
            "process": "main",
            "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        }
    )
    info = {
        "steps": rows,
        "actors": result.summary["actors"],
        "ties": result.summary["ties"],
        "paths_exact": result.summary["paths_exact"],
        "path_sources": result.summary["path_sources"],
        "betweenness_relative_error": result.summary["betweenness_relative_error"],
        "closeness_relative_error": result.summary["closeness_relative_error"],
        "workers": result.options["workers"],
    }
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(info, fh, indent=1, default=str)
