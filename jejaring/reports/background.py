"""The village report's PDF as a background job on a district server.

A report of a large village takes seconds to draw (the map, every section); on a server that
work goes to the workers, the page that asked follows the job, and the file waits in the data
folder (shared with the workers) for a day. Without a broker (a laptop) the PDF is drawn in
the request, as before: nothing to wait for.
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
