"""Count what a classifier change does: classify the support sentences of a fixed sample of lawrefbook regulations
and of every dev and wider document, dump them, and compare two dumps.

python annotations/tools/topic_changes.py dump OUT.json [N]   (N regulations drawn with random.Random(7), default 600)
python annotations/tools/topic_changes.py compare BEFORE.json AFTER.json [SHOWN]
(run from the repository, PYTHONPATH set; dump once before the change and once after)
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from pathlib import Path

from draw_sentences import SHARED, sentences


def dump(out: Path, n: int) -> None:
    from extractor.pipeline import extract_file
    from kb.queries.domain_prior import domain_prior
    from kb.queries.topics import classify

    files = [p for p in sorted((SHARED / "lawrefbook" / "DLC").rglob("*.md"))
             if "地方性法规" in p.as_posix() or "规章" in p.as_posix()]
    random.Random(7).shuffle(files)
    files = files[:n] + sorted((SHARED / "dev").rglob("*.*")) + sorted((SHARED / "wider").rglob("*.*"))
    rows = []
    for path in files:
        try:
            doc = extract_file(path).to_dict()
            found = sentences(path)
        except Exception:  # a file the extractor refuses holds no sentence to count
            continue
        by_id = {c["id"]: c for c in doc["clauses"]}
        agency = (doc.get("doc_no_parts") or {}).get("agency")
        prior = domain_prior(doc.get("title"), doc.get("issuers") or (), agency, doc.get("attachment_title"))
        for clause_id, sentence in found:
            clause, context, parent = by_id[clause_id], [], by_id[clause_id].get("parent")
            while parent in by_id:
                if by_id[parent].get("heading"):
                    context.append(by_id[parent]["heading"])
                parent = by_id[parent].get("parent")
            label = classify(sentence, clause.get("heading"), context,
                             doc.get("attachment_title") or doc.get("title"), prior)[0]
            rows.append([path.relative_to(SHARED).as_posix(), clause_id, sentence, label])
    out.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    print(f"{len(files)} files, {len(rows)} sentences")


def compare(before: Path, after: Path, shown: int) -> None:
    old = json.loads(before.read_text(encoding="utf-8"))
    new = json.loads(after.read_text(encoding="utf-8"))
    changed = [(a, b) for a, b in zip(old, new, strict=True) if a[3] != b[3]]
    print(f"{len(changed)} of {len(old)} change:", Counter((a[3], b[3]) for a, b in changed).most_common(20))
    for a, b in changed[:shown]:
        print(f"{a[3]} → {b[3]} | {Path(a[0]).name[:25]} | {a[2][:90]}")


if __name__ == "__main__":
    if sys.argv[1] == "dump":
        dump(Path(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 600)
    else:
        compare(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 40)
