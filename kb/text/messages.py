"""The words of ``kb.queries.match`` reasons and notes, and of the ``policykb match`` report, in English and Chinese.

Every sentence is a ``str.format`` template keyed by name, one table per language:
``text(lang, key, **fields)``.
English is the JSON contract scripts read (``policykb match --json``); Chinese reads like a government-service
notice (the app). Fields are filled in already formatted: quotes as printed in the document, amounts in base
units with thousands separators (``kb.queries.match.amount_text``), currencies by ``money`` (元 / 美元 in Chinese, the
code in English; never converted). A template may leave out a field the other language uses (English names a
figure by its key, Chinese by its label).

About 410 lines, kept in one file on purpose: most of it is the two template tables side by side (a sentence and
its translation are read and changed together), beside the Chinese names of statuses, roles and reasons.

Example: text("zh", "up_to", money=money("zh", "500,000", "CNY")) == "满足条件时最高可得 500,000 元"
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

LANGS = ("en", "zh")

EN: dict[str, str] = {
    # -- figures, kinds, lists, documents --------------------------------------------------------------------
    "figure": "{key} ({label})",                # a figure in a sentence
    "figure_short": "{key}",                    # a figure next to its value
    "kind": "{label} ({key})",
    "list_sep": ", ",
    "kind_sep": "、",
    "and": " and ",
    "clause_sep": "; ",
    "doc_named": "{doc_no}",
    "doc_its": "its document",
    "doc_a": "a document",
    "doc_id": "{doc_id}",
    "where": "{doc} clause {clause}",
    "money": "{amount} {currency}",
    "money_unknown": "? {currency}",           # a tier whose award the text does not state
    # -- intervals -------------------------------------------------------------------------------------------
    "low_inclusive": "≥ {value}",
    "low_exclusive": "> {value}",
    "high_inclusive": "≤ {value}",
    "high_exclusive": "< {value}",
    "interval_and": " and ",
    "interval_any": "any",
    # -- why a condition is checked by hand ------------------------------------------------------------------
    "why_no_interval": "the condition states no interval",
    "why_no_metric": "the condition names no metric",
    "why_no_figure": "no figure of the vocabulary answers {metric}「{words}」",
    "why_no_figure_in": "no figure of the vocabulary answers {metric}「{words}」 in {dimension}",
    "why_tied": "{metric}「{words}」 may be any of {figures}",
    # -- beneficiary -----------------------------------------------------------------------------------------
    "beneficiary_unknown": "the measure is for 「{named}」: check by hand that it covers a {own_label}",
    "beneficiary_other": "the measure is for {named}, not for a {own}",
    # -- conditions ------------------------------------------------------------------------------------------
    "condition_met": "condition {said} met: {figure} = {value}",
    "condition_not_met": "condition {said} not met: {figure} is {value}, needs {needs}",
    "condition_not_met_lowest": "condition {said} not met: {figure} is {value}, "
                                "the lowest tier needs {needs}",
    "either": "or ",
    "condition_give": "{lead}condition {said}: give {figure}",
    "condition_by_hand": "{lead}condition {said} must be checked by hand ({why})",
    "no_figure_decides": "no figure decides this measure: check the clause's own requirements by hand",
    # -- tiers -----------------------------------------------------------------------------------------------
    "tier_condition": "{said} ({figure} = {value})",
    "tier_met": "tier met: {tier} → {paid}",
    "tier_no_sum": "no sum stated for the band",
    "tier_needs": "{said} needs {needs}",
    "tier_not_higher": "not the tier paying {amount}: {needs}",
    "tier_level": "the tier paying {paying} depends on a level or grade named in the text ({level}): "
                  "check by hand",
    "tier_level_higher": "a higher tier paying {paying} depends on a level or grade named in the text "
                         "({level}): check by hand",
    "level_unknown": "not a figure",
    "tier_give": "give {figure}",
    "tier_by_hand": "check by hand ({why})",
    "tier_open": "{said} → {paying}",
    "tiers_open": "{what}: the tiers need {tiers}",
    "tiers_open_higher": "{what}: a higher tier need {tiers}",
    # -- amounts ---------------------------------------------------------------------------------------------
    "up_to_with_information": "up to {money} with the information asked for",
    "up_to": "up to {money} if the conditions are met",
    # -- non-cumulation --------------------------------------------------------------------------------------
    "scope_document": "all of its measures for one enterprise",
    "scope_topic": "measures of one kind ({topic})",
    "scope_others": "overlap with another policy on {topic}",
    "not_added": "not added to the total: {doc} says “{sentence}” ({what}); {where} counts instead",
    "note_once": "{doc}: “{sentence}” — {what}: counted once at {money} ({where}); not added: {dropped}",
    "note_dropped": "{where} {money}",
    "note_overlap": "{doc}: “{sentence}” — {what}: {high} counts; {low} is not added",
    # -- the text report of `policykb match` -----------------------------------------------------------------
    "report_title": "{profile} — {kind}, {where}, on {on}",
    "report_columns": "status|document|clause|topic|amount|measure",
    "report_status_eligible": "eligible",
    "report_status_needs_information": "needs_information",
    "report_status_not_eligible": "not_eligible",
    "report_nothing_in_force": "(no measure in force in this jurisdiction on this date)",
    "report_total": "Total of eligible measures: {totals}",
    "report_total_none": "nothing",
    "report_count": "{n} {status}",
    "report_non_cumulation": "Not added (non-cumulation rules):",
    "report_skipped": "Documents of this jurisdiction not in force on this date:",
    "report_skipped_line": "{doc}: {status} — {reason}",   # reason: kb.queries.validity's, in English
    "report_repealed": "Measures of documents in force whose article a later document repeals (not matched):",
    "report_repealed_line": "{doc} {clause}: {reason}",   # reason: kb.queries.partial_repeal's
    "report_validity_in_force": "in_force",
    "report_validity_not_yet_effective": "not_yet_effective",
    "report_validity_expired": "expired",
    "report_validity_repealed": "repealed",
    "report_validity_superseded": "superseded",
    "report_validity_unknown": "unknown",
    "report_validity_conflict": "conflict",
    # -- eligibility conditions and certainty (issue 11) --------------------------------------------------------
    "territory_in": "{place} is within 「{quote}」",
    "territory_out": "not eligible: the measure is for 「{quote}」; {place} is outside it",
    "age_met": "「{quote}」: {years} years on {on}",
    "age_not_met": "not eligible: 「{quote}」, but {years} years on {on}",
    "age_missing": "needs the registration date (registered_on) for 「{quote}」",
    "operating_missing": "needs operating_years for 「{quote}」",
    "window_met": "「{quote}」: settled {settled}, the window runs through {until}",
    "window_not_met": "not eligible: 「{quote}」: settled {settled}, the window closed on {until}",
    "window_missing": "needs the settling date (settled_on) for 「{quote}」",
    "legal_form_met": "「{quote}」: {form}",
    "legal_form_not_met": "not eligible: 「{quote}」, the profile's legal form is {form}",
    "title_excluded_hit": "not eligible: 「{quote}」 excludes a firm titled {title}",
    "title_required_met": "「{quote}」: titled {title}",
    "title_required_missing": "not eligible: 「{quote}」 asks for a title the profile does not hold ({titles})",
    "declared_yes": "「{quote}」: declared ({key})",
    "declared_no": "not eligible: 「{quote}」: the profile declares no ({key})",
    "declaration_missing": "needs the declaration {key} (yes or no) for 「{quote}」",
    "amount_not_stated": "meets the conditions; the sum is set by the department (金额由主管部门核定): up to {money}",
    "amount_not_stated_open": "the sum is set by the department (金额由主管部门核定)",
    "tier_cap": "meets the tier; that tier pays up to {money} (最高: a cap, not a stated sum)",
    "figure_missing_rate": "the sum is a rate ({rate}) of a cost the profile does not give",
    "figure_missing_units": "the sum is an amount per unit; the number of units is not in the profile",
    "level_named": "the sum depends on a level the text names (国家级/省级 …): checked by hand",
    "by_hand": "the sum is decided case by case (一事一议 / 给予适当支持): checked by hand",
    "explained_counted": "{where}: + {money}",
    "explained_dropped": "{where}: {money} not added (non-cumulation)",
    "explained_total": "total {money}",
    "deadline_passed": "the deadline {deadline} has passed on {on}",
    "possible_step": "possible: {step}",
}

ZH: dict[str, str] = {
    "figure": "{label}",
    "figure_short": "{label}",
    "kind": "{label}",
    "list_sep": "、",
    "kind_sep": "、",
    "and": "，且",
    "clause_sep": "；",
    "doc_named": "《{doc_no}》",
    "doc_its": "该文件",
    "doc_a": "该文件",
    "doc_id": "编号为 {doc_id} 的文件",
    "where": "{doc} 条款{clause}",
    "money": "{amount} {currency}",
    "money_unknown": "金额未写明",
    "low_inclusive": "不低于 {value}",
    "low_exclusive": "超过 {value}",
    "high_inclusive": "不超过 {value}",
    "high_exclusive": "低于 {value}",
    "interval_and": " 且",
    "interval_any": "不限",
    "why_no_interval": "条件未写明数值范围",
    "why_no_metric": "条件未写明考核指标",
    "why_no_figure": "企业数据项中没有与{metric}「{words}」对应的一项",
    "why_no_figure_in": "企业数据项中没有以{dimension}计、与{metric}「{words}」对应的一项",
    "why_tied": "{metric}「{words}」可能指{figures}中的任一项",
    "beneficiary_unknown": "该措施面向「{named}」，请人工核实是否包括{own_label}",
    "beneficiary_other": "该措施面向{named}，不面向{own}",
    "condition_met": "条件{said}已满足：{figure} = {value}",
    "condition_not_met": "条件{said}未满足：{figure}为 {value}，需{needs}",
    "condition_not_met_lowest": "条件{said}未满足：{figure}为 {value}，最低一档需{needs}",
    "either": "（满足其一即可）",
    "condition_give": "{lead}需补充：{figure}——条件{said}",
    "condition_by_hand": "{lead}条件{said}需人工核实（{why}）",
    "no_figure_decides": "文件未写明可据以判断的数据条件，请对照条款原文核实",
    "tier_condition": "{said}（{figure} = {value}）",
    "tier_met": "符合档次：{tier} → {paid}",
    "tier_no_sum": "文件未写明该档金额",
    "tier_needs": "{said}需{needs}",
    "tier_not_higher": "未达到 {money}一档：{needs}",
    "tier_level": "{level}一档（{paying}）按文件所列级别或类别认定，请人工核实",
    "tier_level_higher": "更高的{level}一档（{paying}）按文件所列级别或类别认定，请人工核实",
    "level_unknown": "相应",
    "tier_give": "需补充：{figure}",
    "tier_by_hand": "需人工核实（{why}）",
    "tier_open": "{said} → {paying}",
    "tiers_open": "{what}——各档条件：{tiers}",
    "tiers_open_higher": "{what}——更高档次条件：{tiers}",
    "up_to_with_information": "补充所需信息后最高可得 {money}",
    "up_to": "满足条件时最高可得 {money}",
    "scope_document": "同一企业就高不重复",
    "scope_topic": "同类措施「{topic}」就高不重复",
    "scope_others": "与其他文件的同类措施「{topic}」重叠，就高不重复",
    "not_added": "未计入合计：{doc}规定“{sentence}”（{what}），已计入{where}",
    "note_once": "{doc}规定“{sentence}”（{what}）：只计入{where}（{money}）；未计入：{dropped}",
    "note_dropped": "{where}（{money}）",
    "note_overlap": "{doc}规定“{sentence}”（{what}）：计入{high}；{low}不计入",
    "report_title": "{profile} — {kind}，{where}，匹配日期 {on}",
    "report_columns": "结果|文号|条款|类别|金额|措施",
    "report_status_eligible": "符合",
    "report_status_needs_information": "需补充信息",
    "report_status_not_eligible": "不符合",
    "report_nothing_in_force": "（该地区在该日期没有有效的措施）",
    "report_total": "符合条件的措施合计：{totals}",
    "report_total_none": "无",
    "report_count": "{status} {n} 项",
    "report_non_cumulation": "未计入合计（不重复享受规则）：",
    "report_skipped": "该地区在该日期不在有效期内的文件：",
    "report_skipped_line": "{doc}：{status}",
    "report_repealed": "所在条款已被其他文件废止、未纳入匹配的措施：",
    "report_repealed_line": "{doc} {clause}：{reason}",
    "report_validity_in_force": "现行有效",
    "report_validity_not_yet_effective": "尚未施行",
    "report_validity_expired": "已失效",
    "report_validity_repealed": "已废止",
    "report_validity_superseded": "已被新版本取代",
    "report_validity_unknown": "效力未知",
    "report_validity_conflict": "文号冲突",
    "territory_in": "{place}属于「{quote}」",
    "territory_out": "不符合：措施适用于「{quote}」，{place}不在其内",
    "age_met": "「{quote}」：截至{on}已满{years}年",
    "age_not_met": "不符合：要求「{quote}」，截至{on}为{years}年",
    "age_missing": "需补充注册日期以判断「{quote}」",
    "operating_missing": "需补充运营年限以判断「{quote}」",
    "window_met": "「{quote}」：{settled}落户，期限至{until}",
    "window_not_met": "不符合：「{quote}」：{settled}落户，期限已于{until}届满",
    "window_missing": "需补充落户日期以判断「{quote}」",
    "legal_form_met": "「{quote}」：符合",
    "legal_form_not_met": "不符合：要求「{quote}」，企业组织形式不符",
    "title_excluded_hit": "不符合：「{quote}」，企业已获{title}",
    "title_required_met": "「{quote}」：已获{title}",
    "title_required_missing": "不符合：「{quote}」要求的称号企业未持有（{titles}）",
    "declared_yes": "「{quote}」：企业已声明符合",
    "declared_no": "不符合：「{quote}」：企业声明不符合",
    "declaration_missing": "需声明是否符合「{quote}」",
    "amount_not_stated": "符合条件；金额由主管部门核定：最高 {money}",
    "amount_not_stated_open": "金额由主管部门核定",
    "tier_cap": "符合档次；该档最高 {money}（上限，非确定金额）",
    "figure_missing_rate": "按 {rate} 的比例计算，企业信息未给出计算基数",
    "figure_missing_units": "按数量计算，企业信息未给出数量",
    "level_named": "金额按文件所列级别（国家级/省级 …）确定，需人工核对",
    "by_hand": "金额一事一议或酌情给予，需人工核对",
    "explained_counted": "{where}：+ {money}",
    "explained_dropped": "{where}：{money} 不重复计算",
    "explained_total": "合计 {money}",
    "deadline_passed": "申报截止日期 {deadline} 已于 {on} 前过去",
    "possible_step": "可能：{step}",
}

TEMPLATES: dict[str, dict[str, str]] = {"en": EN, "zh": ZH}
# currencies as shown next to an amount; English shows the code itself
CURRENCIES: dict[str, dict[str, str]] = {"en": {}, "zh": {"CNY": "元", "USD": "美元"}}
# a condition's dimension (kb.queries.match.dimension) when a reason names it
DIMENSIONS: dict[str, dict[str, str]] = {"en": {}, "zh": {
    "CNY": "人民币", "USD": "美元", "m2": "平方米", "mu": "亩", "count": "数量", "years": "年", "months": "月",
    "fraction": "比例"}}


def checked_lang(lang: str) -> str:
    """``lang`` if it is one of ``LANGS``; otherwise ValueError.

    Example: checked_lang("zh") == "zh"
    """
    if lang not in TEMPLATES:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")
    return lang


def text(lang: str, key: str, /, **fields: Any) -> str:
    """The template ``key`` of ``lang`` filled with ``fields``.

    Example: text("en", "where", doc="衡政发〔2024〕4号", clause="2.3.5") == "衡政发〔2024〕4号 clause 2.3.5"
    """
    return TEMPLATES[checked_lang(lang)][key].format(**fields)


def currency_name(lang: str, currency: str | None) -> str:
    """A currency as shown after an amount: 元 / 美元 in Chinese, the code in English, "" when unknown.

    Example: currency_name("zh", "USD") == "美元"; currency_name("en", "USD") == "USD"
    """
    if not currency:
        return ""
    return CURRENCIES[checked_lang(lang)].get(currency, currency)


def money(lang: str, amount: str | None, currency: str | None) -> str:
    """An amount already formatted, with its currency: ``500,000 CNY`` / ``500,000 元``; None when the text
    states no sum (``? CNY`` / ``金额未写明``).

    Example: money("zh", "1,200,000", "USD") == "1,200,000 美元"; money("en", "500", None) == "500"
    """
    if amount is None:
        return text(lang, "money_unknown", currency=currency_name(lang, currency)).rstrip()
    return text(lang, "money", amount=amount, currency=currency_name(lang, currency)).rstrip()


def dimension_name(lang: str, dimension: str | None) -> str:
    """A condition's dimension in words: ``平方米`` for m2 in Chinese, the code in English.

    Example: dimension_name("zh", "years") == "年"
    """
    return DIMENSIONS[checked_lang(lang)].get(dimension or "", dimension or "")


def _doc_name(entry: dict[str, Any]) -> str:
    return " ".join(p for p in (entry.get("doc_no"), entry.get("title")) if p) or f"编号 {entry.get('id')}"


def _reason_not_held_zh(result: dict[str, Any], repealed: list[dict[str, Any]]) -> str:
    """A document known only from the held documents that repeal, amend or replace it."""
    ended = sorted((r for r in repealed + list(result.get("superseded_by") or []) if r.get("from")),
                   key=lambda r: r["from"])
    pending = result.get("pending_repeal")
    if result.get("status") in {"repealed", "superseded"} and ended:
        text = f"本库未收录该文件；已被 {_doc_name(ended[0])} 废止，自 {ended[0]['from']} 起（“{ended[0].get('quote') or ''}”）"
    elif pending:
        text = f"本库未收录该文件，其效力无法判断；{_doc_name(pending)} 将自 {pending['from']} 起废止该文件（“{pending.get('quote') or ''}”）"
    else:
        text = "本库未收录该文件，其效力仅能依据提及它的文件判断"
    return f"{text}。以上仅依据本库所收文件判断。"


def _next_day(day: str | None) -> str:
    """The day after an ISO date (the first day a document is no longer in force), "?" when unknown."""
    if not day:
        return "?"
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


def reason_zh(result: dict[str, Any]) -> str:
    """The validity reason in Chinese (the app's; the CLI prints the English ``reason`` of ``status``), built
    from the status fields and the deciding quotes."""
    basis = result.get("basis") or {}
    quotes = [f"“{b['quote']}”" for key in ("effective", "term", "expiry") if (b := basis.get(key)) and b.get("quote")]
    said = "（依据：" + "".join(quotes) + "）" if quotes else ""
    status, start, end = result.get("status"), result.get("effective_from"), result.get("expires_on")
    repealed = sorted((r for r in result.get("repealed_by") or [] if not r.get("partial") and r.get("from")),
                      key=lambda r: r["from"])
    newer = [r for r in result.get("superseded_by") or [] if r.get("from")]
    if result.get("in_corpus") is False:
        return _reason_not_held_zh(result, repealed)
    if status == "conflict":
        twins = "、".join(f"{_doc_name(o)}（编号 {o.get('id')}）" for o in result.get("conflicts") or [])
        text = (f"文号冲突：本库另有同一文号、不同文本的文件{('：' + twins) if twins else ''}，"
                "且无版本日期或修订、修正说明可资区分，无法判断效力；请删除错误的一份")
    elif status == "repealed" and repealed:
        text = f"已被 {_doc_name(repealed[0])} 废止，自 {repealed[0]['from']} 起（“{repealed[0].get('quote') or ''}”）"
    elif status == "superseded" and newer:
        text = f"已被 {newer[-1].get('version_date') or newer[-1]['from']} 的新版本取代，自 {newer[-1]['from']} 起"
    elif status == "unknown":
        text = "文件中未见施行日期，无法判断"
    elif status == "not_yet_effective":
        text = f"自 {start} 起施行，尚未生效{said}"
    elif status == "expired":
        text = f"施行期间 {start} 至 {end}，{end} 为最后有效日，自 {_next_day(end)} 起失效{said}"
    else:
        text = f"自 {start} 起施行" + (f"，有效至 {end}" if end else "，文件未规定有效期") + said
    return f"{text}。以上仅依据本库所收文件判断。"


# -- the app's words for statuses and caveats (issue 16) ------------------------------------------------------

STATUS_ZH: dict[str, str] = {
    "in_force": "现行有效", "not_yet_effective": "尚未施行", "expired": "已失效", "repealed": "已废止",
    "superseded": "已被新版本取代", "unknown": "效力未知", "conflict": "文号冲突（同一文号、不同文本）",
}


# the roles of money and rates that are not support (extractor/data/amounts.yaml not_paid): shown as what they are
NOT_PAID_ROLE_ZH: dict[str, str] = {
    "loan_limit": "贷款额度上限", "withdrawal_limit": "提取额度上限", "down_payment": "首付款",
    "down_payment_share": "首付比例",
    "guarantee_amount": "担保额度", "guarantee_share": "保函（担保）占监管资金比例", "interest_rate": "利率",
    "price": "价格", "price_share": "占价格比例", "fee": "收费标准", "fee_rate": "费率", "registered_capital": "注册资本",
}


def not_paid_role_label(role: str | None) -> str | None:
    """The Chinese name of a role of money that is not paid (a loan ceiling, a down-payment share …), None for
    any other role.

    Example: not_paid_role_label("loan_limit") == "贷款额度上限"; not_paid_role_label("award") is None
    """
    return NOT_PAID_ROLE_ZH.get(role or "")


def status_label(status: str | None) -> str:
    """A status key in Chinese, as the app shows it (``in_force`` → 现行有效).

    Example: status_label("expired") == "已失效"
    """
    return STATUS_ZH.get(status or "unknown", status or STATUS_ZH["unknown"])


def caveats_zh(result: dict[str, Any]) -> list[str]:
    """The caveats of a validity result in Chinese, built from its fields (``caveats`` itself is English):
    partial repeals, amendments, an open-ended term, repeals and versions still to come, repeals dated by issue."""
    status, on = result.get("status"), result.get("on") or ""
    out = []
    for r in result.get("repealed_by") or []:
        if r.get("partial"):
            out.append(f"部分条款已被 {_doc_name(r)} 废止：“{r.get('quote') or ''}”")
    for r in result.get("amended_by") or []:
        out.append(f"已被 {_doc_name(r)} 修改" + (f"，自 {r['from']} 起" if r.get("from") else ""))
    if status == "in_force" and not result.get("term_stated") and not result.get("expires_on"):
        out.append("文件未规定有效期，在被废止或被新版本取代前继续有效")
    if status in {"in_force", "not_yet_effective", "expired"}:
        for r in result.get("repealed_by") or []:
            if not r.get("partial") and r.get("from") and r["from"] > on:
                out.append(f"将被 {_doc_name(r)} 废止，自 {r['from']} 起")
        for r in result.get("superseded_by") or []:
            if r.get("from") and r["from"] > on:
                out.append(f"新版本将于 {r['from']} 起施行")
    for caveat in result.get("caveats") or []:
        if "states no effective date" in caveat:
            out.append("废止文件未写明施行日期，以其成文日期作为废止日期")
    return out


_READ_PROBLEMS_ZH: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), zh) for p, zh in (
    (r"^file too large \((?P<size>[\d.]+ MB) > (?P<limit>[\d.]+ MB)", "文件过大（{size}，上限 {limit}）"),
    (r"^text too long \((?P<size>[\d,]+) characters > (?P<limit>[\d,]+)", "正文过长（{size} 字，上限 {limit} 字）"),
    (r"^empty file", "空文件"),
    (r"^binary file", "不是文本文件（二进制内容）"),
    (r"^cannot decode text", "无法识别文本编码（不是 UTF-8、GB18030 或 UTF-16）"),
    (r"^unsupported file type '(?P<suffix>[^']*)'", "不支持的文件类型 {suffix}（支持 .txt .md .html .docx .pdf）"),
    (r"^no text in file", "文件中没有文本（空白，或 PDF 没有文本层）"),
    (r"^no text left after removing markup", "去掉网页标记后没有正文"),
    (r"^not a readable \.(?P<kind>docx|pdf)", "不是可读的 .{kind} 文件（可能已损坏）"),
    (r"^\.docx (expands|member|has)", "该 .docx 文件过大或结构异常，已拒绝读取"),
    (r"^cannot read", "无法读取该文件"),
))


def read_problem_zh(problem: str) -> str:
    """A reader's problem (``extractor.reader.ReadError.problem``, English for the CLI and logs) in Chinese for
    the app; the English itself when no rule knows it.

    Example: read_problem_zh("file too large (72.1 MB > 20.0 MB; POLICYKB_MAX_BYTES sets the limit)")
        == "文件过大（72.1 MB，上限 20.0 MB）"
    """
    for pattern, zh in _READ_PROBLEMS_ZH:
        found = pattern.match(problem)
        if found:
            return zh.format(**found.groupdict())
    return problem
