import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuyende.settings")
application = get_wsgi_application()

# The comment submission of a consultation skips the rest of the stack (see api/fast_comments.py).
from chuyende.api.fast_comments import CommentFastPath  # noqa: E402 - needs Django set up

application = CommentFastPath(application)  # type: ignore[assignment]  # a WSGI callable around the handler
