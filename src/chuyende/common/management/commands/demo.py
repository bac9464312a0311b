from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from chuyende.orgs.models import Organization

# Each lifecycle step adds its part of the story; a step receives what the earlier ones built.
DEMO_STEPS = [
    "chuyende.orgs.demo",
    "chuyende.documents.demo",
    "chuyende.meetings.demo",
    "chuyende.papers.demo",
    "chuyende.commitments.demo",
    "chuyende.consultations.demo",
    "chuyende.archive.demo",  # last: binds and indexes what the other steps produced
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
        for dotted in DEMO_STEPS:
            with transaction.atomic():
                story = import_module(dotted).build(story) or story
            self.stdout.write(f"demo: {dotted} ✓")
        self.stdout.write(self.style.SUCCESS("Demo ready."))
