"""Every page of the Streamlit app runs without exception and shows real content (streamlit.testing AppTest)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

from kb import KnowledgeBase
from tests.app.tables import html_tables
from tests.conftest import CORPUS, ROOT
from ui.compare_page import CHART_TAB

TIMEOUT = 60


@pytest.fixture(scope="module", autouse=True)
def seeded_store(tmp_path_factory: pytest.TempPathFactory):
    db = tmp_path_factory.mktemp("app-store") / "policykb.sqlite"
    subprocess.run([sys.executable, "-m", "kb", "ingest", str(CORPUS), "--db", str(db)], check=True,
                   capture_output=True, cwd=ROOT)
    previous = os.environ.get("POLICYKB_DB")
    os.environ["POLICYKB_DB"] = str(db)
    yield db
    if previous is None:
        os.environ.pop("POLICYKB_DB", None)
    else:
        os.environ["POLICYKB_DB"] = previous


def page(name: str) -> AppTest:
    at = AppTest.from_string(f"from ui import {name}\n{name}.render()\n", default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def all_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [str(c.value) for c in at.caption] + [t.value for t in at.title]
    parts += [str(d.value) for d in at.dataframe] + [str(t.value) for t in at.table]
    parts += [str(e.value) for e in at.error] + [str(i.value) for i in at.info] + [str(s.value) for s in at.subheader]
    parts += [str(w.value) for w in at.warning] + [b.label for b in at.button]
    parts += [h.proto.body for h in at.get("html")]
    return "\n".join(parts)


def test_app_routes_to_the_search_page() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    assert any("政策检索" in t.value for t in at.title)


def test_search_finds_overseas_warehouse_measures() -> None:
    at = page("search_page")
    at.text_input(key="search_query").input("海外仓").run()
    assert not at.exception
    text = all_text(at)
    assert "衡政发〔2024〕4号" in text
    assert "邵市政办发〔2023〕21号" in text


def test_document_page_shows_header_clauses_and_facts() -> None:
    at = page("document_page")
    select = at.selectbox(key="document_select")
    (hengyang,) = [o for o in select.options if "衡政发〔2024〕4号" in o]
    select.set_value(_option_key(at, hengyang)).run()
    assert not at.exception
    text = all_text(at)
    assert "衡政发〔2024〕4号" in text and "2026-05-06" in text  # header: 文号 and last day in force
    assert "支持跨境电商业务试点" in text  # a heading in the clause tree
    assert "200,000 元" in text  # the facts table: 最高给予一次性20万元 as a value in yuan
    assert "湘政办发〔2023〕9号" in text  # a cited document, named though not held here
    assert '<a href="#clause-2-1">' in text  # the tree links to （一）'s place in the text
    assert ">二、（一）1.<" in text or ">二、（一）<" in text  # clause labels as printed, not 2.1.1
    assert "subsidy_rate" not in text and "threshold" not in text  # roles in Chinese


def test_document_page_says_what_repeals_it() -> None:
    """丽政办发〔2024〕64号 repeals 丽政办发〔2021〕67号 (not held): the document lists it under what it names."""
    at = AppTest.from_string("from ui import document_page\ndocument_page.render()\n", default_timeout=TIMEOUT)
    at.query_params["doc"] = _option_key(at, "丽政办发〔2024〕64号")
    at.run()
    assert not at.exception
    text = all_text(at)
    assert "废止：丽政办发〔2021〕67号" in text and "本库未收录" in text
    assert "引用本文件的文件" in text


@pytest.mark.parametrize("doc_no", ["邵市政办发〔2023〕21号", "衡政发〔2024〕4号", "丽政办发〔2024〕64号"])
def test_document_page_names_related_documents_without_a_stray_space(doc_no: str) -> None:
    """A document cited by its title alone (湖南省规范性文件管理办法, no 文号) reads "引用：湖南省…"."""
    at = AppTest.from_string("from ui import document_page\ndocument_page.render()\n", default_timeout=TIMEOUT)
    at.query_params["doc"] = _option_key(at, doc_no)
    at.run()
    assert not at.exception
    related = [m.value for m in at.markdown if "：" in m.value and m.value.startswith("- ")]
    related += [b.label for b in at.button if "：" in b.label]
    assert related
    assert not [r for r in related if re.search(r"：\s", r)]


def _option_key(at: AppTest, label: str) -> str:
    from ui import api

    for doc in api.documents():
        if doc.get("doc_no") and doc["doc_no"] in label:
            return str(doc["id"])
    raise AssertionError(label)


@pytest.mark.parametrize(("day", "said"), [
    ((2026, 11, 22), ["已失效", "2026-05-06"]),
    ((2015, 6, 1), ["尚未施行", "2015-06-01"]),  # ten years back: outside Streamlit's default span for a date input
])
def test_validity_page_answers_for_hengyang_on_a_day(day: tuple[int, int, int], said: list[str]) -> None:
    at = page("validity_page")
    at.date_input(key="validity_on").set_value(__import__("datetime").date(*day))
    at.text_input(key="validity_ref").input("衡政发〔2024〕4号")
    at.button(key="validity_ask").click().run()
    assert not at.exception
    text = all_text(at)
    assert all(words in text for words in said), said


@pytest.mark.parametrize(("name", "keys"), [("validity_page", ["validity_on"]), ("search_page", ["search_on"]),
                                              ("compare_page", ["compare_on"]),
                                              ("match_page", ["match_on", "match_registered", "match_settled"])])
def test_every_date_input_takes_any_day_from_1900(name: str, keys: list[str]) -> None:
    """Streamlit's default span is ten years either side of today: a lawyer's 2015-06-01 turned the field red and
    the page answered for another day (seen in Chromium)."""
    at = page(name)
    for key in keys:
        widget = at.date_input(key=key)
        assert (widget.proto.min, widget.proto.max) == ("1900-01-01", "2100-12-31"), key


def test_validity_page_suggests_for_unknown_doc_no_and_a_suggestion_answers() -> None:
    at = page("validity_page")
    at.date_input(key="validity_on").set_value(__import__("datetime").date(2025, 6, 1))
    at.text_input(key="validity_ref").input("衡政发〔2024〕44号")
    at.button(key="validity_ask").click().run()
    assert not at.exception and at.error
    suggestion = at.button(key="validity_suggestion_0")
    assert "衡政发〔2024〕4号" in suggestion.label
    suggestion.click().run()
    assert not at.exception and not at.error
    assert at.text_input(key="validity_ref").value == "衡政发〔2024〕4号"
    assert "现行有效" in all_text(at)


def test_validity_page_names_who_mentions_a_document_not_held() -> None:
    at = page("validity_page")
    at.text_input(key="validity_ref").input("丽政办发〔2021〕67号")
    at.button(key="validity_ask").click().run()
    assert not at.exception
    text = all_text(at)
    # not held, but repealed by a held document: its status from that document (issue 12), said in Chinese
    assert "本库未收录" in text and "丽政办发〔2024〕64号" in text and "已废止" in text and "2025-01-01" in text


def test_validity_caveats_are_in_chinese() -> None:
    """州政办发〔2018〕25号 states no term: in force until repealed, said in Chinese."""
    at = page("validity_page")
    at.text_input(key="validity_ref").input("州政办发〔2018〕25号")
    at.button(key="validity_ask").click().run()
    assert not at.exception
    captions = [str(c.value) for c in at.caption]
    assert "文件未规定有效期，在被废止或被新版本取代前继续有效" in captions
    assert not any("in force" in c or "repealed" in c for c in captions)


def test_search_page_tells_the_true_total_and_pages() -> None:
    at = page("search_page")
    at.text_input(key="search_query").input("补贴").run()
    assert not at.exception
    from ui import api

    total = api.search("补贴")["total"]
    assert total > 20
    assert any(f"共 {total} 条结果，第 1–20 条" in str(c.value) for c in at.caption)
    first = {b.label + k for k, b in ((b.key, b) for b in at.button) if b.key and b.key.startswith("open_")}
    at.number_input(key="search_page_no").set_value(2).run()
    assert not at.exception
    assert any(f"第 21–{min(40, total)} 条" in str(c.value) for c in at.caption)
    assert at.button(key="open_20") and not first & {b.label + b.key for b in at.button if b.key}


def test_search_page_places_a_doc_no_hit_without_a_dangling_separator() -> None:
    """A 文号 hit is the document, not a clause: its line names the 文号 and stops there (it ended in " · ")."""
    at = page("search_page")
    at.text_input(key="search_query").input("邵市政办发〔2023〕21号").run()
    assert not at.exception
    lines = [str(m.value) for m in at.markdown if "邵市政办发" in str(m.value)]
    assert lines, all_text(at)
    assert not [line for line in lines if re.search(r"·\s*$", line)], lines
    clause_lines = [line for line in lines if "第" in line.split("\n")[-1]]
    assert all(" · " in line for line in clause_lines), clause_lines


def test_search_page_ranks_documents_in_force_first() -> None:
    """补贴 on the seeds: relevance puts expired 衡政发〔2024〕4号's clauses among those in force; the page shows
    every hit in force first (the API's order), says so, and gives relevance back when asked."""
    with KnowledgeBase.open(os.environ["POLICYKB_DB"]) as kb:
        relevance = kb.search("补贴", limit=1000)
        ranked = kb.search("补贴", limit=1000, in_force_first=True)
    statuses = [h.status for h in relevance]
    assert "in_force" in statuses[statuses.index("expired"):]  # else the order proves nothing
    assert sorted((h.doc_id, h.clause) for h in ranked) == sorted((h.doc_id, h.clause) for h in relevance)
    in_force = [h for h in ranked if h.status == "in_force"]
    assert ranked[:len(in_force)] == in_force and ranked.total == relevance.total
    assert [h for h in ranked if h.status != "in_force"] == [h for h in relevance if h.status != "in_force"]

    at = page("search_page")
    at.text_input(key="search_query").input("补贴").run()
    assert not at.exception
    assert any("现行有效的文件在前" in str(c.value) for c in at.caption)
    shown = [m.value for m in at.markdown if m.value.startswith("**")]
    assert len(shown) == 20
    assert [h.doc_no for h in ranked[:20]] != [h.doc_no for h in relevance[:20]]  # the two orders differ here
    assert [s.split("  \n")[1].split(" · ")[0] for s in shown] == [h.doc_no or "无文号" for h in ranked[:20]]
    at.selectbox(key="search_order").set_value("relevance").run()
    shown = [m.value for m in at.markdown if m.value.startswith("**")]
    assert [s.split("  \n")[1].split(" · ")[0] for s in shown] == [h.doc_no or "无文号" for h in relevance[:20]]


def test_search_page_hints_on_zero_hits() -> None:
    at = page("search_page")
    at.text_input(key="search_query").input("海外仓 量子计算").run()
    assert not at.exception
    assert at.warning and "没有找到" in at.warning[0].value
    hint = at.button(key="search_shorter_0")
    assert hint.label.startswith("海外仓（")
    hint.click().run()
    assert at.text_input(key="search_query").value == "海外仓"
    assert "衡政发〔2024〕4号" in all_text(at)


def test_browse_page_lists_every_document_and_filters_by_facet() -> None:
    at = page("browse_page")
    (table,) = html_tables(at)
    assert len(table) == 5 and "湘西土家族苗族自治州" in " ".join(r["地区"] for r in table)
    assert all(r["成文日期"] and r["时效性"] and r["领域"] for r in table)  # the columns the grid cut at 1400 px
    city = at.multiselect(key="browse_city")
    assert any(o.startswith("邵阳市（2）") for o in city.options)
    city.select("衡阳市").run()
    assert not at.exception
    (table,) = html_tables(at)
    assert [r["文号"] for r in table] == ["衡政发〔2024〕4号"]
    assert {r["时效性"] for r in table} <= {"现行有效", "已失效", "尚未施行", "已废止", "已被新版本取代", "效力未知"}
    with KnowledgeBase.open(os.environ["POLICYKB_DB"]) as kb:
        (held,) = [d for d in kb.documents() if d.get("doc_no") == "衡政发〔2024〕4号"]
    assert f'href="./document?doc={held["id"]}"' in at.get("html")[0].proto.body  # the row opens its document


def test_graph_page_speaks_chinese() -> None:
    at = page("graph_page")
    edges = at.multiselect(key="graph_edges")
    assert set(edges.value) >= {"cites", "repeals"}
    assert {"引用", "废止"} <= set(edges.options)
    spec = __import__("json").loads(at.get("plotly_chart")[0].proto.spec)
    edge_labels = {a["text"] for a in spec["layout"]["annotations"] if a.get("text")}
    assert edge_labels == {"引用", "废止", "属于"}  # the default relations, each edge labelled
    assert {t["name"] for t in spec["data"]} <= {"行政区划", "本库文件", "未收录的文件", "发文机关"}
    held = [t for t in spec["data"] if t["name"] == "本库文件"][0]
    assert all(isinstance(d[0], int) for d in held["customdata"])  # a click on a document knows its id


def test_compare_page_lists_hengyang_and_shaoyang_for_overseas_warehouses() -> None:
    at = page("compare_page")
    assert at.selectbox(key="compare_topic").value == "海外仓"
    text = all_text(at)
    assert "衡阳市" in text and "邵阳市" in text
    assert "湘西土家族苗族自治州" in text and "海外托管仓" in text  # its 海外托管仓 is an overseas warehouse too


def test_compare_page_by_keywords_names_an_expired_city_and_shows_per_unit_awards() -> None:
    at = page("compare_page")
    at.radio(key="compare_by").set_value("关键词").run()
    # asked for words first, not answered "no measure" for a default the store may not hold (购房补贴 on the seeds)
    assert [i.value for i in at.info] == ["请输入关键词。"] and at.text_input(key="compare_query").value == ""
    at.text_input(key="compare_query").set_value("海外仓").run()
    at.multiselect(key="compare_cities").set_value(["衡阳市", "邵阳市"]).run()
    at.date_input(key="compare_on").set_value(__import__("datetime").date(2026, 6, 1)).run()
    assert not at.exception
    assert any("衡阳市" in i.value and "衡政发〔2024〕4号" in i.value and "2026-05-06" in i.value for i in at.info)
    assert at.expander and any("海外仓" in m.value for m in at.markdown)
    at.radio(key="compare_by").set_value("主题").run()
    at.selectbox(key="compare_topic").set_value("物流与口岸").run()
    at.date_input(key="compare_on").set_value(None).run()
    assert not at.exception
    units = [t for t in html_tables(at) if t and "单位" in t[0]]
    assert units and "元/票" in {r["单位"] for r in units[0]} and "120" in {r["标准"] for r in units[0]}
    assert "30万人民币" in {r["封顶"] for r in units[0]}  # 每年最高30万元, in 万 like the measures' table


def test_match_page_runs_a_profile() -> None:
    """衡阳's cross-border seller with 120万美元 of exports, while 衡政发〔2024〕4号 was in force: the top tier, which
    pays 最高 50万元 (up to: the most it could be, never a certain sum)."""
    at = page("match_page")
    at.selectbox(key="match_city").set_value("衡阳市").run()
    at.date_input(key="match_on").set_value(__import__("datetime").date(2025, 6, 1))
    at.selectbox(key="match_legal_form").set_value("independent_legal_person")
    at.checkbox(key="match_decl_pays_tax_locally").check()
    at.checkbox(key="match_decl_in_customs_statistics").check()
    at.text_input(key="match_fig_cross_border_export_usd").set_value("120万美元")  # as written, with its unit
    at.button[0].click().run()
    assert not at.exception
    table = at.dataframe[0].value
    top = table[(table["文号"] == "衡政发〔2024〕4号") & table["理由"].str.contains("超过100万美元")]
    assert len(top) == 1
    row = top.iloc[0]
    assert (row["结果"], row["确定金额(万)"], row["最高可能(万)"]) == ("需补充信息", "—", "50")  # in 万, as on 对比
    assert "上限，非确定金额" in row["理由"] and row["币种"] == "人民币" and "CNY" not in set(table["币种"])
    columns = __import__("json").loads(at.dataframe[0].proto.columns)  # the reasons readable, not cut at the edge
    assert columns["理由"]["width"] == "large" and columns["结果"]["pinned"] and columns["文号"]["pinned"]
    certain, possible = (str(m.value) for m in at.metric)
    assert certain == "0" and possible != "0"  # nothing certain; the most it could be counts the 50 万元


def test_match_page_names_the_documents_left_out() -> None:
    """On 2026-12-01 衡阳's only document has expired: the page says so rather than showing an empty table."""
    at = page("match_page")
    at.selectbox(key="match_city").set_value("衡阳市").run()
    at.date_input(key="match_on").set_value(__import__("datetime").date(2026, 12, 1))
    at.button[0].click().run()
    assert not at.exception
    left_out = at.table[0].value
    assert list(left_out["文号"]) == ["衡政发〔2024〕4号"] and list(left_out["效力"]) == ["已失效"]
    assert "2026-05-06 为最后有效日，自 2026-05-07 起失效" in left_out["原因"][0]  # why, in Chinese (the store's reason is English)


@pytest.mark.parametrize("name", ["upload_page"])
def test_other_pages_render(name: str) -> None:
    page(name)


def test_upload_page_refuses_on_a_read_only_node(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYKB_READ_ONLY", "1")
    at = page("upload_page")
    assert any("只读" in str(e.value) for e in at.error)
    assert not at.get("file_uploader")


def _charts(at: AppTest) -> list[dict]:
    import json

    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _bars(at: AppTest) -> list[tuple[str, float]]:
    """Every bar of the page's charts: (category, value), whichever way the bars lie."""
    bars = []
    for chart in _charts(at):
        for trace in chart["data"]:
            across = trace.get("orientation") == "h"
            bars += list(zip(trace["y" if across else "x"], trace["x" if across else "y"], strict=True))
    return bars


@pytest.mark.parametrize("topic", ["海外仓", "跨境电商业绩奖励"])
def test_compare_chart_draws_one_bar_per_measure_never_a_sum(topic: str) -> None:
    """A bar for each measure with an upper bound, at its own place, as long as that measure's bound: a city's
    measures are never stacked into a sum under a title that says per measure."""
    from decimal import Decimal

    from ui import api

    at = page("compare_page")
    assert not at.get("plotly_chart")  # the chart's tab is drawn when opened, not with the page
    at.session_state["compare_view"] = CHART_TAB
    at.selectbox(key="compare_topic").set_value(topic).run()
    assert not at.exception
    bounds = sorted(Decimal(str(m["upper_bound"])) / 10000 for city in api.compare(topic, (), None)["cities"]
                    for m in city.get("measures") or [] if m.get("upper_bound") is not None)
    bars = _bars(at)
    assert len({category for category, _ in bars}) == len(bars) == len(bounds)
    assert sorted(Decimal(str(value)) for _, value in bars) == bounds
    assert all("每项措施" in c["layout"]["title"]["text"] and "不相加" in c["layout"]["title"]["text"]
               for c in _charts(at))


@pytest.mark.parametrize(("city", "on"), [("邵阳市", "2025-06-01"), ("邵阳市", "2026-12-01"),  # before, after 11-30
                                          ("衡阳市", "2025-06-01")])  # no receiver: who runs the application
def test_match_page_says_how_to_apply_for_each_measure(city: str, on: str) -> None:
    """Each measure the API matches with an application procedure shows when and where to apply (and that this
    year's deadline has passed), in its row and in the 如何申报 section, as the API's match gives them."""
    from datetime import date

    from ui import api

    at = page("match_page")
    at.selectbox(key="match_city").set_value(city).run()
    at.date_input(key="match_on").set_value(date.fromisoformat(on))
    at.text_input(key="match_fig_cross_border_export_usd").set_value("120万美元")
    at.button[0].click().run()
    assert not at.exception
    profile = {"name": "表单企业", "city": city, "county": None, "zone": None, "registered_on": None,
               "settled_on": None, "entity_kind": "enterprise", "legal_form": None, "titles": [],
               "declarations": {}, "figures": {"cross_border_export_usd": "120万美元"}}
    results = api.match(profile, on)["results"]
    applications = [r["application"] for r in results
                    if (r.get("application") or {}).get("where") or (r.get("application") or {}).get("organiser")]
    assert applications  # the seeds name where to apply or who runs it, or this test proves nothing
    table = at.dataframe[0].value
    guide = "\n".join(m.value for m in at.markdown)
    for row, r in zip(table.to_dict("records"), results, strict=True):
        application = r.get("application") or {}
        for said in (application.get("deadline_text"), application.get("where") or application.get("organiser")):
            if said:
                assert said in row["如何申报"] and said in guide, (row, application)
        for material in application.get("materials") or []:
            assert material in row["申报材料"] and material in guide
        assert ("本年度已过" in row["如何申报"]) is bool(application.get("deadline_passed"))


@pytest.mark.parametrize("on", ["2025-06-01", "2026-06-01"])
def test_validity_timeline_colours_each_bar_by_its_status_with_a_legend(on: str) -> None:
    """Each document's bar has the colour of its status on the query date, each colour named once in the
    legend by that status, and the query date's line in a colour no status has."""
    from datetime import date

    from kb.text.messages import STATUS_ZH
    from ui import api

    at = page("validity_page")
    assert not at.get("plotly_chart")  # the timeline is drawn when its expander is opened
    at.session_state["validity_timeline_open"] = True
    at.date_input(key="validity_on").set_value(date.fromisoformat(on))
    at.button(key="validity_ask").click().run()
    assert not at.exception
    (chart,) = [c for c in _charts(at) if any(t.get("mode") == "lines" for t in c["data"])]
    colour_of = {}
    for trace in chart["data"]:
        colour_of.setdefault(trace["name"], set()).add(trace["line"]["color"])
    named = {t["name"] for t in chart["data"] if t.get("showlegend", True)}
    assert named == set(colour_of) and all(len(c) == 1 for c in colour_of.values())
    assert chart["layout"].get("showlegend", True) is not False
    for period in api.periods():
        status = api.status(period["id"], on)["status"]
        (trace,) = [t for t in chart["data"] if t["y"][0] == period["doc_no"]]
        assert trace["name"] == STATUS_ZH[status]
    (line,) = chart["layout"]["shapes"]
    assert line["line"]["color"] not in {c for cs in colour_of.values() for c in cs}


@pytest.mark.parametrize(("typed", "said"), [
    ("3000万元", "是人民币金额，此项须填美元金额"),  # a figure in another currency: refused, never converted
    ("很多", "不是数字"),
])
def test_match_page_says_in_chinese_what_is_wrong_with_a_figure(typed: str, said: str) -> None:
    at = page("match_page")
    at.selectbox(key="match_city").set_value("衡阳市").run()
    at.text_input(key="match_fig_cross_border_export_usd").set_value(typed)
    at.button[0].click().run()
    assert not at.exception
    (error,) = [str(e.value) for e in at.error]
    assert error.startswith("「当年跨境电商出口额（美元）」") and said in error
    assert not re.search(r"[A-Za-z]{3,}", error)


def test_match_page_decides_nothing_on_a_date_the_user_did_not_give() -> None:
    """注册日期 starts empty (unknown): no measure is refused or granted on a default day the visitor never typed
    (it once started at 2020-01-01 and refused 衡阳's 自其落户两个自然年度内 with it)."""
    at = page("match_page")
    at.selectbox(key="match_city").set_value("衡阳市").run()
    assert at.date_input(key="match_registered").value is None
    at.date_input(key="match_on").set_value(__import__("datetime").date(2025, 6, 1))
    at.text_input(key="match_fig_cross_border_export_usd").set_value("120万美元")
    at.button[0].click().run()
    assert not at.exception
    assert "2020-01-01" not in all_text(at)


def test_match_page_asks_first_for_the_figures_of_the_city_chosen() -> None:
    """丽水's measures in force ask for 人民币 figures (网络零售额, 出口额): their fields come first, before the usual
    美元 ones, as the API's figures_asked lists them; 衡阳 (its one document expired) keeps the usual fields."""
    at = page("match_page")
    at.selectbox(key="match_city").set_value("丽水市").run()
    with KnowledgeBase.open(os.environ["POLICYKB_DB"]) as kb:
        asked = kb.figures_asked("丽水市")
    assert "cross_border_export_cny" in asked  # else this test proves nothing
    from ui.match_page import COMMON_FIGURES

    fields = [t.key.removeprefix("match_fig_") for t in at.text_input if t.key and t.key.startswith("match_fig_")]
    in_order = list(dict.fromkeys([*asked, *COMMON_FIGURES]))  # the form's order: asked first, then the usual
    assert fields == in_order[0::2] + in_order[1::2]  # laid out two to a row: the tree lists one column, then the other
    at.selectbox(key="match_city").set_value("衡阳市").run()
    assert at.text_input(key="match_fig_cross_border_export_usd")



def test_compare_page_says_a_support_states_no_sum() -> None:
    at = page("compare_page")
    at.selectbox(key="compare_topic").set_value("人才培训").run()
    assert not at.exception
    # 邵阳 （五） 对培训机构给予以适当补贴: no sum in the text, said so beside the quote, no number made up
    assert any("一事一议或酌情给予" in c.value for c in at.caption)
    assert any("给予以适当补贴" in m.value for m in at.markdown)
