"""Import / export pages: upload → preview with every problem → confirm; template, exports,
the field form, name reviews and the example villages.

Every page works without JavaScript; with it, long uploads and imports show their progress
(``static/interchange/progress.js`` polls :func:`progress`).
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.db import IntegrityError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from jejaring.actors.models import Actor, Tie
from jejaring.core.access import get_in_village, village_view
from jejaring.interchange import examples, jobs, xlsform
from jejaring.interchange import progress as P
from jejaring.interchange import services as S
from jejaring.interchange.forms import ExampleForm, ExportForm, ReviewForm, UploadForm
from jejaring.interchange.models import ImportJob, NameReview
from jejaring.interchange.problems import ImportRejected
from jejaring.jobs import runner
from jejaring.villages.models import Village

TERM_LABELS = {
    "category": gettext_lazy("categories"),
    "type": gettext_lazy("tie types"),
    "field": gettext_lazy("fields (bidang)"),
}


def _download(file: S.ExportFile) -> HttpResponse:
    response = HttpResponse(file.data, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response


def _url_or_none(name: str, **kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def _language() -> str:
    return (get_language() or "id")[:2]


@village_view()
def index(request: HttpRequest, village: Village) -> HttpResponse:
    """The data hub: upload, template, exports, field form, reviews, examples."""
    return render(
        request,
        "interchange/index.html",
        {
            "form": UploadForm(initial={"token": uuid.uuid4().hex}),
            "open_reviews": NameReview.objects.filter(
                village=village, state=NameReview.State.OPEN
            ).count(),
            "jobs": ImportJob.objects.filter(village=village)[:8],
            "max_mb": jobs.max_upload_bytes() // (1024 * 1024),
        },
    )


@village_view()
def upload(request: HttpRequest, village: Village) -> HttpResponse:
    """GET: the upload form. POST: store and check the files, then show the preview."""
    if request.method != "POST":
        return redirect("interchange:index", village=village.slug)
    if jobs.request_too_large(request):
        messages.error(
            request,
            _("The files together are larger than %(mb)s MB: upload fewer or smaller files.")
            % {"mb": jobs.max_upload_bytes() // (1024 * 1024)},
        )
        return redirect("interchange:index", village=village.slug)
    form = UploadForm(request.POST, request.FILES)
    uploaded = request.FILES.getlist("files")
    if not form.is_valid() or not uploaded:
        messages.error(request, _("Choose a file to import."))
        return redirect("interchange:index", village=village.slug)
    limit = jobs.max_upload_bytes()
    too_big = [f.name for f in uploaded if f.size > limit]
    if too_big:
        messages.error(
            request,
            _("%(files)s: larger than %(mb)s MB.")
            % {"files": ", ".join(too_big), "mb": limit // (1024 * 1024)},
        )
        return redirect("interchange:index", village=village.slug)
    files = [S.InputFile(f.name, f.read()) for f in uploaded]
    job = jobs.check_upload(village, files, request.user, form.cleaned_data.get("token") or "")
    return redirect("interchange:job", village=village.slug, job=job.pk)


@village_view()
def job_detail(request: HttpRequest, village: Village, job: uuid.UUID) -> HttpResponse:
    """The preview of an upload (what will happen, every problem) or the result of an import."""
    obj = jobs.expire_if_stale(get_in_village(ImportJob, village, pk=job))
    failed = jobs.work_failed(obj)
    problems = jobs.problems_of(obj)
    errors = [p for p in problems if p.is_error]
    return render(
        request,
        "interchange/job.html",
        {
            "job": obj,
            "errors": errors,
            "warnings": [p for p in problems if not p.is_error],
            "not_shown": max(0, obj.problem_count - len(problems)),
            "summary": obj.summary,
            "new_terms": [
                (TERM_LABELS.get(kind, kind), names)
                for kind, names in (obj.summary.get("new_terms") or {}).items()
            ],
            "counts": []
            if obj.state == ImportJob.State.CHECKING
            else _summary_rows(obj.summary, obj.state == ImportJob.State.IMPORTED),
            "form": UploadForm(initial={"token": uuid.uuid4().hex}),
            "token": uuid.uuid4().hex,
            "actors_url": _url_or_none("actors:register", village=village.slug),
            "open_reviews": NameReview.objects.filter(
                village=village, state=NameReview.State.OPEN
            ).count(),
            "max_mb": jobs.max_upload_bytes() // (1024 * 1024),
            "checking": obj.state == ImportJob.State.CHECKING,
            "importing": obj.state == ImportJob.State.IMPORTING,
            "follow": jobs.in_background(obj) and failed is None,
            "check_progress": jobs.check_progress(obj),
            "failed": failed,
            "failure": runner.error_text(failed) if failed else "",
        },
    )


def _summary_rows(summary: dict, done: bool) -> list[tuple[str, int]]:
    """What the import will do (preview) or did (after confirming), as labelled counts."""
    labels = {
        "actors_created": (_("Actors to add"), _("Actors added")),
        "actors_updated": (_("Actors to update"), _("Actors updated")),
        "actors_unchanged": (_("Actors unchanged"), _("Actors unchanged")),
        "ties_created": (_("Ties to add"), _("Ties added")),
        "ties_updated": (_("Ties to update"), _("Ties updated")),
        "ties_unchanged": (_("Ties unchanged"), _("Ties unchanged")),
        "evidence_created": (_("Accounts (evidence) to add"), _("Accounts (evidence) added")),
        "assessments_created": (_("Assessments to add"), _("Assessments added")),
        "discussions_created": (_("Interviews to add"), _("Interviews added")),
        "submissions_skipped": (
            _("Submissions imported before (skipped)"),
            _("Submissions imported before (skipped)"),
        ),
        "reviews_created": (_("Names to review"), _("Names to review")),
    }
    rows = [(pair[done], summary[key]) for key, pair in labels.items() if summary.get(key)]
    for key, count in sorted((summary.get("records") or {}).items()):
        if count:
            rows.append((key, count))
    return rows


@village_view(write=True)
def job_confirm(request: HttpRequest, village: Village, job: uuid.UUID) -> HttpResponse:
    """Run the checked import for real (POST only)."""
    obj = get_in_village(ImportJob, village, pk=job)
    if request.method != "POST":
        return HttpResponse(status=405)
    if obj.state != ImportJob.State.CHECKED:
        return redirect("interchange:job", village=village.slug, job=obj.pk)
    obj = jobs.confirm(obj, request.user, request.POST.get("token", ""))
    if obj.state == ImportJob.State.IMPORTING:
        messages.info(
            request,
            _(
                "The import runs in the background: this page follows it. You may leave it and come back."
            ),
        )
    elif obj.state == ImportJob.State.IMPORTED:
        messages.success(request, _("Imported."))
    else:
        messages.error(request, _("Nothing was imported: the file has problems."))
    return redirect("interchange:job", village=village.slug, job=obj.pk)


@village_view()
def progress(request: HttpRequest, village: Village) -> JsonResponse:
    """How far the upload or import with ``?token=`` has got (polled by the page)."""
    token = request.GET.get("token", "")[:64]
    return JsonResponse(P.read_progress(village.pk, token) if token else {"percent": 0})


@village_view()
def template(request: HttpRequest, village: Village) -> HttpResponse:
    """The blank Excel template with the village's drop-down lists."""
    return _download(S.template(village, _language()))


@village_view()
def export(request: HttpRequest, village: Village) -> HttpResponse:
    """Choose what to export; ``?download=1`` returns the file."""
    form = ExportForm(village, request.GET or None)
    if request.GET.get("download") and form.is_valid():
        flt = form.export_filter()
        flt.circles = request.membership.can_write  # circles: for facilitators only
        file = S.export(village, form.cleaned_data["format"], flt=flt, language=_language())
        return _download(file)
    if not request.GET:
        form = ExportForm(village, initial={"format": "xlsx"})
    return render(request, "interchange/export.html", {"form": form})


@village_view()
def field_form(request: HttpRequest, village: Village) -> HttpResponse:
    """The XLSForm for interviews; ``?download=1`` returns the form and its actor list."""
    if request.GET.get("download"):
        form, csv_name, csv_data = xlsform.build(village)
        name = xlsform.form_id(village)
        return _download(
            S.ExportFile(
                S.zip_files({f"{name}.xlsx": form, csv_name: csv_data}),
                f"{name}.zip",
                "application/zip",
            )
        )
    return render(
        request,
        "interchange/field_form.html",
        {
            "types": xlsform.type_questions(village),
            "csv_name": xlsform.choices_file_name(village),
            "language": _language(),
        },
    )


@village_view()
def reviews(request: HttpRequest, village: Village) -> HttpResponse:
    """Names that look alike: merge the two actors, or keep them apart (POST)."""
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if not form.is_valid():
            raise Http404
        review = get_in_village(NameReview, village, pk=form.cleaned_data["review"])
        try:
            kept = S.resolve_review(review, form.cleaned_data["action"], request.user)
        except S.ReviewRefused as exc:
            messages.error(request, str(exc))
        else:
            if kept is not None:
                messages.success(request, _("Merged into %(name)s.") % {"name": kept.name})
            else:
                messages.success(request, _("Kept as different actors."))
        return redirect("interchange:reviews", village=village.slug)
    open_reviews = list(
        NameReview.objects.filter(village=village, state=NameReview.State.OPEN).select_related(
            "actor__hamlet", "candidate__hamlet", "actor__category", "candidate__category"
        )[:200]
    )
    ids = {r.actor_id for r in open_reviews} | {r.candidate_id for r in open_reviews}
    tie_counts = dict(
        Actor.objects.filter(pk__in=ids)
        .annotate(n=Count("ties_out", distinct=True) + Count("ties_in", distinct=True))
        .values_list("pk", "n")
    )
    pairs = set(
        Tie.objects.filter(village=village, source_id__in=ids, target_id__in=ids).values_list(
            "source_id", "target_id"
        )
    )
    for r in open_reviews:
        r.actor_ties = tie_counts.get(r.actor_id, 0)
        r.candidate_ties = tie_counts.get(r.candidate_id, 0)
        r.between = (r.actor_id, r.candidate_id) in pairs or (r.candidate_id, r.actor_id) in pairs
    return render(
        request,
        "interchange/reviews.html",
        {
            "reviews": open_reviews,
            "total_open": NameReview.objects.filter(
                village=village, state=NameReview.State.OPEN
            ).count(),
            "separate": NameReview.objects.filter(
                village=village, state=NameReview.State.SEPARATE
            ).count(),
        },
    )


@village_view()
def example_list(request: HttpRequest, village: Village) -> HttpResponse:
    """The real data sets that load as example villages; POST loads one."""
    if request.method == "POST":
        form = ExampleForm(request.POST)
        key = form.data.get("key", "") if form.is_valid() else ""
        example = examples.find(key)
        if example is None or not example.shipped:
            raise Http404
        # The requester's own copy opens; otherwise a new copy is made for them. Another
        # user's copy is never opened to them (it may hold their edits and private notes).
        own = examples.copies_of(example, request.user).first()
        if own is not None:
            return redirect("villages:home", village=own.slug)
        try:
            loaded = examples.load(key, user=request.user, copy=True)
        except examples.ExampleError as exc:
            messages.error(request, _(exc.message) % exc.params if exc.params else _(exc.message))
            return redirect("interchange:examples", village=village.slug)
        except ImportRejected as exc:
            messages.error(request, str(exc))
            return redirect("interchange:examples", village=village.slug)
        except IntegrityError:
            # Another request took the same free slug at the same moment.
            messages.error(request, _("The example could not be loaded just now; try again."))
            return redirect("interchange:examples", village=village.slug)
        messages.success(request, _("Example village loaded."))
        return redirect("villages:home", village=loaded.slug)
    catalogue = examples.catalogue()
    loaded = {e.key for e in catalogue if examples.copies_of(e, request.user).exists()}
    return render(
        request,
        "interchange/examples.html",
        {"examples": catalogue, "loaded": loaded, "language": _language()},
    )
