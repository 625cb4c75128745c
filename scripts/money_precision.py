"""Print, per corpus, how many money facts are not money (``extractor.money_audit``) and a sample of each, and how
many are money not paid (a loan ceiling, a price, a fee: their own roles, never an award or a cap).

    python scripts/money_precision.py                       # seeds, dev, wider and a 300-file lawrefbook sample
    python scripts/money_precision.py --sample 0 --show 20  # every lawrefbook file skipped
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor.money_audit import not_paid_roles, unbacked_money  # noqa: E402
from extractor.pipeline import extract_file  # noqa: E402
from extractor.reader import ReadError  # noqa: E402


def corpora(shared: Path, sample: int, seed: int) -> dict[str, list[Path]]:
    law = sorted(p for p in (shared / "lawrefbook").rglob("*.md") if not p.name.startswith("_"))
    random.Random(seed).shuffle(law)
    return {
        "seeds": sorted((ROOT / "corpus").glob("*.txt")),
        "dev": sorted((shared / "dev").rglob("*.txt")),
        "wider": sorted((shared / "wider").glob("*.txt")),
        f"lawrefbook[{sample}]": law[:sample],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path,
                        default=Path(os.environ.get("POLICYKB_SHARED", ROOT.parent / "shared")) / "corpus")
    parser.add_argument("--sample", type=int, default=300, help="lawrefbook files, drawn with --seed")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--show", type=int, default=5, help="examples printed per corpus")
    args = parser.parse_args()
    total = 0
    for name, files in corpora(args.shared, args.sample, args.seed).items():
        money = bad = not_paid = 0
        shown: list[str] = []
        for path in files:
            try:
                doc = extract_file(path)
            except ReadError:
                continue
            money += sum(f.kind == "money" for f in doc.facts)
            not_paid += sum(f.kind == "money" and f.role in not_paid_roles() for f in doc.facts)
            for fact in unbacked_money(doc):
                bad += 1
                if len(shown) < args.show:
                    shown.append(f"    {path.name} [{fact.start}, {fact.end}) {fact.quote!r} "
                                 f"…{doc.text[max(0, fact.start - 15) : fact.end + 10]!r}")
        total += bad
        print(f"{name:18} files {len(files):4d}  money facts {money:5d}  not money {bad:3d}  "
              f"money not paid (loan_limit, price …) {not_paid:3d}")
        for line in shown:
            print(line)
    return 1 if total else 0


if __name__ == "__main__":
    raise SystemExit(main())
