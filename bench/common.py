"""What every benchmark needs: a throwaway database, timing loops, percentiles, the machine
description and the result file. New benchmarks use these; see bench/README.md."""

import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def setup_django(database_path: str) -> None:
    """Points Django at a fresh SQLite file and migrates it (call before importing models)."""
    os.environ["DATABASE_URL"] = f"sqlite:///{database_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuyende.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def machine(**extra: object) -> dict[str, object]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(), **extra}


def timings_ms(action: Callable[[], object], runs: int, warmup: int = 1) -> list[float]:
    for _ in range(warmup):
        action()
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def median(values: list[float]) -> float:
    return statistics.median(values)


def result(name: str, metrics: dict[str, float | int], **machine_extra: object) -> dict[str, object]:
    return {
        "name": name,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(load_average_at_start=round(os.getloadavg()[0], 2), **machine_extra),
        "metrics": metrics,
    }


def save(outcome: dict[str, object]) -> Path:
    """Writes bench/results/<name>.json and prints each metric."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{outcome['name']}.json"
    path.write_text(json.dumps(outcome, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for key, value in outcome["metrics"].items():  # type: ignore[union-attr]
        print(f"{key}: {value}")
    return path
