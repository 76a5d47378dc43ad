"""Pages under ``/v/<village>/reports/``."""

from django.urls import path

from jejaring.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.recommendations, name="recommendations"),
    path("report/", views.report, name="report"),
    path("report.pdf", views.report_pdf, name="report_pdf"),
    path("levers/", views.levers, name="levers"),
    path("levers/hide/", views.lever_hide, name="lever_hide"),
    path("levers/json/", views.levers_json, name="levers_json"),
]
