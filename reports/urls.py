from django.urls import path

from . import period_views, views

app_name = "reports"

urlpatterns = [
    path("", views.report_home, name="home"),
    path("hop-thu/", views.report_inbox, name="inbox"),
    path("hop-thu/duyet/", views.report_accept_many, name="accept_many"),
    path("gia-han/", views.extension_create, name="extension_create"),
    path("don-vi/<int:unit_pk>/<int:year>/<int:month>/", views.report_edit, name="edit"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/tep/", views.attachment_upload, name="attachment_upload"),
    path("<int:pk>/bao-cao.pdf", views.report_pdf, name="pdf"),
    path("<int:pk>/bao-cao.docx", views.report_docx, name="docx"),
    path("<int:pk>/<slug:action>/", views.report_action, name="action"),
    path("tai-ve/", views.export_list, name="export_list"),
    path("tai-ve/<uuid:pk>/", views.export_detail, name="export_detail"),
    path("tai-ve/<uuid:pk>/tep", views.export_download, name="export_download"),
    path("tep/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("ket-qua-ky/", period_views.period_list, name="period_list"),
    path("ket-qua-ky/them/", period_views.period_create, name="period_create"),
    path("ket-qua-ky/<int:pk>/", period_views.period_detail, name="period_detail"),
    path("ket-qua-ky/<int:pk>/ban-hanh/", period_views.period_issue, name="period_issue"),
    path("ket-qua-ky/<int:pk>/bao-cao.pdf", period_views.period_pdf, name="period_pdf"),
    path("ket-qua-ky/<int:pk>/bao-cao.docx", period_views.period_docx, name="period_docx"),
]
