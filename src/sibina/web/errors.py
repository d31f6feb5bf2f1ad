"""The app's own 400 and 404 pages (``handler400`` / ``handler404`` of the root URL conf).

A 404 never shows the exception's message: a record that does not exist and one outside the reader's scope
must give the same answer, or the difference tells that the record exists. A 400 shows the message only when
it is one of ours (``params.BadParameter``, naming the parameter); Django's own 400s (a disallowed host, too
many fields) may carry request details, so they get the generic text."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token

from sibina.web.params import BadParameter


@requires_csrf_token  # the page's language and logout forms need a token even when no view ran
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = exception.message if isinstance(exception, BadParameter) else ""
    return render(request, "400.html", {"message": message}, status=400)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)
