"""Pages of the reports app: recommendations with the what-if, the village network report (HTML,
print, PDF), the lever list, and the supervisor's view over many villages.

Every village view starts with :func:`village_view`; the supervisor view lists only villages the
user is a member of. Reading goes through :mod:`.queries`; the only writes (the lever list) go
through :mod:`.services`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jejaring.core.access import village_view
from jejaring.graph.recommend.levers import load_levers
from jejaring.jobs import runner
from jejaring.jobs.models import Job
from jejaring.reports import background, pdf, queries, rollup, services
from jejaring.reports.forms import LeverForm, LeverJsonForm, WhatIfForm
from jejaring.reports.sections import SECTIONS
from jejaring.villages.models import Village


def _flag(request: HttpRequest, name: str) -> bool:
    return request.GET.get(name, "") in ("1", "true", "yes", "on")


# --------------------------------------------------------------------------- recommendations


@village_view()
def recommendations(request: HttpRequest, village: Village) -> HttpResponse:
    """The four lists with their reasons; the what-if (GET, never saved) recomputes them."""
    people = queries.directory(village)
    form = WhatIfForm(request.GET or None, choices=queries.what_if_choices(people))
    marks, size = {"approached": [], "supportive": []}, queries.DEFAULT_FORUM_SIZE
    if form.is_bound and form.is_valid():
        marked = form.marks()
        marks = queries.parse_what_if(village, marked["approached"], marked["supportive"])
        size = form.size()
    data = queries.recommendations(village, what_if=marks, forum_size=size)
    page = queries.explained(data, people, fields=queries.field_labels(village))
    context = {
        "form": form,
        "page": page,
        "forum": data["forum"],
        "forum_size": size,
        "people_choices": queries.what_if_choices(people),
        "url": reverse("reports:recommendations", kwargs={"village": village.slug}),
    }
    if request.headers.get("HX-Request"):
        return render(request, "reports/_recommendations.html", context)
    return render(request, "reports/recommendations.html", context)


# --------------------------------------------------------------------------- report


@village_view()
def report(request: HttpRequest, village: Village) -> HttpResponse:
    """The village network report, printable (print stylesheet) and with a PDF download."""
    pseudonymize = _flag(request, "pseudonymize")
    data = queries.report(village, pseudonymize=pseudonymize)
    return render(
        request,
        "reports/report.html",
        {"report": data, "sections": SECTIONS, "pseudonymize": pseudonymize},
    )


@village_view()
def report_pdf(request: HttpRequest, village: Village) -> HttpResponse:
    """The report as a PDF (reportlab), in the page's language; pseudonymised on request."""
    pseudonymize = _flag(request, "pseudonymize")
    if runner.broker_url():  # a district server: the workers draw it, the job page hands it over
        job = runner.submit(
            background.KIND,
            village=village,
            user=request.user,
            pseudonymize=pseudonymize,
            language=get_language(),
        )
        return redirect("jobs:job", village=village.slug, work=job.pk)
    data = queries.report(village, pseudonymize=pseudonymize)
    body = pdf.village_report(data, language=get_language())
    response = HttpResponse(body, content_type="application/pdf")
    name = background.filename(village.slug, pseudonymize)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --------------------------------------------------------------------------- levers


def _lever_rows(village: Village) -> list[dict]:
    from jejaring.reports import sentences as say

    changes = services.lever_changes(village)
    hidden: set[tuple[str, str]] = set()
    for form, part in (changes.get("forms") or {}).items():
        for lv in part.get("levers", []):
            if lv.get("disabled"):
                hidden.add((form, lv["code"]))
    for lv in (changes.get("any") or {}).get("levers", []):
        if lv.get("disabled"):
            hidden.add(("any", lv["code"]))
    defaults = load_levers()
    table = load_levers(changes)
    rows = []
    sections = [("any", table["any"], defaults["any"])] + [
        (form, part, defaults["forms"].get(form, {})) for form, part in table["forms"].items()
    ]
    for form, part, default in sections:
        default_levers = {lv["code"]: lv for lv in default.get("levers", [])}
        shown = {lv["code"] for lv in part.get("levers", [])}
        for lv in part.get("levers", []):
            rows.append(
                {
                    "form": form,
                    "form_label": _("Any form") if form == "any" else say.form_label(form),
                    "code": lv["code"],
                    "text": say.lever_text({"code": lv["code"], "text": lv}),
                    "when": _when(lv),
                    "own": lv["code"] not in default_levers,
                    "hidden": False,
                }
            )
        for code, lv in default_levers.items():
            if code not in shown and (form, code) in hidden:
                rows.append(
                    {
                        "form": form,
                        "form_label": _("Any form") if form == "any" else say.form_label(form),
                        "code": code,
                        "text": say.lever_text({"code": code, "text": lv}),
                        "when": _when(lv),
                        "own": False,
                        "hidden": True,
                    }
                )
    return rows


def _when(lever: dict) -> list[str]:
    from jejaring.reports.sentences import condition_phrase

    return [condition_phrase(k, v) for k, v in (lever.get("when") or {}).items()]


def _levers_page(request, village, *, form=None, json_form=None, status=200) -> HttpResponse:
    import json

    table = load_levers(services.lever_changes(village))
    form = form or LeverForm(forms_available=list(table["forms"]))
    json_form = json_form or LeverJsonForm(
        initial={"data": json.dumps(services.lever_changes(village), ensure_ascii=False, indent=2)}
    )
    return render(
        request,
        "reports/levers.html",
        {"rows": _lever_rows(village), "form": form, "json_form": json_form},
        status=status,
    )


@village_view()
def levers(request: HttpRequest, village: Village) -> HttpResponse:
    """The lever list this village uses; members who can write add their own levers."""
    if request.method != "POST":
        return _levers_page(request, village)
    table = load_levers(services.lever_changes(village))
    form = LeverForm(request.POST, forms_available=list(table["forms"]))
    if form.is_valid():
        try:
            services.add_lever(
                village,
                form=form.cleaned_data["form"],
                text=form.cleaned_data["text"],
                when=form.cleaned_data["when"],
                language=(get_language() or "id")[:2],
                user=request.user,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Lever added."))
            return redirect("reports:levers", village=village.slug)
    return _levers_page(request, village, form=form, status=400)


@village_view(write=True)
@require_POST
def lever_hide(request: HttpRequest, village: Village) -> HttpResponse:
    """Hide a lever from this village's recommendations, or show it again."""
    form, code = request.POST.get("form", ""), request.POST.get("code", "")
    hidden = request.POST.get("hidden", "1") == "1"
    if form and code:
        try:
            services.set_lever_hidden(
                village, form=form, code=code, hidden=hidden, user=request.user
            )
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        else:
            messages.success(request, _("Lever hidden.") if hidden else _("Lever shown again."))
    return redirect("reports:levers", village=village.slug)


@village_view(write=True)
@require_POST
def levers_json(request: HttpRequest, village: Village) -> HttpResponse:
    """Replace the village's changes to the lever list with JSON (program staff)."""
    json_form = LeverJsonForm(request.POST)
    if json_form.is_valid():
        try:
            services.replace_lever_changes(
                village, json_form.cleaned_data["data"], user=request.user
            )
        except ValidationError as exc:
            json_form.add_error("data", exc.messages)
        else:
            messages.success(request, _("Lever list saved."))
            return redirect("reports:levers", village=village.slug)
    return _levers_page(request, village, json_form=json_form, status=400)


# --------------------------------------------------------------------------- supervisor


@login_required
def supervisor(request: HttpRequest) -> HttpResponse:
    """Every village the user is a member of, compared in one table by sub-district (and as a
    report), from the stored roll-up (:mod:`jejaring.reports.rollup`)."""
    rows = queries.supervisor_rows(request.user)
    _add_links(rows)
    return render(
        request,
        "reports/supervisor.html",
        {
            "rows": rows,
            "groups": rollup.by_kecamatan(rows),
            "waiting": sum(r["state"] != "ok" for r in rows),
            "computing": any(r["state"] == "computing" for r in rows),
        },
    )


#: The pages each village row of the supervisor's table links to.
_ROW_LINKS = {
    "home": "villages:home",
    "change": "change:index",
    "report": "reports:report",
    "recommendations": "reports:recommendations",
}


def _add_links(rows: list[dict]) -> None:
    """Each row's links, each URL pattern reversed once and filled with the row's slug: for
    500 villages, 2,000 ``{% url %}`` tags were a fifth of the page's time."""
    mark = "jejaring-slug"
    patterns = {key: reverse(name, kwargs={"village": mark}) for key, name in _ROW_LINKS.items()}
    for row in rows:
        row["links"] = {key: url.replace(mark, row["slug"], 1) for key, url in patterns.items()}


@login_required
def supervisor_pdf(request: HttpRequest) -> HttpResponse:
    """The supervisor's table as a PDF: drawn by the workers on a server (the job page hands
    it over), in the request on a laptop."""
    if runner.broker_url():
        job = runner.submit(background.SUPERVISOR_KIND, user=request.user, language=get_language())
        return redirect("supervisor:job", work=job.pk)
    rows = queries.supervisor_rows(request.user)
    body = pdf.supervisor_report(rows, user=request.user.get_username(), language=get_language())
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{background.SUPERVISOR_FILENAME}"'
    return response


def _supervisor_job(request: HttpRequest, work) -> Job:
    """The user's own supervisor PDF job (anyone else's is not found)."""
    job = Job.objects.filter(
        pk=work, kind=background.SUPERVISOR_KIND, user=request.user, village__isnull=True
    ).first()
    if job is None:
        raise Http404
    return job


@login_required
def supervisor_job(request: HttpRequest, work) -> HttpResponse:
    """The supervisor's PDF being drawn, then its download (the page refreshes itself)."""
    runner.sweep()  # a job whose worker died is put back (or failed) before it is shown
    job = _supervisor_job(request, work)
    return render(
        request,
        "reports/supervisor_job.html",
        {
            "job": job,
            "error": runner.error_text(job),
            "kind": runner.kind_label(job.kind),
            "ready": runner.result_file(job) is not None,
        },
    )


@login_required
def supervisor_download(request: HttpRequest, work) -> FileResponse:
    job = _supervisor_job(request, work)
    path = runner.result_file(job)
    if path is None:
        raise Http404
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=background.SUPERVISOR_FILENAME
    )


@login_required
@require_POST
def supervisor_retry(request: HttpRequest, work) -> HttpResponse:
    job = _supervisor_job(request, work)
    runner.retry(job)
    return redirect("supervisor:job", work=job.pk)
