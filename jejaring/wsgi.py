"""WSGI entry point (served by waitress: ``jejaring serve``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jejaring.settings")
application = get_wsgi_application()
