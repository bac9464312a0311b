from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "chuyende.meetings"
    label = "meetings"
    verbose_name = "Sinh hoạt chi bộ"

    def ready(self):
        from chuyende.web import panels_meetings  # noqa: F401  (registers the home panel)
