"""Rewrites the "Latest results" table of bench/README.md from bench/results/*.json."""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "bench" / "README.md"
MARK = "## Latest results"


def main() -> None:
    rows = []
    for path in sorted((ROOT / "bench" / "results").glob("*.json")):
        result = json.loads(path.read_text(encoding="utf-8"))
        metrics = ", ".join(
            f"`{k}` {v:g}" if isinstance(v, float) else f"`{k}` {v}" for k, v in result["metrics"].items()
        )
        rows.append(f"| {result['name']} | {result['date'][:16].replace('T', ' ')} | {metrics} |")
    head = README.read_text(encoding="utf-8").split(MARK)[0]
    table = "\n".join(["| benchmark | run (UTC) | metrics |", "|---|---|---|", *rows])
    README.write_text(f"{head}{MARK}\n\n{table}\n", encoding="utf-8")


if __name__ == "__main__":
    main()
