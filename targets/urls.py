from django.urls import path

from . import views

app_name = "targets"

urlpatterns = [
    path("ke-hoach/<int:pk>/lo-trinh/", views.roadmap_edit, name="roadmap_edit"),
    path("ke-hoach/<int:pk>/phan-bo/them/", views.allocation_edit, name="allocation_create"),
    path("ke-hoach/<int:pk>/phan-bo/<int:set_pk>/", views.allocation_edit, name="allocation_edit"),
    path(
        "ke-hoach/<int:pk>/phan-bo/<int:set_pk>/xoa/",
        views.allocation_delete,
        name="allocation_delete",
    ),
    path("chi-tieu/", views.metric_list, name="metric_list"),
    path("chi-tieu/them/", views.metric_create, name="metric_create"),
    path("chi-tieu/<int:pk>/sua/", views.metric_update, name="metric_update"),
]
