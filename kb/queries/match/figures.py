"""Which figure of the vocabulary (``kb/data/figures.yaml``) a threshold asks for: by its metric, its unit
(its dimension: CNY, USD, m2, count …) and its words."""

from __future__ import annotations

from kb.queries.match.profile import Figure, figures
from kb.text.messages import dimension_name, text

_DIMENSION = {"元": "CNY", "CNY": "CNY", "人民币": "CNY", "万元": "CNY", "USD": "USD", "美元": "USD",
              "m2": "m2", "平方米": "m2", "平米": "m2", "㎡": "m2", "亩": "mu", "mu": "mu",
              "家": "count", "个": "count", "名": "count", "位": "count", "人": "count", "次": "count",
              "户": "count", "count": "count", "年": "years", "years": "years", "月": "months",
              "%": "fraction", "fraction": "fraction"}


def dimension(unit: str | None, currency: str | None = None) -> str | None:
    """The dimension of a condition's unit: CNY, USD, m2, mu, count, years, months, fraction or None.

    Example: dimension("元", "CNY") == "CNY"; dimension("月") == "months"
    """
    if currency:
        return _DIMENSION.get(currency, currency)
    return _DIMENSION.get(unit or "")


# -- metric → figure -------------------------------------------------------------------------------------------


def map_metric(metric: str | None, metric_text: str | None, dim: str | None,
               context: str = "", lang: str = "en") -> tuple[str | None, str]:
    """The figure key answering a condition, or None with the reason (in ``lang``); ``context`` is the
    sentence before the number and the clause headings.

    Example: map_metric("出口额", "出口总额", "USD", "对当年跨境电商出口总额")[0] == "cross_border_export_usd"
    """
    if not metric:
        return None, text(lang, "why_no_metric")
    words = metric_text or metric
    scored: list[tuple[int, Figure]] = []
    for figure in figures().values():
        if metric not in figure.metrics or not _unit_fits(figure.unit, dim):
            continue
        if any(w in words for w in figure.exclude):
            continue
        if figure.metric_text and not any(w in words for w in figure.metric_text):
            continue
        score = 2 * bool(figure.metric_text)
        if figure.context:
            if any(w in words for w in figure.context):
                score += 2
            elif any(w in context for w in figure.context):
                score += 1
            else:
                continue
        scored.append((score, figure))
    if not scored:
        if dim:
            return None, text(lang, "why_no_figure_in", metric=metric, words=words,
                              dimension=dimension_name(lang, dim))
        return None, text(lang, "why_no_figure", metric=metric, words=words)
    scored.sort(key=lambda sf: -sf[0])
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        tied = text(lang, "list_sep").join(_figure(f.key, lang, short=True)
                                           for s, f in scored if s == scored[0][0])
        return None, text(lang, "why_tied", metric=metric, words=words, figures=tied)
    return scored[0][1].key, ""


def _unit_fits(unit: str, dim: str | None) -> bool:
    return dim is None or unit == dim or (unit == "years" and dim == "months")


def _figure(key: str | None, lang: str, short: bool = False) -> str:
    """A figure named in a reason: in English ``key (label)`` (``short``: the key), in Chinese its label."""
    figure = figures().get(key or "")
    if figure is None:
        return key or ""
    return text(lang, "figure_short" if short else "figure", key=figure.key, label=figure.label)
