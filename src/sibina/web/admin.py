"""The admin site's titles (the models register themselves in each package's admin.py)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("SiBina administration")
admin.site.site_title = _("SiBina admin")
admin.site.index_title = _("Data and reference tables")
