"""Uploads in the web app: stored between the preview and the confirmation.

The upload is checked at once (a dry run: the preview lists what will happen and every
problem); the files wait in the data folder until the user confirms, when the import runs
again for real in one transaction (the village may have changed in between). Files of jobs
older than a day are removed at the next upload.

Small files are checked and imported inside the request. Large ones are background jobs
(:mod:`jejaring.jobs`): on a district server a Celery worker on any machine does the work —
the data folder is shared, the job's state is in the database and its progress in the shared
cache — and the page that started it, served by any web process, follows it. A worker killed
mid-import leaves nothing behind (one transaction, which also marks the upload imported), and
the job is run again or failed, never left "importing".
"""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_noop

from jejaring.interchange import progress as P
from jejaring.interchange import services as S
from jejaring.interchange.models import ImportJob
from jejaring.interchange.problems import ImportRejected, Problem, Problems
from jejaring.jobs import runner
from jejaring.jobs.models import Job
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
    from jejaring.interchange.uploads import FLAG

    limit = max_upload_bytes()
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit + REQUEST_OVERHEAD:
        return True
    files = request.FILES.getlist("files")  # the upload handler stops reading past the limit
    return getattr(request, FLAG, False) or sum(f.size for f in files) > limit


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


#: Uploads larger than this are checked and imported in the background, not in the request.
INLINE_CHECK_BYTES = 1024 * 1024
#: A check still "running" after this long was interrupted (the server restarted).
STALE_CHECK = dt.timedelta(minutes=30)


def _size(job: ImportJob) -> int:
    root = Path(settings.MEDIA_ROOT)
    return sum((root / f["path"]).stat().st_size for f in job.files if (root / f["path"]).is_file())


def _hand_to_worker(job: ImportJob, kind: str, user, token: str) -> ImportJob:
    """Queue the check or the import of ``job`` (the job row keeps who asked)."""
    job.work = runner.submit(kind, village=job.village, user=user, upload=str(job.pk), token=token)
    job.save(update_fields=["work"])
    return job


def _progress(job: ImportJob, token: str):
    """Where the check or import reports how far it is: the cache entry the page polls."""
    return P.Throttled(P.CacheProgress(job.village_id, token)) if token else P.silent


def check_upload(village: Village, files: list[S.InputFile], user, token: str = "") -> ImportJob:
    """Store ``files`` and check them (nothing is imported yet): at once for small files, as a
    background job (the upload is *checking* until done) for large ones."""
    clean_old()
    job = ImportJob(village=village, created_by=user, kind="", state=ImportJob.State.CHECKING)
    job.id = uuid.uuid4()
    _store(job, files)
    job.kind = S.detect_kind(files)
    if sum(len(f.data) for f in files) <= INLINE_CHECK_BYTES:
        _check(job, files, user, token)
        job.save()
        return job
    job.save()
    return _hand_to_worker(job, "interchange.check", user, token)


def _check(job: ImportJob, files: list[S.InputFile], user, token: str) -> None:
    try:
        result = S.import_files(
            job.village, files, user=user, dry_run=True, progress=_progress(job, token)
        )
        job.state = ImportJob.State.CHECKED
        _record(job, result.problems, result.summary)
    except ImportRejected as exc:
        job.state = ImportJob.State.REJECTED
        _record(job, exc.problems, None)


@runner.task("interchange.check")
def check_in_background(work: Job, progress, upload: str, token: str = "") -> dict:
    """The check of a large upload, on a worker; any failure is the upload's problem, shown on
    its page — never an upload left *checking*."""
    job = ImportJob.objects.select_related("village").get(pk=upload)
    if job.state != ImportJob.State.CHECKING:
        return {"state": job.state}  # checked already (a job run twice)
    try:
        _check(job, load_files(job), work.user, token)
    except Exception as exc:  # reported on the upload's page
        problems = Problems()
        problems.add(
            gettext_noop("the check stopped (%(reason)s): upload the file again"),
            reason=str(exc)[:160] or type(exc).__name__,
        )
        job.state = ImportJob.State.REJECTED
        _record(job, problems, None)
    job.save()
    return {"state": job.state}


def in_background(job: ImportJob) -> bool:
    """Whether a worker is checking or importing the upload now."""
    return job.state in (ImportJob.State.CHECKING, ImportJob.State.IMPORTING)


def check_progress(job: ImportJob) -> dict | None:
    """How far the background check or import of ``job`` is, while it runs (read from the
    shared cache: the worker writes it there, on whichever machine it runs)."""
    if not in_background(job) or job.work is None:
        return None
    token = (job.work.payload or {}).get("token")
    return P.read_progress(job.village_id, token) if token else None


def work_failed(job: ImportJob) -> Job | None:
    """The failed background job of an upload still *checking* or *importing*, if it failed
    (its worker stopped for good, or an error): the page says why and offers to try again."""
    if not in_background(job) or job.work is None:
        return None
    runner.sweep()  # a job whose worker died is put back (or failed) before it is shown
    job.work.refresh_from_db()
    return job.work if job.work.state == Job.State.FAILED else None


def expire_if_stale(job: ImportJob) -> ImportJob:
    """A check started by an older version (no job row) and still *checking* after
    :data:`STALE_CHECK` was interrupted: say so."""
    if (
        job.state == ImportJob.State.CHECKING
        and job.work_id is None
        and timezone.now() - job.created_at > STALE_CHECK
    ):
        problems = Problems()
        problems.add(gettext_noop("the check was interrupted: upload the file again"))
        job.state = ImportJob.State.REJECTED
        _record(job, problems, None)
        job.save()
    return job


def _files_gone(job: ImportJob) -> ImportJob:
    problems = Problems()
    problems.add(gettext_noop("the uploaded file is no longer there: upload it again"))
    job.state = ImportJob.State.REJECTED
    _record(job, problems, None)
    job.save()
    return job


def confirm(job: ImportJob, user, token: str = "") -> ImportJob:
    """Import the job's files for real: in the request for small files, as a background job
    (the upload is *importing* until done) for large ones. On new problems the upload goes
    back to *rejected*."""
    size = _size(job)
    if size == 0:
        return _files_gone(job)
    if size <= INLINE_CHECK_BYTES:
        return _import(job, user, token)
    job.state = ImportJob.State.IMPORTING
    job.save(update_fields=["state", "updated_at"])
    return _hand_to_worker(job, "interchange.import", user, token)


def _import(job: ImportJob, user, token: str) -> ImportJob:
    """The import itself. The upload is marked imported in the import's own transaction, so a
    process killed in the middle leaves both the village and the upload as they were."""
    files = load_files(job)
    if not files:
        return _files_gone(job)
    try:
        with transaction.atomic():
            result = S.import_files(job.village, files, user=user, progress=_progress(job, token))
            job.state = ImportJob.State.IMPORTED
            _record(job, result.problems, result.summary)
            job.finished_at = timezone.now()
            job.files = [{"name": f["name"], "path": ""} for f in job.files]
            job.save()
    except ImportRejected as exc:
        job.refresh_from_db()
        job.state = ImportJob.State.REJECTED
        _record(job, exc.problems, None)
        job.save()
        return job
    discard_files(job)
    return job


@runner.task("interchange.import")
def import_in_background(work: Job, progress, upload: str, token: str = "") -> dict:
    """A confirmed import of a large upload, on a worker. Run again after a worker died, it
    finds the upload as it was (nothing was committed) and imports it once."""
    job = ImportJob.objects.select_related("village").get(pk=upload)
    if job.state != ImportJob.State.IMPORTING:
        return {"state": job.state}  # imported already
    job = _import(job, work.user, token)
    return {"state": job.state}


def problems_of(job: ImportJob) -> list[Problem]:
    return [Problem.from_dict(p) for p in job.problems]
