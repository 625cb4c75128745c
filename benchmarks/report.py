"""A benchmark's report: figures, each beside its baseline from the same run and the load when it was taken, printed as
they come and kept for ``--json``."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

Echo = Callable[[str], None]
AT_SCALE = 1000  # files from which the ingest and size targets are judged (below, start-up and fixed costs rule)


@dataclass
class Figure:
    """One figure beside its baseline; ``ratio`` is value / baseline_value; ``met`` None when no target applies."""

    section: str
    name: str
    value: float | None
    unit: str
    baseline: str = ""
    baseline_value: float | None = None
    target: str = ""
    met: bool | None = None
    detail: str = ""
    load: float | None = None  # the 1-minute load average when the figure was printed

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline_value:
            return None
        return self.value / self.baseline_value

    def line(self) -> str:
        value = "-" if self.value is None else f"{self.value:,.2f} {self.unit}"
        base = "" if self.baseline_value is None else f"{self.baseline}: {self.baseline_value:,.2f} {self.unit}"
        ratio = "" if self.ratio is None else f" ({self.ratio:.2f}x)"
        verdict = f" not judged below {AT_SCALE:,} files" if self.met is None else (" MET" if self.met else " MISSED")
        target = f" [target {self.target}{verdict}]" if self.target else ""
        detail = f"  {self.detail}" if self.detail else ""
        load = "" if self.load is None else f"  (load {self.load:.2f})"
        return f"  {self.name:46} {value:>16}   {base}{ratio}{target}{detail}{load}"

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ratio": self.ratio}


@dataclass
class Report:
    machine: dict[str, Any]
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"machine": self.machine, "figures": [f.to_dict() for f in self.figures], "notes": self.notes}


class Printer:
    """Collects figures and notes into the report and prints each as it comes."""

    def __init__(self, report: Report, echo: Echo) -> None:
        self.report, self.echo = report, echo

    def section(self, title: str) -> None:
        self.echo(f"\n## {title}")

    def add(self, figure: Figure) -> Figure:
        if figure.load is None:
            figure.load = os.getloadavg()[0]
        self.report.figures.append(figure)
        self.echo(figure.line())
        return figure

    def note(self, text: str) -> None:
        self.report.notes.append(text)
        self.echo(f"  note: {text}")
