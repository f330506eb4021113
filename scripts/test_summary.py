"""Sums pytest's JUnit XML reports into one line per database and a total."""

import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def counts(path: Path) -> tuple[int, int, int]:
    root = ET.parse(path).getroot()  # noqa: S314
    suites = [root] if root.tag == "testsuite" else list(root)
    tests = sum(int(s.get("tests", 0)) for s in suites)
    failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
    skipped = sum(int(s.get("skipped", 0)) for s in suites)
    return tests - failed - skipped, failed, skipped


def main(paths: list[str]) -> None:
    total = [0, 0, 0]
    print("\n=== Summary ===")
    for name in paths:
        path = Path(name)
        database = path.stem.removeprefix("test-")
        if not path.exists():
            print(f"{database}: not run")
            continue
        passed, failed, skipped = counts(path)
        print(f"{database}: {passed} passed, {failed} failed, {skipped} skipped")
        total = [total[0] + passed, total[1] + failed, total[2] + skipped]
    print(f"total: {total[0]} passed, {total[1]} failed, {total[2]} skipped")


if __name__ == "__main__":
    main(sys.argv[1:])
