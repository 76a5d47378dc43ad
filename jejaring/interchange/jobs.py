"""Uploads in the web app: stored between the preview and the confirmation.

The upload is checked at once (a dry run: the preview lists what will happen and every
problem); the files wait in the data folder until the user confirms, when the import runs
again for real in one transaction (the village may have changed in between). Files of jobs
older than a day are removed at the next upload.
"""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_noop

from jejaring.interchange import progress as P
from jejaring.interchange import services as S
from jejaring.interchange.models import ImportJob
from jejaring.interchange.problems import ImportRejected, Problem, Problems
from jejaring.villages.models import Village

KEEP = dt.timedelta(days=1)


def _folder(job_id) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / str(job_id)


def max_upload_bytes() -> int:
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 50 * 1024 * 1024)


#: Room for the form's other fields and the multipart boundaries of one upload request.
REQUEST_OVERHEAD = 64 * 1024


def request_too_large(request) -> bool:
    """Whether an upload request as a whole is over the limit (``JEJARING_MAX_UPLOAD_MB``).

    The limit holds per request, not per file: two files of 45 MB under a 50 MB limit are
    refused. The declared length is checked before the body is read, so nothing is stored;
    the files' sizes are checked too, for a request that declares no length."""
    limit = max_upload_bytes()
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit + REQUEST_OVERHEAD:
        return True
    return sum(f.size for f in request.FILES.getlist("files")) > limit


def _store(job: ImportJob, files: list[S.InputFile]) -> None:
    folder = _folder(job.pk)
    folder.mkdir(parents=True, exist_ok=True)
    stored = []
    for i, f in enumerate(files):
        name = f"{i}-{get_valid_filename(Path(f.name).name) or 'file'}"
        (folder / name).write_bytes(f.data)
        stored.append({"name": Path(f.name).name, "path": f"imports/{job.pk}/{name}"})
    job.files = stored


def load_files(job: ImportJob) -> list[S.InputFile]:
    root = Path(settings.MEDIA_ROOT)
    out = []
    for f in job.files:
        path = root / f["path"]
        if path.is_file():
            out.append(S.InputFile(f["name"], path.read_bytes()))
    return out


def discard_files(job: ImportJob) -> None:
    shutil.rmtree(_folder(job.pk), ignore_errors=True)


def clean_old() -> None:
    """Remove the files of jobs older than a day (they were never confirmed)."""
    cutoff = timezone.now() - KEEP
    for job in ImportJob.objects.filter(created_at__lt=cutoff).exclude(files=[]):
        discard_files(job)
        ImportJob.objects.filter(pk=job.pk).update(files=[])


def _record(job: ImportJob, problems: Problems, summary: dict | None) -> None:
    job.problems = problems.as_list()
    job.problem_count = problems.total
    if summary is not None:
        job.summary = summary


def check_upload(village: Village, files: list[S.InputFile], user, token: str = "") -> ImportJob:
    """Store ``files`` and check them (nothing is imported yet)."""
    clean_old()
    job = ImportJob(village=village, created_by=user, kind="", state=ImportJob.State.CHECKED)
    job.id = uuid.uuid4()
    _store(job, files)
    progress = P.Throttled(P.CacheProgress(village.pk, token)) if token else P.silent
    try:
        job.kind = S.detect_kind(files)
        result = S.import_files(village, files, user=user, dry_run=True, progress=progress)
        _record(job, result.problems, result.summary)
    except ImportRejected as exc:
        job.state = ImportJob.State.REJECTED
        _record(job, exc.problems, None)
    job.save()
    return job


def confirm(job: ImportJob, user, token: str = "") -> ImportJob:
    """Import the job's files for real; on new problems the job goes back to *rejected*."""
    progress = P.Throttled(P.CacheProgress(job.village_id, token)) if token else P.silent
    files = load_files(job)
    if not files:
        problems = Problems()
        problems.add(gettext_noop("the uploaded file is no longer there: upload it again"))
        job.state = ImportJob.State.REJECTED
        _record(job, problems, None)
        job.save()
        return job
    try:
        result = S.import_files(job.village, files, user=user, progress=progress)
    except ImportRejected as exc:
        job.state = ImportJob.State.REJECTED
        _record(job, exc.problems, None)
        job.save()
        return job
    job.state = ImportJob.State.IMPORTED
    _record(job, result.problems, result.summary)
    job.finished_at = timezone.now()
    discard_files(job)
    job.files = [{"name": f["name"], "path": ""} for f in job.files]
    job.save()
    return job


def problems_of(job: ImportJob) -> list[Problem]:
    return [Problem.from_dict(p) for p in job.problems]
