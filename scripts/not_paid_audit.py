"""Print the measures whose caps, rates or awards come from a comma clause that speaks of loans, guarantees, escrow,
down payments, interest rates, prices, fees or registered capital, over the seeds, dev and wider corpora.

The words are this script's own, broader than the extractor's ``not_paid`` lexicon, so that what the extractor
misses shows up here: each row is a place to read, not a verdict (按贷款市场报价利率的50%给予贴息 is support).

    python scripts/not_paid_audit.py            # the count
    python scripts/not_paid_audit.py --show     # and every measure found, with the clause of each number
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor.measures import derive_measures  # noqa: E402
from extractor.pipeline import extract_file  # noqa: E402
from extractor.reader import ReadError  # noqa: E402

NOT_PAID_WORDS = re.compile(r"贷款|可贷|贷额|额度|首付|保函|监管|保证金|担保|利率|注册资本|房价|售价|价格|单价|总价|价款|"
                            r"收费|收取|罚款|成数|公积金")
STOPS = "，。；\n"


def comma_clause(text: str, start: int, end: int) -> str:
    """The comma clause up to the number's end."""
    return text[max(text.rfind(c, 0, start) for c in STOPS) + 1 : end]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path,
                        default=Path(os.environ.get("POLICYKB_SHARED", ROOT.parent / "shared")) / "corpus")
    parser.add_argument("--show", action="store_true", help="print every measure found")
    args = parser.parse_args()
    files = (sorted((ROOT / "corpus").glob("*.txt")) + sorted((args.shared / "dev").rglob("*.txt"))
             + sorted((args.shared / "wider").glob("*.txt")))
    measures = found = 0
    for path in files:
        try:
            doc = extract_file(path)
        except ReadError:
            continue
        text = doc.text
        for m in derive_measures(doc):
            measures += 1
            sources = [("cap", c.value, c.start, c.end) for c in m.caps]
            sources += [(f"rate:{r.role}", r.value, r.start, r.end) for r in m.rates]
            sources += [("award", f.value, f.start, f.end) for f in doc.facts
                        if f.kind == "money" and f.role == "award" and m.start <= f.start < m.end]
            hits = [(what, value, comma_clause(text, s, e)) for what, value, s, e in sources
                    if NOT_PAID_WORDS.search(comma_clause(text, s, e))]
            if hits:
                found += 1
                if args.show:
                    print(f"{path.name} {m.clause_label}: " + " | ".join(f"{w} {v} «{c[-40:]}»" for w, v, c in hits))
    print(f"files {len(files)}  measures {measures}  with a cap, rate or award beside loan/guarantee/price words "
          f"{found}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
