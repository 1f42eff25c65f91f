from django.urls import path

from . import views

app_name = "results"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("ke-hoach/<int:plan_pk>/them/", views.request_create, name="create"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/sua/", views.request_update, name="update"),
    path("<int:pk>/ket-qua.xlsx", views.request_export, name="export"),
    path("<int:pk>/bao-cao.pdf", views.request_pdf, name="pdf"),
    path("<int:pk>/bao-cao.docx", views.request_docx, name="docx"),
    path("<int:pk>/tra-loi/", views.answer_edit, name="answer"),
    path("<int:pk>/don-vi/<int:unit_pk>/", views.unit_answer, name="unit_answer"),
    path("<int:pk>/don-vi/<int:unit_pk>/gia-han/", views.extension_grant, name="extension"),
    path("tra-loi/<int:answer_pk>/<slug:action>/", views.answer_review, name="review"),
    path("tep/<int:pk>/", views.answer_file, name="file"),
]

#: the calendar, at /lich/ (config/urls.py)
calendar_patterns = [
    path("", views.calendar_page, name="page"),
    path("dia-chi/", views.calendar_key, name="key"),
    path("<str:key>.ics", views.calendar_feed, name="feed"),
]
