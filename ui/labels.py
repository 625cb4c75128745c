"""Chinese labels and colours for statuses, fact kinds and roles."""

from kb.text.messages import NOT_PAID_ROLE_ZH, STATUS_ZH

STATUS_LABELS = STATUS_ZH
STATUS_COLORS = {
    "in_force": "green",
    "not_yet_effective": "blue",
    "expired": "red",
    "repealed": "red",
    "superseded": "orange",
    "unknown": "gray",
}
FACT_LABELS = {
    "money": "金额",
    "rate": "比例",
    "rate_series": "逐年比例",
    "per_unit": "单价",
    "cap": "上限",
    "tier": "分档",
    "condition": "条件",
    "eligibility": "资格条件",
    "date": "日期",
    "deadline": "截止",
    "term": "有效期",
    "doc_no": "文号",
    "repeals": "废止",
    "cites": "引用",
    "responsible_unit": "责任单位",
    "beneficiary": "支持对象",
    "non_cumulation": "不重复享受",
    "application": "申报",
    "fund": "专项资金",
}
FACT_COLORS = {
    "money": "#ffd6a5",
    "rate": "#caffbf",
    "per_unit": "#fdffb6",
    "cap": "#ffadad",
    "tier": "#ffc6ff",
    "condition": "#9bf6ff",
    "eligibility": "#b9fbc0",
    "date": "#a0c4ff",
    "term": "#bdb2ff",
    "doc_no": "#e4c1f9",
    "repeals": "#f28482",
    "cites": "#d0f4de",
    "responsible_unit": "#fcf6bd",
    "fund": "#ffcfd2",
}
ROLE_LABELS = {  # a fact's role in its clause (extractor/data/roles.yaml, amounts.yaml)
    "threshold": "门槛", "award": "奖励", "cap": "上限", "subsidy_rate": "补贴比例", "cap_rate": "比例上限",
    "share": "占比", "fund": "资金规模", "budget": "预算", "grant": "支持对象", "responsible": "责任单位",
    "implementing": "实施单位", "declaration": "申报承诺", "operating_age": "经营年限", "legal_form": "主体类型",
    "first_time": "首次", "territory": "注册地", "registration_age": "注册年限", "title_required": "须具备称号",
    "title_excluded": "不得具备称号", "settled_window": "落户期限", "self": "本文件", "cites": "引用",
    "repeals": "废止", "mentions": "提及", "implements": "据以制定", "basis": "依据", "full": "全部废止",
    "print": "印发日期", "issue": "成文日期", "effective": "施行日期", "deadline": "截止日期",
    "document": "全文", "receiver": "受理单位", "materials": "申报材料", "publicity": "公示",
    **NOT_PAID_ROLE_ZH,  # money that is not paid (a loan ceiling, a down-payment share …)
}
EMPTY = "—"  # an empty cell


# a role whose name another kind of fact uses otherwise: a rate's ``full`` is 全额 (全额补贴), a repeal's 全部废止
KIND_ROLE_LABELS = {("rate", "full"): "全额"}


def role_label(role: str | None, kind: str | None = None) -> str:
    if (kind, role) in KIND_ROLE_LABELS:
        return KIND_ROLE_LABELS[(kind, role)]
    return ROLE_LABELS.get(role or "", "其他" if role else EMPTY)
