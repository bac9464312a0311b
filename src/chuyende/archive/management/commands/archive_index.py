from django.core.management.base import BaseCommand

from chuyende.archive.domain import index_new_items, reindex_all


class Command(BaseCommand):
    help = "Cập nhật chỉ mục tìm kiếm lưu trữ. Indexes newly archived items (--all rebuilds the whole index)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="drop and rebuild the whole index")

    def handle(self, *args, all=False, **options):
        stored = reindex_all() if all else index_new_items()
        self.stdout.write(f"archive index: {stored} paragraphs stored")
