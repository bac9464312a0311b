from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "chuyende.commitments"
    label = "commitments"
    verbose_name = "Cam kết khắc phục"
