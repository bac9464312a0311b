from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "chuyende.documents"
    label = "documents"
    verbose_name = "Văn bản"
