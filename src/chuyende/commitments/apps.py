from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "chuyende.commitments"
    label = "commitments"
    verbose_name = "Cam kết khắc phục"

    def ready(self):
        # Imported in ready(): the app registry must be loaded before domain modules are.
        from chuyende.orgs.domain.members import MEMBER_MOVED_HANDLERS
        from chuyende.orgs.domain.organizations import ORGANIZATION_MOVE_GUARDS

        from .domain.moves import follow_member_move, refuse_subtree_move

        # A member's commitments carry their cell's path (roll-up without joins); orgs cannot
        # call us, so we hook into its explicit handler list rather than a signal.
        if follow_member_move not in MEMBER_MOVED_HANDLERS:
            MEMBER_MOVED_HANDLERS.append(follow_member_move)
        if refuse_subtree_move not in ORGANIZATION_MOVE_GUARDS:
            ORGANIZATION_MOVE_GUARDS.append(refuse_subtree_move)
