"""jejaring engagement: approach progress and what is overdue in one village."""

from __future__ import annotations

from jejaring.cli.i18n import gettext_noop

NAME = "engagement"
HELP = gettext_noop(
    "Show a village's approach progress, overdue follow-ups and overdue action items."
)


def add_arguments(parser) -> None:
    parser.add_argument(
        "--village", required=True, metavar="SLUG", help=gettext_noop("the village's short name")
    )
    parser.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help=gettext_noop(
            "json: overall, by_category, by_hamlet, groups, overdue_contacts, overdue_actions"
        ),
    )
    parser.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        help=gettext_noop("count overdue items as of this date (default: today)"),
    )


def _report(village, on) -> dict:
    from jejaring.engagement import queries

    d = queries.dashboard(village, on=on)
    keep = ("overall", "by_category", "by_hamlet", "groups")
    out = {k: d[k] for k in keep}
    out["today"] = d["today"]
    out["overdue_contacts"] = [
        {
            k: c[k]
            for k in (
                "id",
                "actor",
                "actor_name",
                "kind",
                "due",
                "days_late",
                "next_step",
                "purpose",
            )
        }
        for c in d["overdue_contacts"]
    ]
    out["overdue_actions"] = [
        {k: a[k] for k in ("id", "text", "owner_name", "forum_name", "due", "days_late")}
        for a in d["overdue_actions"]
    ]
    return out


def _pct(share) -> str:
    return "-" if share is None else f"{round(share * 100)}%"


def _print_text(village, r: dict) -> None:
    """The report in the command line's language (``--lang`` or the locale)."""
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    o = r["overall"]
    print(
        _("%(village)s (%(slug)s) as of %(date)s")
        % {"village": village.name, "slug": village.slug, "date": date_format(r["today"])}
    )
    print(
        _(
            "Stakeholders %(total)s: approached %(approached)s (%(share)s), receptive or better "
            "%(engaged)s, resistant %(resistant)s"
        )
        % {
            "total": o["total"],
            "approached": o["approached"],
            "share": _pct(o["approached_share"]),
            "engaged": o["engaged"],
            "resistant": o["resistant"],
        }
    )
    for title, rows, key in (
        (_("First-approach groups"), r["groups"], "group"),
        (_("By category"), r["by_category"], "key"),
        (_("By hamlet"), r["by_hamlet"], "key"),
    ):
        print(f"\n{title}")
        for g in rows:
            name = g.get("label") or g[key] or "-"
            print(
                f"  {name:<58} {g['approached']:>3}/{g['total']:<3} {_pct(g['approached_share']):>5}"
            )
    late = _("%(days)s days late")
    print("\n" + _("Overdue follow-ups (%(n)s)") % {"n": len(r["overdue_contacts"])})
    for c in r["overdue_contacts"]:
        what = (
            c["next_step"]
            if c["kind"] == "next_step"
            else _("planned: %(purpose)s") % {"purpose": c["purpose"]}
        )
        days = late % {"days": c["days_late"]}
        print(f"  {date_format(c['due'])} ({days})  {c['actor_name']}: {what}")
    print("\n" + _("Overdue action items (%(n)s)") % {"n": len(r["overdue_actions"])})
    for a in r["overdue_actions"]:
        days = late % {"days": a["days_late"]}
        print(f"  {date_format(a['due'])} ({days})  {a['text']} ({a['owner_name']})")


def run(args) -> int:
    import datetime as dt
    import json

    from jejaring.cli.errors import BadInput
    from jejaring.cli.setup import django_ready

    django_ready()
    from django.core.serializers.json import DjangoJSONEncoder

    from jejaring.villages.models import Village

    village = Village.objects.filter(slug=args.village).first()
    if village is None:
        raise BadInput(f"--village: no village {args.village!r} (see: jejaring villages)")
    on = None
    if args.date:
        try:
            on = dt.date.fromisoformat(args.date)
        except ValueError as exc:
            raise BadInput(f"--date: {args.date!r} is not a date (YYYY-MM-DD)") from exc
    report = _report(village, on)
    if args.format == "json":
        print(json.dumps(report, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
    else:
        _print_text(village, report)
    return 0
