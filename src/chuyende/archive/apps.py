from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "chuyende.archive"
    label = "archive"
    verbose_name = "Lưu trữ"
