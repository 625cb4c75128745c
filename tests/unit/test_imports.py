"""The layers' import rules, read from the source with ``ast`` (nothing is imported): ``ui/`` and ``kb/cli/``
reach the knowledge base through ``kb`` (``KnowledgeBase`` and its errors) and ``kb.text`` only, and the
extractor through its ``__all__``; ``extractor/`` knows nothing of ``kb`` or ``ui``; ``kb`` outside its CLI
imports neither click nor streamlit, and nothing in core imports the optional app or whoosh packages at module
level."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import extractor

ROOT = Path(__file__).resolve().parents[2]
THIRD_PARTY_UI = {"streamlit", "plotly", "networkx"}
THIRD_PARTY_CLI = {"click", "tqdm"}
OPTIONAL = {"streamlit", "plotly", "whoosh"}

# The whoosh engine is the [whoosh] extra's module, imported only when that engine is selected.
EXTRA_MODULES = {"kb/search/whoosh_engine.py"}


def imports(path: Path, top_level_only: bool = False) -> list[tuple[str, tuple[str, ...]]]:
    """``(module, names)`` of every import in a file (names empty for ``import x``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = []
    for node in nodes:
        if isinstance(node, ast.Import):
            found += [(alias.name, ()) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, tuple(alias.name for alias in node.names)))
    return found


def files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def is_stdlib(module: str) -> bool:
    return module.split(".")[0] in sys.stdlib_module_names


def allowed_front(module: str, names: tuple[str, ...], own: str, third_party: set[str]) -> bool:
    top = module.split(".")[0]
    if is_stdlib(module) or top in third_party or module == own or module.startswith(own + "."):
        return True
    if module == "kb":
        return True
    if module == "kb.text" or module.startswith("kb.text."):
        return True
    if module == "extractor":
        return all(name in extractor.__all__ for name in names)
    return False


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("path", files("ui"), ids=rel)
def test_ui_imports_only_kb_api_and_extractor_public(path: Path) -> None:
    bad = [m for m, names in imports(path) if not allowed_front(m, names, "ui", THIRD_PARTY_UI)]
    assert bad == [], f"{rel(path)} imports {bad}"


@pytest.mark.parametrize("path", files("kb/cli"), ids=rel)
def test_cli_imports_only_kb_api_and_extractor_public(path: Path) -> None:
    bad = [m for m, names in imports(path) if not allowed_front(m, names, "kb.cli", THIRD_PARTY_CLI)]
    assert bad == [], f"{rel(path)} imports {bad}"


@pytest.mark.parametrize("path", files("extractor"), ids=rel)
def test_extractor_imports_nothing_of_kb_or_ui(path: Path) -> None:
    bad = [m for m, _ in imports(path) if m.split(".")[0] in {"kb", "ui", "streamlit", "click"}]
    assert bad == [], f"{rel(path)} imports {bad}"


@pytest.mark.parametrize("path", [p for p in files("kb") if "cli" not in p.relative_to(ROOT / "kb").parts],
                         ids=rel)
def test_kb_outside_cli_imports_no_click_or_streamlit(path: Path) -> None:
    bad = [m for m, _ in imports(path) if m.split(".")[0] in {"click", "streamlit", "ui"}]
    assert bad == [], f"{rel(path)} imports {bad}"


@pytest.mark.parametrize("path", [p for p in files("kb") + files("extractor") if rel(p) not in EXTRA_MODULES],
                         ids=rel)
def test_core_imports_no_optional_package_at_module_level(path: Path) -> None:
    bad = [m for m, _ in imports(path, top_level_only=True) if m.split(".")[0] in OPTIONAL]
    assert bad == [], f"{rel(path)} imports {bad} at module level"
