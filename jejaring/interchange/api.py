"""The import/export API: the JSON twins of the import/export pages.

``GET  /api/v1/villages/{slug}/export?format=…`` a file, as the export page gives it;
``GET  /api/v1/villages/{slug}/template`` the blank Excel template;
``POST /api/v1/villages/{slug}/import?dry_run=true`` files in a multipart body (field
``files``), checked and, unless ``dry_run``, imported (all or nothing); 400 with the problems;
``GET  /api/v1/villages/{slug}/reviews`` open name reviews; ``POST …/reviews/resolve``.
"""

from __future__ import annotations

import uuid

from django.http import HttpResponse
from django.utils.translation import get_language, gettext_noop
from ninja import Router, Schema, Status

from jejaring.core.access import get_in_village, get_village
from jejaring.interchange import jobs
from jejaring.interchange import services as S
from jejaring.interchange.export import ExportFilter
from jejaring.interchange.models import ImportJob, NameReview
from jejaring.interchange.problems import ImportRejected, Problems

router = Router()


class ProblemOut(Schema):
    severity: str
    file: str
    row: int | None = None
    column: str | None = None
    message: str


class ImportOut(Schema):
    kind: str
    applied: bool
    summary: dict
    problems: list[ProblemOut]


class ReviewOut(Schema):
    id: str
    actor_id: str
    actor_name: str
    actor_code: str
    candidate_id: str
    candidate_name: str
    candidate_code: str
    score: float
    reason: str


class ResolveIn(Schema):
    review: str = ""
    action: str = ""


class JobOut(Schema):
    id: str
    state: str
    files: str
    problem_count: int
    created_at: str


def _problems(problems: Problems) -> list[dict]:
    return [
        {
            "severity": p.severity,
            "file": p.file,
            "row": p.row,
            "column": p.column,
            "message": p.text(),
        }
        for p in problems
    ]


def _file_response(file: S.ExportFile) -> HttpResponse:
    response = HttpResponse(file.data, content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    return response


@router.get("/{slug}/export")
def export(
    request,
    slug: str,
    format: str = "json",
    pseudonymize: bool = False,
    type: str = "",
    current_only: bool = False,
    dependency_only: bool = False,
):
    """The village as a file (``format`` csv, xlsx, graphml, gexf or json); ``type`` takes
    comma-separated tie type codes."""
    village = get_village(request, slug)
    if format not in S.FORMATS:
        return HttpResponse(status=400)
    flt = ExportFilter(
        types=[t for t in type.split(",") if t],
        current_only=current_only,
        dependency_only=dependency_only,
        pseudonymize=pseudonymize,
        circles=request.membership.can_write,  # circles: for facilitators only
    )
    return _file_response(S.export(village, format, flt=flt, language=get_language() or "id"))


@router.get("/{slug}/template")
def template(request, slug: str):
    """The blank Excel template of the village."""
    village = get_village(request, slug)
    return _file_response(S.template(village, (get_language() or "id")[:2]))


@router.post("/{slug}/import", response={200: ImportOut, 400: ImportOut, 413: ImportOut})
def import_files(request, slug: str, dry_run: bool = True):
    """Check (``dry_run``, the default) or import the uploaded ``files``."""
    village = get_village(request, slug, write=True)
    if jobs.request_too_large(request):
        problems = Problems()
        problems.add(
            gettext_noop("the files together are larger than %(mb)s MB"),
            mb=jobs.max_upload_bytes() // (1024 * 1024),
        )
        return Status(
            413, {"kind": "", "applied": False, "summary": {}, "problems": _problems(problems)}
        )
    uploaded = request.FILES.getlist("files")
    if not uploaded:
        problems = Problems()
        problems.add("no table of actors or ties was found")
        return Status(
            400, {"kind": "", "applied": False, "summary": {}, "problems": _problems(problems)}
        )
    files = [S.InputFile(f.name, f.read()) for f in uploaded]
    try:
        result = S.import_files(village, files, user=request.user, dry_run=dry_run)
    except ImportRejected as exc:
        return Status(
            400,
            {
                "kind": S.detect_kind(files),
                "applied": False,
                "summary": {},
                "problems": _problems(exc.problems),
            },
        )
    return Status(
        200,
        {
            "kind": result.kind,
            "applied": result.applied,
            "summary": result.summary,
            "problems": _problems(result.problems),
        },
    )


@router.get("/{slug}/imports", response=list[JobOut])
def imports(request, slug: str):
    """The village's recent uploads in the web app."""
    village = get_village(request, slug)
    return [
        {
            "id": str(j.pk),
            "state": j.state,
            "files": j.file_names,
            "problem_count": j.problem_count,
            "created_at": j.created_at.isoformat(),
        }
        for j in ImportJob.objects.filter(village=village)[:50]
    ]


@router.get("/{slug}/reviews", response=list[ReviewOut])
def reviews(request, slug: str):
    """Open name reviews: imported names that look like another actor's."""
    village = get_village(request, slug)
    qs = NameReview.objects.filter(village=village, state=NameReview.State.OPEN).select_related(
        "actor", "candidate"
    )
    return [
        {
            "id": str(r.pk),
            "actor_id": str(r.actor_id),
            "actor_name": r.actor.name,
            "actor_code": r.actor.code,
            "candidate_id": str(r.candidate_id),
            "candidate_name": r.candidate.name,
            "candidate_code": r.candidate.code,
            "score": r.score,
            "reason": r.reason,
        }
        for r in qs[:500]
    ]


@router.post("/{slug}/reviews/resolve", response={200: dict, 400: dict})
def resolve(request, slug: str, payload: ResolveIn | None = None):
    """``{"review": id, "action": "merge" | "separate"}``."""
    village = get_village(request, slug, write=True)
    payload = payload or ResolveIn()
    if payload.action not in ("merge", "separate"):
        return Status(400, {"error": "action must be merge or separate"})
    try:
        review_id = uuid.UUID(payload.review)
    except ValueError:
        return Status(400, {"error": "review must be the id of a name review"})
    review = get_in_village(NameReview, village, pk=review_id)
    try:
        kept = S.resolve_review(review, payload.action, request.user)
    except S.ReviewRefused as exc:
        return Status(400, {"error": str(exc)})
    return Status(200, {"kept": str(kept.pk) if kept else None})
