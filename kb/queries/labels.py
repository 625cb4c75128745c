"""时效性 labels as the legal databases print them, and where the publishing platform disagrees with the text.

Labels, from a status on a day:

* 现行有效 — in force; 部分失效 when a later document held here repeals some of its articles (第X条 废止) by then;
  已被修改 when a document held here amends it (关于修改《X》的决定) by then;
* 已被修改 — superseded by a newer version of the same text; 已废止 when replaced (代替) by another document;
* 已废止 — repealed in full; 失效 — its stated term has ended; 尚未生效 — not yet in effect;
* null — unknown or a conflict: no label is guessed.

The platform's 有效性 / 时效性 is read as in force (有效, 现行有效, 是, …) or not (失效, 废止, 否, …); a platform that
says one while the text's label on the day says the other is a disagreement, and so are an 实施日期 or 失效日期 that
differ from the text's, or a 失效日期 already past for a text in force that states no term. Neither side wins: both are shown with their sources.
"""

from __future__ import annotations

from typing import Any

LABELS = {"in_force": "现行有效", "superseded": "已被修改", "repealed": "已废止", "expired": "失效",
          "not_yet_effective": "尚未生效"}
PARTLY_REPEALED, AMENDED, REPEALED = "部分失效", "已被修改", "已废止"
IN_FORCE_LABELS = {"现行有效", "部分失效", "已被修改"}
_PLATFORM_IN_FORCE = {"有效", "现行有效", "是", "现行", "生效", "部分有效", "尚未失效"}
_PLATFORM_ENDED = {"失效", "已失效", "废止", "已废止", "否", "无效", "已被修改", "宣布失效", "被修改"}


def label_of(result: dict[str, Any]) -> str | None:
    """The 时效性 label of a ``status`` result (its ``on`` day, its relations).

    Example: label_of({"status": "in_force", "on": "2026-01-01", "repealed_by": [], "amended_by": []}) == "现行有效"
    """
    status, iso = result["status"], result["on"]
    if status == "superseded":
        newer = [r for r in result.get("superseded_by") or [] if r.get("from") and r["from"] <= iso]
        return REPEALED if newer and all(r.get("basis") == "replaces" for r in newer) else LABELS[status]
    if status != "in_force":
        return LABELS.get(status)
    if any(r["partial"] and r.get("from") and r["from"] <= iso for r in result.get("repealed_by") or []):
        return PARTLY_REPEALED
    if any(r.get("from") and r["from"] <= iso for r in result.get("amended_by") or []):
        return AMENDED
    return LABELS[status]


def platform_says_in_force(validity: str | None) -> bool | None:
    """True / False for a platform's 有效性 that says in force / ended; None when it says neither."""
    if not validity:
        return None
    word = validity.strip()
    if word in _PLATFORM_IN_FORCE:
        return True
    if word in _PLATFORM_ENDED or "失效" in word or "废止" in word:
        return False
    return None


def disagreements(result: dict[str, Any], platform: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Where the platform's fields differ from the text's: ``[{field, text, platform}]`` (both sides given).

    Example: disagreements({"label": "失效", ...}, {"validity": "有效", ...}) → [{"field": "validity", ...}]
    """
    if not platform:
        return []
    out = []
    for field, theirs in (("effective_from", platform.get("effective_from")),
                          ("expires_on", platform.get("expires_on")), ("reg_no", platform.get("reg_no"))):
        ours = result.get(field)
        if ours and theirs and ours != theirs:
            out.append({"field": field, "text": ours, "platform": theirs})
        elif (field == "expires_on" and theirs and not ours and theirs < result["on"]
              and result.get("label") in IN_FORCE_LABELS):
            out.append({"field": field, "text": None, "platform": theirs})  # no term in the text; ended on the page
    says = platform_says_in_force(platform.get("validity"))
    label = result.get("label")
    if says is not None and label is not None and says != (label in IN_FORCE_LABELS):
        out.append({"field": "validity", "text": label, "platform": platform["validity"]})
    return out
