"""`make bench`: runs every bench/bench_*.py module in its own process.

Each module measures its metrics together with a baseline taken in the same run, prints them and
writes bench/results/<name>.json; see bench/README.md for the latest numbers.
"""

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent


def main(selected: list[str]) -> int:
    modules = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if selected:
        modules = [m for m in modules if any(s in m for s in selected)]
    failed = []
    for module in modules:
        print(f"== {module}", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", f"bench.{module}"], cwd=HERE.parent)
        print(f"   ({time.perf_counter() - started:.1f} s)", flush=True)
        if result.returncode != 0:
            failed.append(module)
    if failed:
        print("FAILED: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
