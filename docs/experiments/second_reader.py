"""How often a second reader of a policy agrees with the writer of its question tables.

The month21-month26 tables' writers judged each question from the document alone; a second reader
was then given 130 of each policy's questions (drawn at random, seed 20261206) without the
writers' verdicts, the same verdict definitions and the same document, and judged them again.
Two readers "agree" where their accepted verdicts overlap (each may accept two). The gap between
this agreement and the engine's first-contact figure is what the engine, not the writers' noise,
leaves to win.

Run from the repository root: python docs/experiments/second_reader.py
"""

from __future__ import annotations

from pathlib import Path

import yaml

YES = {"allowed", "allowed_with_conditions"}
HERE = Path(__file__).parent / "second-reader"
TABLES = Path("knowledge/policies/questions")


def main() -> None:
    total = agree = exact = yes_no = 0
    for path in sorted(HERE.glob("*.yaml")):
        second = yaml.safe_load(path.read_text())
        policy = second["policy"]
        tables: dict[str, list[dict]] = {}
        n = a = e = yn = 0
        for answer in second["answers"]:
            split = answer["split"]
            if split not in tables:
                table = TABLES / f"{policy}.{split}.yaml"
                tables[split] = yaml.safe_load(table.read_text())["questions"]
            first = set(tables[split][answer["index"]]["verdicts"])
            again = set(answer["verdicts"])
            n += 1
            a += bool(first & again)
            e += first == again
            # one reader accepts a yes where the other accepts none
            yn += bool(first & YES) != bool(again & YES)
        print(f"{policy:16} {a}/{n} agree, {e} exactly, {yn} yes against not-yes")
        total, agree, exact, yes_no = total + n, agree + a, exact + e, yes_no + yn
    print(
        f"{'all':16} {agree}/{total} agree ({100 * agree / total:.1f}%), {exact} exactly, "
        f"{yes_no} yes against not-yes"
    )


if __name__ == "__main__":
    main()
