"""Helpers shared by the bench/bench_*.py modules: machine description, timing, result files.

A benchmark measures its metrics, builds its result with `result(name, metrics, **extra)` and
hands it to `save`, which writes bench/results/<name>.json — `name`, `date` (UTC, ISO seconds),
`machine` and `metrics` (a flat map of numbers, the unit in the key) — and prints each metric.
"""

import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def cpu_model() -> str:
    """The CPU model named in /proc/cpuinfo, or "unknown" where there is none."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def load_average() -> float:
    """The 1-minute load average, rounded to 2 digits (recorded at a benchmark's start)."""
    return round(os.getloadavg()[0], 2)


def machine(**extra: object) -> dict[str, object]:
    """{"cpu", "cores", "python"} followed by `extra` in order (e.g. database="sqlite", clients=64)."""
    return {"cpu": cpu_model(), "cores": os.cpu_count(), "python": platform.python_version(), **extra}


def timings_ms(action: Callable[[], object], runs: int, warmup: int = 1) -> list[float]:
    """Calls `action` `warmup` times untimed, then `runs` times; returns each run's duration in ms."""
    for _ in range(warmup):
        action()
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: the value at `fraction` (0–1) of the way through the sorted values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def median_ms(action: Callable[[], object], runs: int, warmup: int = 1) -> float:
    """The median duration of `action` in ms over `runs` runs after `warmup` untimed calls."""
    return statistics.median(timings_ms(action, runs, warmup))


def result(name: str, metrics: dict[str, object], **machine_extra: object) -> dict[str, object]:
    """The result file's content: {"name", "date", "machine", "metrics"}; the date is now, in UTC."""
    return {
        "name": name,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(**machine_extra),
        "metrics": metrics,
    }


def save(result: dict[str, object]) -> Path:
    """Writes bench/results/<name>.json, prints each metric as `key: value`; returns the path."""
    path = RESULTS_DIR / f"{result['name']}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for key, value in result["metrics"].items():  # type: ignore[union-attr]
        print(f"{key}: {value}")
    return path


def generate_province(committees: int, cells_per_committee: int, members_per_cell: int) -> list:
    """Bulk-creates a province (pk 1) with `committees` grassroots committees, `cells_per_committee`
    cells under each and `members_per_cell` members in each cell; returns the cells.

    Needs Django set up (the models are imported here); writes with bulk_create, no domain rules.
    """
    from chuyende.orgs.models import Member, Organization
    from chuyende.orgs.models.organization import path_segment

    def org(pk, parent, kind, depth, path):
        return Organization(
            pk=pk, parent_id=parent, path=path, depth=depth, kind=kind, name=f"Tổ chức {pk}",
            header_name=f"ĐẢNG UỶ {pk}", body_code="ĐU", place_name="Nha Trang",
        )  # fmt: skip

    root_path = path_segment(1)
    organizations = [org(1, None, "committee", 0, root_path)]
    cells = []
    next_id = 2
    for _ in range(committees):
        committee_id, committee_path = next_id, root_path + path_segment(next_id)
        organizations.append(org(committee_id, 1, "committee", 1, committee_path))
        next_id += 1
        for _ in range(cells_per_committee):
            cell = org(next_id, committee_id, "cell", 2, committee_path + path_segment(next_id))
            organizations.append(cell)
            cells.append(cell)
            next_id += 1
    Organization.objects.bulk_create(organizations, batch_size=2000)
    Member.objects.bulk_create(
        (
            Member(cell_id=cell.pk, full_name=f"Đảng viên {cell.pk}-{i}", sort_key=f"{cell.pk:09d}{i:03d}")
            for cell in cells
            for i in range(members_per_cell)
        ),
        batch_size=5000,
    )
    return cells


def setup_django(database_path: str) -> None:
    """Points Django at a fresh SQLite file and migrates it; call before importing any model."""
    os.environ["DATABASE_URL"] = f"sqlite:///{database_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuyende.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
