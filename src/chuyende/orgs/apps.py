from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "chuyende.orgs"
    label = "orgs"
    verbose_name = "Tổ chức và đảng viên"

    def ready(self):
        # Imported in ready(): the app registry must be loaded before domain modules are.
        from chuyende.common import outbox

        from .access import outbox_organizations_for
        from .domain.organizations import audit_partition
        from .rules import can_manage_outbox

        # common imports no app: orgs tells the outbox who reviews an organization's messages.
        outbox.configure(
            outbox.OutboxPolicy(
                may_manage=can_manage_outbox,
                managed_organizations=outbox_organizations_for,
                partition=audit_partition,
            )
        )
