from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "chuyende.web"
    label = "web"
    verbose_name = "Giao diện"

    def ready(self):
        # Django 6.1's empty choice of every select, "- Select an option -", has no Vietnamese in
        # Django's catalogue; this one goes through ours (Django documents replacing it here).
        from django.db.models import fields
        from django.utils.translation import gettext_lazy as _

        fields.BLANK_CHOICE_LABEL = _("— Chọn —")
