"""Celery application. Without CELERY_BROKER_URL tasks run inline (settings.CELERY_TASK_ALWAYS_EAGER)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sibina.config.settings")
app = Celery("sibina")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
