"""The registry of home-page panels: web asks each lifecycle step for its panel here.

Apps do not import web (import-linter holds this); a step that wants a home panel gets a provider
in `web/panels_<step>.py`, listed below. Order on the page comes from each panel's `order`.
"""

from .home import Panel, PanelProvider, my_roles_panel, oversight_panel
from .panels_commitments import my_commitments_panel
from .panels_consultations import consultations_panel
from .panels_documents import study_panel
from .panels_meetings import upcoming_meetings_panel
from .panels_tasks import next_tasks_panel

PANEL_PROVIDERS: tuple[PanelProvider, ...] = (
    next_tasks_panel,
    my_roles_panel,
    oversight_panel,
    study_panel,
    upcoming_meetings_panel,
    consultations_panel,
    my_commitments_panel,
)


def panels_for(request) -> list[Panel]:
    panels = [panel for provider in PANEL_PROVIDERS if (panel := provider(request)) is not None]
    return sorted(panels, key=lambda p: p.order)
