"""Write the JSON answers of the CLI for a fixed corpus into a folder, so two trees can be compared with
``diff -r``: the proof that a refactoring changed no behaviour.

It drives the ``policykb`` click group in-process (``kb.cli.cli``, the one entry that exists before and after
the architecture moves) on a fresh temporary store holding the seeds, the dev corpus and the first 100
lawrefbook files. Document ids are mapped to file names and every list is sorted, so the output is stable;
other store ids (clauses, measures) are kept, as ingest runs in one process in a fixed order and numbers them
the same way each time.

    python scripts/snapshot.py /work/notes/snap_before
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
SHARED = Path("/work/shared/corpus")
DATES_STATUS = ("2025-06-01", "2026-12-01")
DATE_QUERIES = "2025-06-01"
QUERIES = ("海外仓", "跨境电商", "以旧换新", "人才", "住房公积金", "补贴", "\"最高不超过\"", "新能源汽车",
           "衡政发〔2024〕4号", "直播电商", "消费券", "贷款贴息", "养老", "市场主体", "知识产权")


def lawrefbook_files(count: int = 100) -> list[Path]:
    return sorted(p for p in (SHARED / "lawrefbook").rglob("*") if p.is_file())[:count]


def corpus_files() -> list[Path]:
    seeds = sorted((REPO / "corpus").glob("*.txt"))
    dev = sorted(p for p in (SHARED / "dev").rglob("*.txt"))
    return seeds + dev + lawrefbook_files()


def run(*args: str) -> Any:
    from kb.cli import cli

    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    if result.exit_code not in (0, 1):
        raise SystemExit(f"policykb {' '.join(args)} exited {result.exit_code}: {result.output}")
    out = result.stdout
    try:
        return json.loads(out)
    except json.JSONDecodeError:
        return [json.loads(line) for line in out.splitlines() if line.strip()]


class IdMap:
    """Replace store ids (document ids, ``d12``-style node names) with the document's file name."""

    def __init__(self, docs: list[dict[str, Any]]) -> None:
        self.by_id = {int(d["id"]): Path(d["source"]).name for d in docs}

    def name(self, doc_id: Any) -> str:
        return self.by_id.get(int(doc_id), f"?{doc_id}")

    def scrub(self, value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            return {k: self.scrub(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self.scrub(v, key) for v in value]
        if key in {"id", "doc_id", "document_id", "target_id", "source_id", "superseded_by", "supersedes",
                   "from_id", "to_id"} and isinstance(value, int) and not isinstance(value, bool):
            return self.name(value)
        if isinstance(value, str):
            return re.sub(r"\b(doc|clause):(\d+)\b", lambda m: f"{m.group(1)}:{self.name(m.group(2))}", value)
        return value


def stable(value: Any) -> Any:
    """Sort lists of records by their JSON, recursively, so order from the store does not matter."""
    if isinstance(value, dict):
        return {k: stable(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [stable(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value


def write(folder: Path, name: str, value: Any) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    files = corpus_files()
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "snap.sqlite")
        for path in files:
            write(out, f"extract/{path.parent.name}__{path.name}.json", run("extract", str(path), "--json"))
        run("ingest", *map(str, files), "--db", db, "--workers", "1", "--json")
        docs = run("docs", "--db", db, "--json")
        ids = IdMap(docs)
        write(out, "docs.json", stable(ids.scrub(docs)))
        for on in DATES_STATUS:
            statuses = {ids.name(d["id"]): ids.scrub(run("status", str(d["id"]), "--db", db, "--on", on, "--json"))
                        for d in docs}
            write(out, f"status_{on}.json", statuses)
        for i, query in enumerate(QUERIES):
            hits = run("search", query, "--db", db, "--limit", "20", "--json")
            write(out, f"search/{i:02d}.json", {"query": query, "hits": ids.scrub(hits)})
        topics = run("topics", "--db", db, "--json")
        write(out, "topics.json", stable(topics))
        for topic in topics:
            key = topic.get("key") or topic.get("label")
            write(out, f"compare/{key}.json",
                  stable(ids.scrub(run("compare", "--topic", key, "--db", db, "--on", DATE_QUERIES, "--json"))))
        for profile in sorted((REPO / "examples" / "profiles").iterdir()):
            for lang in ("en", "zh"):
                write(out, f"match/{profile.stem}_{lang}.json",
                      stable(ids.scrub(run("match", str(profile), "--db", db, "--on", DATE_QUERIES,
                                           "--lang", lang, "--json"))))
        graph_file = Path(tmp) / "graph.json"
        run("graph", "export", str(graph_file), "--db", db, "--json")
        graph = json.loads(graph_file.read_text(encoding="utf-8"))
        write(out, "graph.json", stable(ids.scrub(graph)))
    print(f"{len(files)} files, {len(docs)} documents -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
