from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "chuyende.documents"
    label = "documents"
    verbose_name = "Văn bản"

    def ready(self):
        # Imported in ready(): the app registry must be loaded before domain modules are.
        from chuyende.orgs.domain.organizations import ORGANIZATION_MOVE_GUARDS

        from .domain.dissemination import refuse_subtree_move

        # Recipients carry their cell's path (acknowledgement roll-up without joins).
        if refuse_subtree_move not in ORGANIZATION_MOVE_GUARDS:
            ORGANIZATION_MOVE_GUARDS.append(refuse_subtree_move)
