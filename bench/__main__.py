"""`make bench`: every benchmark, figures printed; no timing is asserted anywhere."""

from __future__ import annotations

import sys

from bench import http_bench, knowledge_bench, records_bench


def main() -> int:
    knowledge_bench.main()
    print()
    http_bench.main()
    print()
    return records_bench.main()


if __name__ == "__main__":
    sys.exit(main())
