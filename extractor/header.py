"""Header fields of a policy document: 登记号, 发文字号, title, type, issuers, dates, disclosure, 抄送, jurisdiction.

Works on the normalized text (one paragraph per line). The layout of the genre (GB/T 9704 公文格式):
版头 (…文件), 发文字号, 标题, 主送 (各…：), 正文, 署名 and 成文日期, （此件主动公开）, 抄送, 印发机关和印发日期.
Web reprints and laws drop parts of it; every field is null when the text does not print it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from extractor.datetext import DATE_PATTERN, parse_date_match
from extractor.docno import DOC_NO_PATTERN, ORDER_PATTERN, parse_doc_no, search_doc_no
from extractor.gazetteer import resolve_jurisdiction
from extractor.models import Header
from extractor.organs import ends_like_organ, is_organ_line, organ_lexicon, split_organizations

HEADER_SCAN_LINES = 14
_REG_NO = re.compile(r"^([A-Z]{2,8})\s*[-—–―－]+\s*(\d{4})\s*[-—–―－]+\s*(\d{3,6})$")
_DATE_LINE = re.compile(rf"^{DATE_PATTERN.pattern}$")
_PRINT_LINE = re.compile(rf"^(?P<org>.*?)\s*(?P<date>{DATE_PATTERN.pattern})\s*印发$")
_SALUTATION = re.compile(r"^[^。；]{2,120}：$")
_RED_HEADER = re.compile(r"^(?P<org>[\u4e00-\u9fff]{4,40}?)文件$")
_ORDER_HEAD = re.compile(r"^(?P<org>[\u4e00-\u9fff]{2,30}令)$")
_PUBLISH_NOTE = re.compile(rf"^（(?P<date>{DATE_PATTERN.pattern}).*?(?:公布|发布|通过)）$")
_DISCLOSURE = re.compile(r"^(?:（此件(?P<a>[^）]{2,8})）|公开方式：(?P<b>\S{2,8}))")
_CC = re.compile(r"^抄送：(?P<rest>.*)$")
_LABEL = re.compile(r"^(?:第[一二三四五六七八九十百零〇\d]+[章条节]|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d{1,2}[.、](?!\d))")
_ATTACHMENT_IN_TITLE = re.compile(r"(?:印发|转发|发布)(?:《(?P<q>.+)》|(?P<p>.+?))的(?:通知|决定|公告|通告|函)$")


@dataclass(frozen=True, slots=True)
class _Line:
    text: str
    start: int
    end: int


@cache
def _doc_types() -> tuple[str, ...]:
    data = yaml.safe_load((resources.files("extractor") / "data" / "doc_types.yaml").read_text(encoding="utf-8"))
    return tuple(sorted(data["doc_types"], key=len, reverse=True))


def doc_type_of(title: str | None) -> str | None:
    """The type a title ends with: …的通知 → 通知, …若干措施（试行） → 若干措施."""
    if not title:
        return None
    stem = re.sub(r"（[^（）]{1,12}）$", "", title.strip("》 "))
    for kind in _doc_types():
        if stem.endswith(kind):
            return kind
    return None


def _lines(text: str) -> list[_Line]:
    return [_Line(m.group(0), m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]


def _iso(match: re.Match[str]) -> str | None:
    value = parse_date_match(match)
    return value.isoformat() if value else None


def parse_header(text: str) -> Header:
    header = Header()
    lines = _lines(text)
    if not lines:
        return header
    head = lines[:HEADER_SCAN_LINES]
    skip: set[int] = set()
    red_header_org: str | None = None
    order_org: str | None = None
    publish_date: str | None = None

    for i, line in enumerate(head):
        t = line.text
        if header.reg_no is None and (m := _REG_NO.match(t)):
            header.reg_no = "-".join(m.groups())
            skip.add(i)
        elif m := _RED_HEADER.match(t):
            red_header_org = m.group("org")
            skip.add(i)
        elif header.doc_no is None and _is_doc_no_line(t):
            header.doc_no = parse_doc_no(t)
            skip.add(i)
        elif header.doc_no is None and (m := _ORDER_HEAD.match(t)) and i + 1 < len(head):
            number = re.match(r"^第\s*(\d{1,5})\s*号$", head[i + 1].text)
            if number:
                header.doc_no = parse_doc_no(f"{m.group('org')}第{number.group(1)}号")
                order_org = m.group("org")
                skip.update({i, i + 1})
        elif m := _PUBLISH_NOTE.match(t):
            publish_date = _iso(m)
            if header.doc_no is None and (found := ORDER_PATTERN.search(t)):
                header.doc_no = parse_doc_no(found.group(0))
            skip.add(i)

    if header.doc_no is None:
        orders = [found.group(0) for t in _info_block(lines) if (found := ORDER_PATTERN.search(t))]
        header.doc_no = parse_doc_no(orders[0]) if orders else None
    title_lines, body_index = _title_block(lines, skip)
    if title_lines:
        header.title = "".join(lines[i].text for i in title_lines)
        header.title_span = (lines[title_lines[0]].start, lines[title_lines[-1]].end)
    if header.title and (site := _SITE_PREFIX.match(header.title)):
        # a web page's title line "河南省商务厅-…公告": the publishing body, then the document's own title
        header.title = site.group("title")
        if header.title_span:
            header.title_span = (header.title_span[0] + site.start("title"), header.title_span[1])
        red_header_org = red_header_org or site.group("org")
    if header.doc_no is None and header.title and (glued := _GLUED_DOC_NO.match(header.title)):
        rest = header.title[glued.end() :]
        if ("关于" in rest or doc_type_of(rest)) and not _TITLE_WORDS.search(glued.group("no")):
            # 武公中规〔2026〕2号武汉…关于…的通知: the 文号 printed on the title's line, before it
            header.doc_no = parse_doc_no(glued.group("no"))
            header.title = rest
            if header.title_span:
                header.title_span = (header.title_span[0] + glued.end(), header.title_span[1])
    if order_org and header.title in (None, order_org):
        header.title = _order_title(lines)
    if body_index < len(lines):
        header.body_start = lines[body_index].start
    else:
        header.body_start = len(text)

    _signature_and_dates(header, lines)
    if header.issue_date is None:
        header.issue_date = publish_date or _info_block_date(lines) or header.print_date

    header.doc_type = doc_type_of(header.title)
    _attachment(header, lines, body_index)
    if header.title is None and header.attachment_title:
        header.title, header.doc_type = header.attachment_title, header.attachment_type
    header.issuers = _issuers(header, red_header_org, order_org, lines)
    header.disclosure = _disclosure(lines)
    header.cc = _cc(lines)
    header.jurisdiction = resolve_jurisdiction(" ".join(header.issuers), header.title or "")
    return header


# a site's tag (【贷款】) and a 文号 printed at the start of the title's line
_GLUED_DOC_NO = re.compile(rf"^(?:【[^】]{{1,10}}】)?(?P<no>{DOC_NO_PATTERN.pattern})")
# a title that cites a 文号 (关于转发国办发〔2023〕5号文件的通知) does not start with one
_TITLE_WORDS = re.compile("关于|转发|印发|发布|的")
_SITE_PREFIX = re.compile(
    r"^(?P<org>[\u4e00-\u9fff]{2,24}?(?:厅|局|委员会|政府|办公室|办公厅|部|署))\s*[-－—–]+\s*(?P<title>\S.{3,})$"
)


def _is_doc_no_line(text: str) -> bool:
    match = search_doc_no(text)
    return bool(match) and len(text) - len(match.group(0)) <= 4 and not text.startswith("（")


def _title_block(lines: list[_Line], skip: set[int]) -> tuple[list[int], int]:
    """Indices of the title's lines and of the first body line."""
    title: list[int] = []
    i = 0
    while i < min(len(lines), HEADER_SCAN_LINES):
        t = lines[i].text
        if i in skip or _DISCLOSURE.match(t):
            if title:
                i += 1
                break
            i += 1
            continue
        if _SALUTATION.match(t):
            return title, i + 1
        if _LABEL.match(t) or len(t) > 90 or re.search("[。；]", t) or _DATE_LINE.match(t):
            break
        if title and not _continues_title(lines, title, t):
            break
        title.append(i)
        i += 1
    # No salutation: the body starts right after the title (or after skipped header lines).
    while i < len(lines) and (i in skip or _DISCLOSURE.match(lines[i].text)):
        i += 1
    return title, i


_CLOSING_TYPES = re.compile(r"(?:通知|公告|通告|决定|函|批复|报告|命令)(?:（[^）]{1,12}）)?$")


def _continues_title(lines: list[_Line], title: list[int], text: str) -> bool:
    so_far = "".join(lines[j].text for j in title)
    if len(so_far) + len(text) > 120:
        return False
    if "关于" in so_far or ends_like_organ(so_far):
        # 关于… titles end with their 文种; a line of issuers is followed by the rest of the title.
        return not _CLOSING_TYPES.search(so_far)
    return not doc_type_of(so_far)


def _order_title(lines: list[_Line]) -> str | None:
    """A government order (…令 第N号) announces a rule; its title is the rule's, printed after the date."""
    for i, line in enumerate(lines[:HEADER_SCAN_LINES]):
        if _DATE_LINE.match(line.text):
            for after in lines[i + 1 : i + 3]:
                if doc_type_of(after.text) and not re.search("[，。；：]", after.text):
                    return after.text
    return None


def _signature_and_dates(header: Header, lines: list[_Line]) -> None:
    for line in reversed(lines):
        if line.text.endswith("印发") and (m := _PRINT_LINE.match(line.text)):  # a line has no \n for $ to precede
            header.print_date = _iso(m)
            break
    for i, line in enumerate(lines):
        if (m := _DATE_LINE.match(line.text)) and i > 0:
            header.issue_date = _iso(m)
            return


def _info_block(lines: list[_Line]) -> list[str]:
    """Laws (lawrefbook Markdown, reprints) print, before the first article, when and by whom the text was
    通过 / 公布."""
    block: list[str] = []
    for line in lines[1:12]:
        if _LABEL.match(line.text):
            break
        if DATE_PATTERN.match(line.text.lstrip("（")):
            block.append(line.text)
    return block


def _info_block_date(lines: list[_Line]) -> str | None:
    block = _info_block(lines)
    for wanted in ("公布", "发布", "通过"):
        for t in block:
            if wanted in t and (m := DATE_PATTERN.search(t)):
                return _iso(m)
    return None


_CONGRESS = re.compile(r"(?P<body>[\u4e00-\u9fff]{0,12}?人民代表大会(?:常务委员会)?)第[一二三四五六七八九十百]+次(?:全体)?会议")


def _info_block_issuer(lines: list[_Line]) -> str | None:
    for t in _info_block(lines):
        if found := ORDER_PATTERN.search(t):
            agency = parse_doc_no(found.group(0))
            if agency:
                return re.sub(r"^中华人民共和国", "", agency.agency.removesuffix("令"))
        if m := _CONGRESS.search(t):
            return re.sub(r"^.*?日|第[一二三四五六七八九十]+届", "", m.group("body"))
    return None


def _attachment(header: Header, lines: list[_Line], body_index: int) -> None:
    if not header.title:
        return
    match = _ATTACHMENT_IN_TITLE.search(header.title)
    if not match:
        return
    inner = (match.group("q") or match.group("p") or "").strip("《》")
    inner = re.sub(r"^[\u4e00-\u9fff]{2,30}?(?:关于)", "", inner) if inner.startswith("关于") else inner
    inner = inner.translate(str.maketrans("〈〉<>", "《》《》"))
    header.attachment_title = inner or None
    header.attachment_type = doc_type_of(inner)


def _issuers(header: Header, red_header_org: str | None, order_org: str | None, lines: list[_Line]) -> list[str]:
    signers = _signature_block(lines)
    if signers:
        return signers
    if order_org or header.doc_no and header.doc_no.year is None and header.doc_no.agency.endswith("令"):
        agency = order_org or header.doc_no.agency
        return [re.sub(r"^中华人民共和国", "", agency.removesuffix("令"))]
    if red_header_org:
        return split_organizations(red_header_org)
    if from_info := _info_block_issuer(lines):
        return [from_info]
    if header.title and ("关于" in header.title or "-" in header.title):
        prefix = re.split("关于|-", header.title, maxsplit=1)[0]
        if prefix and ends_like_organ(prefix):
            return split_organizations(prefix)
    for line in reversed(lines):
        if (m := _PRINT_LINE.match(line.text)) and m.group("org"):
            return [m.group("org")]
    return []


def _signature_block(lines: list[_Line]) -> list[str]:
    """Organizations on the lines right above the first standalone date line (署名 over 成文日期)."""
    for i, line in enumerate(lines):
        if not _DATE_LINE.match(line.text) or i == 0:
            continue
        orgs: list[str] = []
        j = i - 1
        while j >= 0 and j >= i - organ_lexicon().signature_max_lines:
            t = lines[j].text
            trailing = re.search(r"[：:]\d[\d-]{5,}(?P<orgs>[\u4e00-\u9fff]+)$", t)
            if trailing and ends_like_organ(trailing.group("orgs")):
                orgs[:0] = split_organizations(trailing.group("orgs"))
                break
            if not is_organ_line(t):
                break
            orgs[:0] = split_organizations(t)
            j -= 1
        if orgs:
            return orgs
        if re.match(r"^(?:市长|省长|州长|县长|区长|主任|局长)：", lines[i - 1].text):
            return []
    return []


def _disclosure(lines: list[_Line]) -> str | None:
    for line in lines:
        if m := _DISCLOSURE.match(line.text):
            return m.group("a") or m.group("b")
        if m := re.search(r"公开方式：(\S{2,6}?)$", line.text):
            return m.group(1)
    return None


def _cc(lines: list[_Line]) -> list[str]:
    units: list[str] = []
    collecting = False
    for line in lines:
        t = line.text
        if m := _CC.match(t):
            collecting, t = True, m.group("rest")
        elif not collecting:
            continue
        if _PRINT_LINE.match(t) or is_organ_line(t) and not t.endswith(("市委", "单位")) and units:
            break
        units.extend(u for u in re.split(r"[，、。；,]", t) if u.strip())
    return units
