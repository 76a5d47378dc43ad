"""A background job's page: its state and progress (followed from any web process), its
result or why it failed, and a retry button."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from jejaring.core.access import get_in_village, village_view
from jejaring.jobs import runner
from jejaring.jobs.models import Job
from jejaring.villages.models import Village


def _job(village: Village, work) -> Job:
    job = get_in_village(Job, village, param="work", pk=work)
    if job is None:
        raise Http404
    return job


@village_view()
def job(request: HttpRequest, village: Village, work) -> HttpResponse:
    runner.sweep()  # a job whose worker died is put back (or failed) before it is shown
    obj = _job(village, work)
    made = runner.result_file(obj)
    return render(
        request,
        "jobs/job.html",
        {
            "job": obj,
            "error": runner.error_text(obj),
            "kind": runner.kind_label(obj.kind),
            "download": (obj.result.get("filename") or made.name) if made else None,
        },
    )


@village_view()
def download(request: HttpRequest, village: Village, work) -> FileResponse:
    """The file a finished job made (a report's PDF), for the members of its village."""
    obj = _job(village, work)
    path = runner.result_file(obj)
    if path is None:
        raise Http404
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=obj.result.get("filename") or path.name
    )


@village_view(write=True)
@require_POST
def retry(request: HttpRequest, village: Village, work) -> HttpResponse:
    obj = _job(village, work)
    runner.retry(obj)
    # Back to the page the retry was asked from (an upload's page follows its own job).
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return redirect(back)
    return redirect("jobs:job", village=village.slug, work=obj.pk)
