from django.urls import path

from jejaring.interchange import views

app_name = "interchange"
urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.upload, name="upload"),
    path("import/<uuid:job>/", views.job_detail, name="job"),
    path("import/<uuid:job>/confirm/", views.job_confirm, name="confirm"),
    path("progress/", views.progress, name="progress"),
    path("template/", views.template, name="template"),
    path("export/", views.export, name="export"),
    path("field-form/", views.field_form, name="field_form"),
    path("reviews/", views.reviews, name="reviews"),
    path("examples/", views.example_list, name="examples"),
]
