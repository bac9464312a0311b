from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "chuyende.commitments"
    label = "commitments"
    verbose_name = "Cam kết khắc phục"

    def ready(self):
        from chuyende.web import panels_commitments  # noqa: F401  (registers the home panel)
