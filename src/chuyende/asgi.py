# Present for tooling only: chuyende is served under WSGI (see docs/operator.md).
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuyende.settings")
application = get_asgi_application()
