from django.core.management.base import BaseCommand

from chuyende.consultations.anchoring import anchor_comments, verify_anchors
from chuyende.consultations.enums import ConsultationStatus
from chuyende.consultations.models import Consultation


class Command(BaseCommand):
    help = (
        "Niêm phong các ý kiến góp ý mới vào nhật ký (chạy định kỳ, ví dụ mỗi phút). "
        "Seals new comments into the audit log in batches; --verify checks every sealed batch."
    )

    def add_arguments(self, parser):
        parser.add_argument("--verify", action="store_true")

    def handle(self, *args, verify=False, **options):
        broken = 0
        for consultation in Consultation.objects.order_by("pk"):
            if consultation.status == ConsultationStatus.OPEN:
                anchors = anchor_comments(consultation)
                if anchors:
                    self.stdout.write(f"{consultation.pk}: {sum(a.count for a in anchors)} comments sealed")
            if verify:
                for anchor in verify_anchors(consultation):
                    broken += 1
                    self.stderr.write(
                        f"{consultation.pk}: comments {anchor.first_id}–{anchor.last_id} altered"
                    )
        if broken:
            raise SystemExit(1)
