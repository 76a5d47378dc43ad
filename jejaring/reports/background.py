"""The village report's and the supervisor's PDF as background jobs on a district server.

A report of a large village takes seconds to draw (the map, every section), and so does the
supervisor's table of a kabupaten's hundreds of villages; on a server that work goes to the
workers, the page that asked follows the job, and the file waits in the data folder (shared
with the workers) for a day. Without a broker (a laptop) the PDF is drawn in the request, as
before: nothing to wait for.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from django.conf import settings
from django.utils import translation

from jejaring.jobs import runner
from jejaring.jobs.models import Job

KIND = "reports.pdf"
SUPERVISOR_KIND = "reports.supervisor_pdf"
SUPERVISOR_FILENAME = "jejaring-supervisor.pdf"
KEEP = dt.timedelta(days=1)


def folder() -> Path:
    return Path(settings.MEDIA_ROOT) / "reports"


def filename(slug: str, pseudonymize: bool) -> str:
    return f"jejaring-{slug}{'-pseudonim' if pseudonymize else ''}.pdf"


def clean_old() -> None:
    """Remove the PDFs made more than a day ago (they were downloaded or forgotten)."""
    cutoff = time.time() - KEEP.total_seconds()
    for path in folder().glob("*.pdf"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


@runner.task(KIND)
def make_pdf(job: Job, progress, pseudonymize: bool = False, language: str = "id") -> dict:
    """Draw the report of the job's village into the data folder."""
    from jejaring.reports import pdf, queries
    from jejaring.villages.models import Village

    village = Village.objects.get(pk=job.village_id)
    with translation.override(language):
        progress(1, 3)
        data = queries.report(village, pseudonymize=pseudonymize)
        progress(2, 3)
        body = pdf.village_report(data, language=language)
    folder().mkdir(parents=True, exist_ok=True)
    clean_old()
    (folder() / f"{job.pk}.pdf").write_bytes(body)
    return {"file": f"reports/{job.pk}.pdf", "filename": filename(village.slug, pseudonymize)}


@runner.task(SUPERVISOR_KIND)
def make_supervisor_pdf(job: Job, progress, language: str = "id") -> dict:
    """Draw the supervisor's report of every village the job's user is a member of *now*
    (a membership ended meanwhile is not in it)."""
    from jejaring.reports import pdf, queries

    with translation.override(language):
        progress(1, 3)
        rows = queries.supervisor_rows(job.user)
        progress(2, 3)
        body = pdf.supervisor_report(rows, user=job.user.get_username(), language=language)
    folder().mkdir(parents=True, exist_ok=True)
    clean_old()
    (folder() / f"{job.pk}.pdf").write_bytes(body)
    return {"file": f"reports/{job.pk}.pdf", "filename": SUPERVISOR_FILENAME}
