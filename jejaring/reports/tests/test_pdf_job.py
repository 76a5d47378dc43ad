"""On a district server the village report's PDF is drawn by a worker (issue 13 #1); the job's
page hands it over to the village's members only."""

from __future__ import annotations

from django.urls import reverse


def test_on_a_server_the_pdf_is_a_job_whose_page_hands_over_the_file(
    demo_village,
    personas,
    reader_client,
    outsider_client,
    settings,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    from jejaring.jobs import runner
    from jejaring.jobs.models import Job

    settings.JEJARING_BROKER_URL = "redis://127.0.0.1:6379/15"
    held: list = []
    monkeypatch.setattr(runner, "dispatch", held.append)
    with django_capture_on_commit_callbacks(execute=True):
        response = reader_client.get(
            reverse("reports:report_pdf", kwargs={"village": demo_village.slug}),
            {"pseudonymize": "1"},
        )
    (job,) = Job.objects.filter(kind="reports.pdf", village=demo_village)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "jobs:job", kwargs={"village": demo_village.slug, "work": job.pk}
    )
    page = reader_client.get(response["Location"]).content.decode()
    assert 'id="download"' not in page and 'http-equiv="refresh"' in page

    runner.run(held.pop())  # what a worker does
    page = reader_client.get(response["Location"]).content.decode()
    assert 'id="download"' in page and "jejaring-tegalrejo-pseudonim.pdf" in page
    url = reverse("jobs:download", kwargs={"village": demo_village.slug, "work": job.pk})
    got = reader_client.get(url)
    assert got.status_code == 200
    assert b"".join(got.streaming_content).startswith(b"%PDF")
    assert "jejaring-tegalrejo-pseudonim.pdf" in got["Content-Disposition"]
    assert outsider_client.get(url).status_code == 404


def test_on_a_laptop_the_pdf_comes_at_once(demo_village, personas, reader_client):
    response = reader_client.get(
        reverse("reports:report_pdf", kwargs={"village": demo_village.slug})
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
