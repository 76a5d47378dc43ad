"""Uploads in the web app: stored between the preview and the confirmation.

The upload is checked at once (a dry run: the preview lists what will happen and every
problem) — in the request for small files, in a background thread for large ones, so the
request answers at once and the job's page follows the check's progress; the files wait in the data folder until the user confirms, when the import runs
again for real in one transaction (the village may have changed in between). Files of jobs
older than a day are removed at the next upload.
"""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
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


#: Uploads larger than this are checked in the background, not inside the request.
INLINE_CHECK_BYTES = 1024 * 1024
#: A check still "running" after this long was interrupted (the server restarted).
STALE_CHECK = dt.timedelta(minutes=30)

_checker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jejaring-check")
_pending: list[Future] = []


def check_upload(village: Village, files: list[S.InputFile], user, token: str = "") -> ImportJob:
    """Store ``files`` and check them (nothing is imported yet): at once for small files, in
    the background (the job is *checking* until done) for large ones."""
    clean_old()
    job = ImportJob(village=village, created_by=user, kind="", state=ImportJob.State.CHECKING)
    job.id = uuid.uuid4()
    _store(job, files)
    job.kind = S.detect_kind(files)
    if sum(len(f.data) for f in files) <= INLINE_CHECK_BYTES:
        _check(job, files, user, token)
        job.save()
        return job
    job.summary = {"token": token} if token else {}
    job.save()
    user_id = user.pk if user is not None and user.is_authenticated else None
    transaction.on_commit(
        lambda: _pending.append(_checker.submit(_check_in_background, job.pk, user_id, token))
    )
    return job


def _check(job: ImportJob, files: list[S.InputFile], user, token: str) -> None:
    progress = P.Throttled(P.CacheProgress(job.village_id, token)) if token else P.silent
    try:
        result = S.import_files(job.village, files, user=user, dry_run=True, progress=progress)
        job.state = ImportJob.State.CHECKED
        _record(job, result.problems, result.summary)
    except ImportRejected as exc:
        job.state = ImportJob.State.REJECTED
        _record(job, exc.problems, None)


def _check_in_background(job_id, user_id, token: str) -> None:
    """The check of a large upload, on the checker thread; any failure is the job's problem,
    never a job left *checking*."""
    from django.contrib.auth import get_user_model
    from django.db import close_old_connections, connection

    close_old_connections()
    try:
        job = ImportJob.objects.select_related("village").get(pk=job_id)
        user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
        try:
            _check(job, load_files(job), user, token)
        except Exception as exc:  # reported on the job's page
            problems = Problems()
            problems.add(
                gettext_noop("the check stopped (%(reason)s): upload the file again"),
                reason=str(exc)[:160] or type(exc).__name__,
            )
            job.state = ImportJob.State.REJECTED
            _record(job, problems, None)
        job.save()
    finally:
        connection.close()


def wait_for_checks(timeout: float = 60) -> None:
    """Wait for the background checks started so far (tests; a clean shutdown)."""
    while _pending:
        _pending.pop().result(timeout=timeout)


def check_progress(job: ImportJob) -> dict | None:
    """How far the background check of ``job`` is, while it runs."""
    token = (job.summary or {}).get("token")
    if job.state != ImportJob.State.CHECKING or not token:
        return None
    return P.read_progress(job.village_id, token)


def expire_if_stale(job: ImportJob) -> ImportJob:
    """A job *checking* for longer than :data:`STALE_CHECK` was interrupted: say so."""
    if job.state == ImportJob.State.CHECKING and timezone.now() - job.created_at > STALE_CHECK:
        problems = Problems()
        problems.add(gettext_noop("the check was interrupted: upload the file again"))
        job.state = ImportJob.State.REJECTED
        _record(job, problems, None)
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
