"""The Change pages (*Perubahan*): indicators over time, before/after, patrons' commitments."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jejaring.change import queries, services
from jejaring.change.charts import charts
from jejaring.change.forms import CommitmentForm, CompareForm, SettingsForm, StatusForm
from jejaring.change.models import Commitment
from jejaring.core.access import get_in_village, village_view
from jejaring.villages.models import Village


def _stage_rows(series: list[dict]) -> tuple[list[str], list[dict]]:
    from jejaring import vocab

    codes = list(vocab.codes(vocab.ENGAGEMENT_STATUSES))
    seen = set()
    for p in series:
        seen.update(p["values"].get("stages", {}))
    codes = [c for c in codes if c in seen] + sorted(seen - set(codes))
    rows = [
        {
            "when": _("now") if p["id"] == "now" else p["date"].isoformat(),
            "counts": [p["values"].get("stages", {}).get(c, 0) for c in codes],
        }
        for p in series
    ]
    return codes, rows


@village_view()
def index(request: HttpRequest, village: Village) -> HttpResponse:
    """Indicators over time (snapshots + now), the before/after chooser and the schedule."""
    from jejaring.analysis.models import Snapshot

    taken = services.take_due_snapshot(village)
    if taken is not None:
        messages.info(
            request, _("A scheduled snapshot was taken: %(name)s.") % {"name": taken.name}
        )
    series = queries.indicator_series(village)
    stage_codes, stage_rows = _stage_rows(series)
    snaps = list(Snapshot.objects.filter(village=village).defer("data").order_by("-taken_at"))
    compare_form = CompareForm(request.GET or None, snapshots=snaps) if snaps else None
    comparison = None
    if compare_form is not None and compare_form.is_valid():
        comparison = _comparison(village, compare_form.cleaned_data)
    setting = services.settings_of(village)
    return render(
        request,
        "change/index.html",
        {
            "charts": charts(series, str(_("now"))),
            "points": len(series),
            "stage_codes": stage_codes,
            "stage_labels": [_stage_label(c) for c in stage_codes],
            "stage_rows": stage_rows,
            "compare_form": compare_form,
            "comparison": comparison,
            "settings_form": SettingsForm(
                initial={"every_days": setting.every_days, "at_meetings": setting.at_meetings}
            ),
            "follow_ups": queries.follow_ups(village),
        },
    )


def _stage_label(code: str) -> str:
    from jejaring import vocab
    from jejaring.reports.sentences import label

    return label(vocab.ENGAGEMENT_STATUSES, code)


def _comparison(village: Village, data: dict) -> dict | None:
    from jejaring.analysis.adapter import actor_rows, tie_rows
    from jejaring.analysis.models import Snapshot
    from jejaring.change.beforeafter import compare_states

    before = get_in_village(Snapshot, village, pk=data["before"])
    if data["after"] == "now":
        after_data = {"actors": actor_rows(village), "ties": tie_rows(village)}
        after_label = _("now")
    else:
        after = get_in_village(Snapshot, village, pk=data["after"])
        after_data, after_label = after.data, after.name
    return {
        "before": before.name,
        "after": after_label,
        **compare_states(before.data, after_data),
    }


@village_view(write=True)
@require_POST
def update_settings(request: HttpRequest, village: Village) -> HttpResponse:
    form = SettingsForm(request.POST)
    if form.is_valid():
        services.update_settings(
            village,
            every_days=form.cleaned_data["every_days"],
            at_meetings=form.cleaned_data["at_meetings"],
        )
        messages.success(request, _("Snapshot settings saved."))
    else:
        messages.error(
            request,
            _("Check the snapshot settings: %(errors)s") % {"errors": form.errors.as_text()},
        )
    return redirect("change:index", village=village.slug)


@village_view()
def commitments(request: HttpRequest, village: Village) -> HttpResponse:
    """Patrons' commitments (*janji patron*), newest first; writers record a new one."""
    form = CommitmentForm(
        request.POST or None,
        village=village,
        initial={
            "made_on": timezone.localdate(),
            "patron": request.GET.get("patron", ""),
            "lever": request.GET.get("lever", ""),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            c = services.create_commitment(village, **form.resolved(), user=request.user)
        except ValidationError as exc:
            for field, errs in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            messages.success(request, _("Commitment recorded."))
            return redirect("change:commitment", village=village.slug, commitment=c.pk)
    items = Commitment.objects.filter(village=village).select_related("patron")
    return render(
        request,
        "change/commitments.html",
        {"form": form, "commitments": items, "follow_ups": queries.follow_ups(village)},
    )


@village_view()
def commitment(request: HttpRequest, village: Village, commitment) -> HttpResponse:
    c = get_in_village(Commitment, village, pk=commitment)
    form = StatusForm(
        request.POST or None, initial={"date": timezone.localdate(), "status": c.status}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_status(c, **form.cleaned_data, user=request.user)
        except ValidationError as exc:
            for field, errs in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            messages.success(request, _("Evidence recorded."))
            return redirect("change:commitment", village=village.slug, commitment=c.pk)
    return render(
        request,
        "change/commitment.html",
        {
            "c": c,
            "events": c.events.select_related("recorded_by"),
            "form": form,
            "lever_label": _lever_label(c.lever, village),
        },
    )


def _lever_label(code: str, village: Village) -> str:
    """The lever's text in the page's language (its code when the list no longer has it)."""
    from jejaring.change.forms import lever_choices

    for _group, options in lever_choices(village)[1:]:
        for value, label in options:
            if value == code:
                return label
    return code
