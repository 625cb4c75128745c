"""Chinese labels and colours for statuses and fact kinds."""

STATUS_LABELS = {
    "in_force": "现行有效",
    "not_yet_effective": "尚未施行",
    "expired": "已失效",
    "repealed": "已废止",
    "superseded": "已被新版本取代",
    "unknown": "效力未知",
}
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
    "date": "#a0c4ff",
    "term": "#bdb2ff",
    "doc_no": "#e4c1f9",
    "repeals": "#f28482",
    "cites": "#d0f4de",
    "responsible_unit": "#fcf6bd",
    "fund": "#ffcfd2",
}
