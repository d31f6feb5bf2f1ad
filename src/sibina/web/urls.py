from django.urls import path

from sibina.web import needs_views, views

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
    path("kebutuhan/", needs_views.needs_overview, name="needs_overview"),
    path("kebutuhan/unit/<int:unit_id>/", needs_views.needs_unit, name="needs_unit"),
    path("kebutuhan/analisis/", needs_views.needs_run, name="needs_run"),
    path("jp/", needs_views.jp_ledger, name="jp_ledger"),
    path("usulan/", needs_views.usulan_page, name="usulan"),
    path("usulan/atasan/", needs_views.usulan_inbox_atasan, name="usulan_atasan"),
    path("usulan/verifikasi/", needs_views.usulan_inbox_bkpsdm, name="usulan_bkpsdm"),
    path("usulan/<int:usulan_id>/atasan/", needs_views.usulan_decide_atasan, name="usulan_decide_atasan"),
    path("usulan/<int:usulan_id>/verifikasi/", needs_views.usulan_decide_bkpsdm, name="usulan_decide_bkpsdm"),
]
