"""Fill the configured database (DATABASE_URL) with synthetic benchmark data.

    python -m bench.generate --scale region      # 5,000 clients in Satakunta
    python -m bench.generate --scale national    # 150,000 clients in 45 employment areas

Idempotent: a second run of the same scale does nothing; another scale in the same database, or a
database with non-demo clients, is refused (exit status 2). Migrate the database first.
"""

from __future__ import annotations

import argparse
import json
import sys

from bench.environment import setup_django


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", choices=("region", "national"), default="region")
    parser.add_argument("--seed", type=int, default=2026)
    arguments = parser.parse_args(argv)
    setup_django()
    from bench.synthetic import SCALES, GenerationRefused, generate

    try:
        report = generate(SCALES[arguments.scale], seed=arguments.seed)
    except GenerationRefused as error:
        print(f"refused: {error}", file=sys.stderr)
        return 2
    if report is None:
        print(f"the {arguments.scale} benchmark data is already in this database; nothing to do")
        return 0
    print(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
