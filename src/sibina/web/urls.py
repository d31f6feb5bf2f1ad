from django.urls import path

from sibina.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("pegawai/", views.pegawai_list, name="pegawai_list"),
    path("pegawai/<str:nip>/", views.pegawai_detail, name="pegawai_detail"),
    path("unit/", views.unit_tree, name="unit_tree"),
    path("impor/", views.batch_list, name="batch_list"),
    path("impor/unggah/", views.import_upload, name="import_upload"),
    path("impor/<int:batch_id>/", views.batch_detail, name="batch_detail"),
    path("impor/<int:batch_id>/status/", views.batch_status, name="batch_status"),
    path("impor/<int:batch_id>/galat.csv", views.batch_errors_csv, name="batch_errors_csv"),
]
