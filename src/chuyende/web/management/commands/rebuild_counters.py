"""`chuyende rebuild_counters`: recomputes the pre-aggregated roll-up counters from their source
rows (after restoring data that bypassed the application). Each is set-based SQL in a transaction."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from chuyende.commitments.domain.counters import rebuild as rebuild_commitment_counters
from chuyende.documents.domain.dissemination import rebuild_counters as rebuild_acknowledgement_counters
from chuyende.meetings.domain.grading import rebuild_grade_counters


class Command(BaseCommand):
    help = "Tính lại các bộ đếm tổng hợp (nghiên cứu văn bản, xếp loại năm; cam kết nếu có --commitments)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--commitments", action="store_true", help="also the commitment counters (slow at national size)"
        )

    def handle(self, *args, commitments=False, **options):
        rebuild_acknowledgement_counters()
        rebuild_grade_counters()
        if commitments:
            rebuild_commitment_counters()
        self.stdout.write(_("Đã tính lại các bộ đếm tổng hợp."))
