from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "chuyende.common"
    label = "common"
    verbose_name = "Dùng chung"
