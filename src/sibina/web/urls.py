from django.urls import path

from sibina.web import needs_views, plan_views, views

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
    path("katalog/", plan_views.catalogue_list, name="catalogue_list"),
    path("katalog/katalog.xlsx", plan_views.catalogue_export, name="catalogue_export"),
    path("katalog/<int:kegiatan_id>/", plan_views.catalogue_detail, name="catalogue_detail"),
    path("rencana/", plan_views.plan_cycle, name="plan_cycle_current"),
    path("rencana/<int:tahun>/", plan_views.plan_cycle, name="plan_cycle"),
    path("rencana/<int:tahun>/optimasi/", plan_views.plan_optimise, name="plan_optimise"),
    path("rencana/<int:tahun>/bandingkan/", plan_views.plan_compare, name="plan_compare"),
    path("rencana/proses/<int:run_id>/", plan_views.plan_run, name="plan_run"),
    path("rencana/proses/<int:run_id>/status/", plan_views.plan_run_status, name="plan_run_status"),
    path("rencana/plan/<int:plan_id>/", plan_views.plan_detail, name="plan_detail"),
    path("rencana/plan/<int:plan_id>/opd/<int:unit_id>/", plan_views.plan_opd, name="plan_opd"),
    path(
        "rencana/plan/<int:plan_id>/kegiatan/<int:kegiatan_id>/",
        plan_views.plan_kegiatan,
        name="plan_kegiatan",
    ),
    path("rencana/pegawai/<str:nip>/", plan_views.plan_pegawai, name="plan_pegawai"),
]
