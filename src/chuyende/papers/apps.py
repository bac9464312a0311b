from django.apps import AppConfig


class PapersConfig(AppConfig):
    name = "chuyende.papers"
    label = "papers"
    verbose_name = "Bài tham luận"
