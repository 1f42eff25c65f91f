from django.urls import path

from . import views

app_name = "organizations"

urlpatterns = [
    path("don-vi/", views.unit_list, name="unit_list"),
    path("don-vi/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("don-vi/<int:parent_pk>/them/", views.unit_create, name="unit_create"),
    path("don-vi/<int:pk>/sua/", views.unit_update, name="unit_update"),
    path("don-vi/<int:pk>/mang/", views.unit_departments, name="unit_departments"),
    path("co-so/", views.host_list, name="host_list"),
    path("co-so/them/", views.host_create, name="host_create"),
    path("co-so/<int:pk>/", views.host_detail, name="host_detail"),
    path("co-so/<int:pk>/sua/", views.host_update, name="host_update"),
    path("co-so/<int:pk>/xoa/", views.host_delete, name="host_delete"),
]
