import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yhteispolku.settings")
application = get_wsgi_application()

# A database restored without its keys must not be served: stop here with the reason (docs/operations.md).
from yhteispolku.clients.keys import check_keys_at_startup  # noqa: E402

check_keys_at_startup()
