from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "chuyende.archive"
    label = "archive"
    verbose_name = "Lưu trữ"

    def ready(self) -> None:
        from .domain import live_index

        live_index.connect()
