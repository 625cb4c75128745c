"""Draw held-out topic sentences (heldout5's draw): support sentences of documents no topic gold cites.

python annotations/tools/draw_sentences.py SEED N > draw.yaml  (run from the repository, PYTHONPATH set)
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import yaml

SHARED = Path("../shared/corpus")
SUPPORT = re.compile("给予|补贴|奖励|资助|补助|贴息|奖补|支持|鼓励|减免|优惠|扶持|降低|提高|放宽|取消|不再|享受|可申请|可提取|调整|上调|下调|不受")
GRANTS = re.compile(r"给予[^。]{0,30}(补贴|补助|资助|贴息|奖励)")


def cited() -> tuple[set[str], list[str]]:
    sources, quotes = set(), []
    for path in Path("annotations/topics").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for row in (data.get("measures") or []) + (data.get("sentences") or []):
            sources.add(str(row["source"]))
            quotes.append(str(row["quote"]))
    return sources, quotes


def sentences(path: Path) -> list[tuple[str, str]]:
    from extractor.pipeline import extract_file

    doc = extract_file(path).to_dict()
    text, clauses = doc["text"], doc["clauses"]
    out = []
    for c in clauses:
        start, end = c["span"]
        own = text[start:end]
        for child in (k for k in clauses if k.get("parent") == c["id"]):
            own = own.replace(text[child["span"][0]:child["span"][1]], "")
        for s in re.findall(r"[^。]+。?", own):
            s = s.strip()
            if len(s) >= 15 and SUPPORT.search(s) and s in text[start:end]:
                out.append((c["id"], s))
    return out


def main(seed: int, n: int) -> None:
    rng = random.Random(seed)
    sources, quotes = cited()
    files = [p for p in sorted((SHARED / "lawrefbook" / "DLC").rglob("*.md"))
             if "地方性法规" in p.as_posix() or "规章" in p.as_posix()]
    files = [p for p in files if p.relative_to(SHARED).as_posix() not in sources
             and GRANTS.search(p.read_text(encoding="utf-8", errors="replace"))]
    rng.shuffle(files)
    rows = []
    for p in [SHARED / "wider/shanghai_property_tax_2025.txt"] + files:
        cands = [(cid, s) for cid, s in sentences(p) if not any(s in q or q in s for q in quotes)]
        if not cands:
            continue
        picks = cands if "wider" in p.as_posix() else [rng.choice(cands)]
        for cid, s in picks:
            rows.append({"source": p.relative_to(SHARED).as_posix(), "clause_id": cid, "quote": s})
        if len(rows) >= n:
            break
    print(f"# {len(files)} uncited files granting support", file=sys.stderr)
    yaml.safe_dump({"sentences": rows}, sys.stdout, allow_unicode=True, width=10000, sort_keys=False)


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
