from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "chuyende.consultations"
    label = "consultations"
    verbose_name = "Lấy ý kiến dự thảo"
