"""Measuring processes for the benchmarks (Linux ``/proc``): a child ``policykb ingest`` with its wall time and peak
memory (its largest process and its whole tree, by role), a process holding jieba's dictionary as the memory
floor, the machine and its highest load during a run."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MB = 1_048_576


def machine(workers: int) -> dict[str, Any]:
    mem = _meminfo_mb()
    return {"cores": os.cpu_count(), "workers": workers, "ram_mb": mem, "python": sys.version.split()[0],
            "platform": platform.platform(), "load_average_start": list(os.getloadavg())}


def _meminfo_mb() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) // 1024
    except OSError:
        return None
    return None


@dataclass
class IngestRun:
    seconds: float
    peak_mb: float
    peak_tree_mb: float
    report: dict[str, Any]
    exit_code: int
    peaks_mb: dict[str, float] = field(default_factory=dict)  # by process role: main, fork server, worker
    cpu_seconds: float = 0.0  # CPU of the whole process tree: main exact (wait4), the others sampled


def run_ingest(args: Sequence[str], db: Path, workers: int) -> IngestRun:
    """``policykb ingest ARGS --db DB --workers N --json`` in a child process: wall time, the peak RSS of its
    largest process (``wait4``), the peak of the RSS summed over its process tree (sampled every 0.1 s; pages
    shared by forked workers counted in each), the CPU seconds of the tree (the main process's from ``wait4``,
    the others' as last sampled: a process's last tenth of a second may be missed) and its JSON report."""
    with tempfile.TemporaryFile("w+") as stdout:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "kb", "ingest", *args, "--db", str(db), "--workers",
                                 str(workers), "--json"], stdout=stdout, stderr=subprocess.DEVNULL, cwd=ROOT)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        sampler.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        text = stdout.read()
    try:
        report = json.loads(text)
    except ValueError:
        report = {"error": text[-500:]}
    return IngestRun(seconds, usage.ru_maxrss / 1024, sampler.peak / MB, report, proc.returncode,
                     sampler.peaks_by_role(), usage.ru_utime + usage.ru_stime + sampler.cpu_of_others())


class TreeSampler(threading.Thread):
    """Samples the summed RSS of a process and its descendants (Linux ``/proc``) until stopped."""

    def __init__(self, pid: int, every: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.pid, self.every, self.peak = pid, every, 0
        self.per_pid: dict[int, int] = {}  # peak bytes of each process seen
        self.cpu_ticks: dict[int, int] = {}  # user + system clock ticks of each process, as last seen
        self.roles: dict[int, str] = {}
        self._stop_event = threading.Event()

    def run(self) -> None:
        page = os.sysconf("SC_PAGE_SIZE")
        while not self._stop_event.wait(self.every):
            sizes = {p: _rss_pages(p) * page for p in _tree(self.pid)}
            self.peak = max(self.peak, sum(sizes.values()))
            for pid, size in sizes.items():
                self.per_pid[pid] = max(self.per_pid.get(pid, 0), size)
                self.cpu_ticks[pid] = max(self.cpu_ticks.get(pid, 0), _cpu_ticks(pid))
                if pid not in self.roles:
                    self.roles[pid] = _role(pid, self.pid)

    def peaks_by_role(self) -> dict[str, float]:
        """The largest peak RSS (MB) among the processes of each role: main, fork server, worker, helper."""
        out: dict[str, float] = {}
        for pid, size in self.per_pid.items():
            role = self.roles.get(pid, "helper")
            out[role] = max(out.get(role, 0.0), size / MB)
        return out

    def cpu_of_others(self) -> float:
        """CPU seconds of the processes below the root, as last sampled."""
        ticks = sum(t for pid, t in self.cpu_ticks.items() if pid != self.pid)
        return ticks / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime, stime
    except (OSError, IndexError, ValueError):
        return 0


def _tree(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += parents.get(pid, [])
    return out


def _role(pid: int, root: int) -> str:
    """main (the ingest), fork server (its child serving forks), worker (a fork server's child), or helper."""
    if pid == root:
        return "main"
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
        parent = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return "helper"
    if b"forkserver" not in command:
        return "helper"  # multiprocessing's resource tracker
    return "fork server" if parent == root else "worker"


def _rss_pages(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0


def jieba_process_mb() -> float:
    """Peak RSS of a Python process that has loaded jieba's dictionary: the floor of every extracting process."""
    code = "import resource, jieba; jieba.setLogLevel(60); jieba.initialize(); " \
           "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    try:
        return int(done.stdout.strip()) / 1024
    except ValueError:
        return 0.0


class LoadSampler(threading.Thread):
    """The highest 1-minute load average seen, sampled every few seconds until stopped."""

    def __init__(self, every: float = 5.0) -> None:
        super().__init__(daemon=True)
        self.every, self.peak = every, os.getloadavg()[0]
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.wait(self.every):
            self.peak = max(self.peak, os.getloadavg()[0])

    def stop(self) -> None:
        self._stop_event.set()
        self.join()
