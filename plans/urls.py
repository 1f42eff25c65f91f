from django.urls import path

from reports import views as report_views

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("them/", views.plan_create, name="create"),
    path("nhap-tu-word/", views.plan_import, name="import"),
    path("<int:pk>/doc-tu-word/", views.plan_import_review, name="import_review"),
    path("<int:pk>/doc-tu-word/xoa/", views.plan_import_discard, name="import_discard"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/sua/", views.plan_update, name="update"),
    path("<int:pk>/ke-hoach.pdf", views.plan_pdf, name="pdf"),
    path("<int:pk>/ke-hoach.docx", views.plan_docx, name="docx"),
    path("<int:pk>/muc/<slug:section>/", views.plan_parts, name="parts"),
    path("<int:pk>/trang-thai/<slug:action>/", views.plan_transition, name="transition"),
    path("<int:pk>/tien-do/", report_views.plan_progress_page, name="progress"),
    path(
        "<int:pk>/tien-do/tai-ve.<slug:fmt>",
        report_views.plan_progress_export,
        name="progress_export",
    ),
]
