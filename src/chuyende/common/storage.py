"""Where uploaded and generated files are kept: on disk, with no public URL.

Every file belongs to an object whose page checks who may see it, so a file is served only
through that object's view (see common/downloads.py). `url()` refuses, so a template that tries to
link a file directly fails in tests instead of producing a link that answers 404 to everyone (or,
behind a misconfigured web server, serves it to anyone).
"""

from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    def url(self, name):
        raise ValueError("Uploaded files have no public URL; link the view of the object they belong to.")
