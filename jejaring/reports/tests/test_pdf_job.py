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


def test_on_a_server_the_supervisors_pdf_is_a_job_for_its_maker_only(
    demo_village,
    personas,
    reader_client,
    member_client,
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
        response = reader_client.get(reverse("supervisor:pdf"), HTTP_ACCEPT_LANGUAGE="id")
    (job,) = Job.objects.filter(kind="reports.supervisor_pdf")
    assert job.user == personas.reader and job.village is None
    assert response.status_code == 302
    assert response["Location"] == reverse("supervisor:job", kwargs={"work": job.pk})
    page = reader_client.get(response["Location"]).content.decode()
    assert 'id="download"' not in page and 'http-equiv="refresh"' in page

    runner.run(held.pop())  # what a worker does
    page = reader_client.get(response["Location"]).content.decode()
    assert 'id="download"' in page and "jejaring-supervisor.pdf" in page
    url = reverse("supervisor:download", kwargs={"work": job.pk})
    got = reader_client.get(url)
    assert got.status_code == 200
    body = b"".join(got.streaming_content)
    assert body.startswith(b"%PDF")
    # Another member of the same village does not get this user's file.
    assert member_client.get(url).status_code == 404
    assert member_client.get(response["Location"]).status_code == 404


def test_on_a_laptop_the_supervisors_pdf_comes_at_once(demo_village, personas, reader_client):
    response = reader_client.get(reverse("supervisor:pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
