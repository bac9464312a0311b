from django.contrib.auth.mixins import LoginRequiredMixin
from django.template.loader import render_to_string
from django.views.generic import TemplateView

from chuyende.web.panel_registry import panels_for


class HomeView(LoginRequiredMixin, TemplateView):
    """The first page after login: what this user has to read, do and watch."""

    template_name = "web/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["panels"] = [
            {"title": panel.title, "html": render_to_string(panel.template, panel.context, self.request)}
            for panel in panels_for(self.request)
        ]
        return context
