"""What the publishing platform said of a document, read at ingest beside the text: a second source, never merged.

Two places are read, the sidecar first:

* ``NAME.meta.json`` beside ``NAME.txt``: one object;
* the folder's ``metadata.json``: objects keyed by file stem (the form of ``../shared/corpus/dev/metadata.json``
  and ``../shared/corpus/wider/metadata.json``).

An object's page fields may sit at its top level or under ``page_info_box`` / ``info_fields`` (the info box the
page printed); labels are read with their spaces and colons folded (``有 效 性 ：`` is 有效性). Only the fields the
validity judgement compares are kept: 统一编号 (``reg_no``), 实施日期 (``effective_from``), 失效日期 / 废止日期
(``expires_on``) and 有效性 / 时效性 (``validity``), with the field names as printed; an empty value is not said.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from extractor.datetext import DATE_PATTERN, parse_date_match

SIDECAR_SUFFIX = ".meta.json"
FOLDER_FILE = "metadata.json"
_FIELDS = {
    "reg_no": ("统一编号", "统一登记号", "登记编号", "备案登记号"),
    "effective_from": ("实施日期", "施行日期", "生效日期"),
    "expires_on": ("失效日期", "废止日期"),
    "validity": ("有效性", "时效性", "效力状态", "时效状态"),
}
_DATES = ("effective_from", "expires_on")
_LABEL_NOISE = re.compile(r"[\s\u2002\u3000:：]+")
_ISO = re.compile(r"^\s*(\d{4})[-./](\d{1,2})[-./](\d{1,2})")


def platform_metadata(path: Path) -> dict[str, Any] | None:
    """``{source_file, reg_no, effective_from, expires_on, validity, printed}`` for the file at ``path``, or None
    when no metadata names it (or none of its fields says anything the validity judgement compares).

    Example: platform_metadata(Path("wider/chongqing_housing_measures_2022.txt"))["validity"]
    """
    sidecar = path.with_name(path.stem + SIDECAR_SUFFIX)
    entry, origin = None, None
    if sidecar.is_file():
        entry, origin = _read_json(str(sidecar)), sidecar
    else:
        folder = path.parent / FOLDER_FILE
        if folder.is_file():
            table = _read_json(str(folder))
            if isinstance(table, dict) and isinstance(table.get(path.stem), dict):
                entry, origin = table[path.stem], folder
    if not isinstance(entry, dict):
        return None
    fields = _fields(entry)
    if not fields["printed"]:
        return None
    return {"source_file": str(origin), **fields}


@lru_cache(maxsize=64)
def _read_json(path: str) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _fields(entry: dict[str, Any]) -> dict[str, Any]:
    labelled: dict[str, str] = {}
    for box in (entry, entry.get("page_info_box"), entry.get("info_fields")):
        if isinstance(box, dict):
            for key, value in box.items():
                if isinstance(value, str) and value.strip():
                    labelled.setdefault(_LABEL_NOISE.sub("", str(key)), value.strip())
    out: dict[str, Any] = {name: None for name in _FIELDS}
    printed: dict[str, str] = {}
    for name, labels in _FIELDS.items():
        for label in labels:
            if label in labelled:
                value = labelled[label]
                out[name] = as_iso(value) if name in _DATES else value
                printed[label] = value
                break
    out["printed"] = printed
    return out


def as_iso(text: str) -> str | None:
    """A platform date (``2023-10-19``, ``2023/10/19``, ``2023年10月19日``) as ISO; None when it is not a date.

    Example: as_iso("2023年1月9日") == "2023-01-09"
    """
    match = _ISO.match(text)
    if match:
        return f"{int(match[1]):04d}-{int(match[2]):02d}-{int(match[3]):02d}"
    found = DATE_PATTERN.search(text)
    day = parse_date_match(found) if found else None
    return day.isoformat() if day else None
