"""The app's own error pages (``handler400`` / ``handler403`` / ``handler404`` / ``handler500`` of the root URL
conf), so no visitor ever meets Django's technical pages or a bare "Server Error".

A 404 never shows the exception's message: a record that does not exist and one outside the reader's scope
must give the same answer, or the difference tells that the record exists. A 400 shows the message only when
it is one of ours (``params.BadParameter``, naming the parameter); Django's own 400s (a disallowed host, too
many fields) may carry request details, so they get the generic text. A 403 shows the message of ``access.deny`` (ours, saying what the role may not
do). A 500 renders ``500.html`` alone, with no context processors, no database and no translations: whatever
broke the request must not break its error page too."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from sibina.web.params import BadParameter


@requires_csrf_token  # the page's language and logout forms need a token even when no view ran
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = exception.message if isinstance(exception, BadParameter) else ""
    return render(request, "400.html", {"message": message}, status=400)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if isinstance(exception, PermissionDenied) and exception.args else ""
    return render(request, "403.html", {"exception": message}, status=403)


# Used only if even the static template cannot be loaded (a broken deployment): plain text in both languages.
LAST_RESORT = "<!DOCTYPE html><title>SiBina</title><h1>Terjadi kesalahan / Something went wrong</h1>"


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        body = loader.get_template("500.html").render()
    except Exception:  # the error page must answer whatever went wrong
        body = LAST_RESORT
    return HttpResponseServerError(body)
