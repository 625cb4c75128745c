"""Fault injection for tests of the bounds: ``POLICYKB_FAULT=<fault>:<file name>`` makes reading that file misbehave.

- ``slow:<name>``: extraction of the file named ``name`` sleeps an hour (a stuck file, for the per-file time limit);
- ``crash:<name>``: the process extracting it exits at once (a worker that dies, as when out of memory).

Several faults are separated by ``;``. Unset (the default), nothing happens.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

FAULT_ENV = "POLICYKB_FAULT"


def inject(path: str | Path) -> None:
    """Misbehave as ``POLICYKB_FAULT`` asks when ``path`` is the file it names."""
    setting = os.environ.get(FAULT_ENV)
    if not setting:
        return
    name = Path(path).name
    for fault in setting.split(";"):
        kind, _, target = fault.partition(":")
        if target != name:
            continue
        if kind == "slow":
            time.sleep(3600)
        elif kind == "crash":
            os._exit(70)
