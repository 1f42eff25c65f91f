from django.urls import path

from . import views

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
    path("<int:pk>/<slug:action>/", views.report_action, name="action"),
    path("tai-ve/", views.export_list, name="export_list"),
    path("tai-ve/<uuid:pk>/", views.export_detail, name="export_detail"),
    path("tai-ve/<uuid:pk>/tep", views.export_download, name="export_download"),
    path("tep/<int:pk>/", views.attachment_download, name="attachment_download"),
]
