from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "chuyende.meetings"
    label = "meetings"
    verbose_name = "Sinh hoạt chi bộ"
