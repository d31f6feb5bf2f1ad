from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("sibina.web.urls")),
]

# The app's own error pages (debug off): a 400 names the bad parameter; a 404 never tells why; a 403 says what
# the role may not do; a 500 is a static page that needs nothing that may have failed.
handler400 = "sibina.web.errors.bad_request"
handler403 = "sibina.web.errors.permission_denied"
handler404 = "sibina.web.errors.page_not_found"
handler500 = "sibina.web.errors.server_error"
