from django.core.management.base import BaseCommand
from django.db import transaction

from chuyende.archive import demo as archive_demo
from chuyende.commitments import demo as commitments_demo
from chuyende.consultations import demo as consultations_demo
from chuyende.documents import demo as documents_demo
from chuyende.meetings import demo as meetings_demo
from chuyende.orgs import demo as orgs_demo
from chuyende.orgs.models import Organization
from chuyende.papers import demo as papers_demo

# Each lifecycle step adds its part of the story; a step receives what the earlier ones built.
# The command lives in web, the top layer, because it reaches every step (common imports no app).
DEMO_STEPS = [
    orgs_demo,
    documents_demo,
    meetings_demo,
    papers_demo,
    commitments_demo,
    consultations_demo,
    archive_demo,  # last: binds and indexes what the other steps produced
]


class Command(BaseCommand):
    help = "Nạp dữ liệu minh hoạ theo câu chuyện của Đảng bộ Văn phòng Đoàn ĐBQH và HĐND tỉnh (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="do nothing when organizations exist")

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Organization.objects.exists():
            self.stdout.write("Database already has data: demo not loaded.")
            return
        story: dict = {}
        for step in DEMO_STEPS:
            with transaction.atomic():
                story = step.build(story) or story
            self.stdout.write(f"demo: {step.__name__} ✓")
        self.stdout.write(self.style.SUCCESS("Demo ready."))
