from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "chuyende.api"
    label = "api"
    verbose_name = "API"
