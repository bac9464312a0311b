from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "chuyende.web"
    label = "web"
    verbose_name = "Giao diện"
