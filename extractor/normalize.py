"""Normalization as ordered rewrites that keep an offset map back to the raw text.

Each pass rewrites a ``Mapped`` text and carries, for every output character, the offset of the raw character
it came from. The passes, in order:

1. line endings: CRLF / CR → LF;
2. widths: full-width letters, digits and ％＋－．／ → ASCII; ideographic space and NBSP → space;
3. Markdown marks: front matter, HTML comments (``<!-- INFO END -->``), leading ``#``, ``>``, ``**`` pairs,
   ``---`` rules (seed 003);
4. spaces: leading and trailing spaces of lines, and spaces next to a Chinese character (``30 万元`` → ``30万元``);
   runs of spaces between Latin words shrink to one;
5. punctuation: ASCII brackets → （）, and , ; : ? ! beside a Chinese character → ，；：？！;
6. broken lines: a line broken by PDF extraction (``重要力`` / ``量``) is rejoined; headings, signatures,
   dates, labels and the 抄送 block are not glued on;
7. paragraphs: blank lines dropped, so the result has one paragraph per line.

Nothing else is removed or reordered: every output character is a raw character or a documented replacement.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

CJK = r"\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u2018-\u201d\u2014\u2026\u00b7\u3010\u3011"
_CJK_CHAR = re.compile(f"[{CJK}]")

_WIDTH_TABLE = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}  # ０-９
_WIDTH_TABLE.update({code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_WIDTH_TABLE.update({code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_WIDTH_TABLE.update({ord(c): ord(a) for c, a in zip("％＋－．／＝＜＞", "%+-./=<>", strict=True)})
_WIDTH_TABLE.update({0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20})
_ZERO_WIDTH = re.compile("[\u200b\ufeff]")

_HALF_TO_FULL_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}

TERMINAL_PUNCT = "。！？；：!?;:"
# A line that starts like one of these begins a new unit and is never glued to the line before.
_BLOCK_START = re.compile(
    r"^(?:第[一二三四五六七八九十百千零〇两\d]+[编章节条款]|[一二三四五六七八九十百]+、|"
    r"[（(][一二三四五六七八九十百]+[）)]|\d{1,3}[.．、](?!\d)|\d{1,2}[.．](?=\d{4}年)|[（(]\d{1,3}[）)]|[①-⑳]|"
    r"附件|附表|抄送|抄报|印发|主题词|关键词|联系人|联系电话|公开方式|特此|[（(]此件|<!--|#|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)"
)
_LABEL_START = re.compile(
    r"^(?:第[一二三四五六七八九十百千零〇两\d]+[编章节条]|[一二三四五六七八九十百]+、|"
    r"[（(][一二三四五六七八九十百]+[）)]|\d{1,3}[.．、](?!\d)|[（(]\d{1,3}[）)])"
)
_TITLE_END = re.compile(r"(?:通知|意见|办法|措施|细则|规定|方案|公告|通告|决定|条例|规则|批复|函|文件)(?:（[^）]{1,12}）)?$")
_ORG_END = "局厅委会室府院部署心办处"
_TABLE_CELL = re.compile(r"^(?:/|\d+(?:\.\d+)?|序号|无|[^，。；：]{1,12}/[月年次人])$")
_DIGIT_CONTINUATION = re.compile(r"^[万亿元年月日号个家名%‰美平亩吨票人次倍项％]")
MIN_BROKEN_LINE = 16


@dataclass(slots=True)
class Mapped:
    """Text plus, for each character, the raw offset it came from (and a sentinel: the raw length)."""

    text: str
    offsets: list[int]

    @classmethod
    def identity(cls, raw: str) -> Mapped:
        return cls(raw, list(range(len(raw) + 1)))


Edit = tuple[int, int, str]  # replace text[start:end] with the string


def apply_edits(mapped: Mapped, edits: Iterable[Edit]) -> Mapped:
    """Apply non-overlapping, sorted edits. A replacement's characters map onto the replaced raw characters
    one to one while they last, then onto the last one."""
    pieces: list[str] = []
    offsets: list[int] = []
    text, old = mapped.text, mapped.offsets
    pos = 0
    for start, end, replacement in edits:
        pieces.append(text[pos:start])
        offsets.extend(old[pos:start])
        if replacement:
            pieces.append(replacement)
            span = max(end - start, 1)
            offsets.extend(old[start + min(i, span - 1)] for i in range(len(replacement)))
        pos = end
    pieces.append(text[pos:])
    offsets.extend(old[pos:])
    return Mapped("".join(pieces), offsets)


def substitute(mapped: Mapped, pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str]) -> Mapped:
    edits = []
    if isinstance(repl, str) and "\\" not in repl:  # a plain string: expanding it (parsed anew per match) is itself
        for match in pattern.finditer(mapped.text):
            if repl != match.group(0):
                edits.append((match.start(), match.end(), repl))
    else:
        for match in pattern.finditer(mapped.text):
            new = repl(match) if callable(repl) else match.expand(repl)
            if new != match.group(0):
                edits.append((match.start(), match.end(), new))
    return apply_edits(mapped, edits) if edits else mapped


def _line_endings(m: Mapped) -> Mapped:
    return substitute(m, re.compile(r"\r\n?"), "\n")


_WIDE_CHAR = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_WIDTH_TABLE)) + "]")
_WIDE_TO_NARROW = {chr(code): chr(narrow) for code, narrow in _WIDTH_TABLE.items()}


def _widths(m: Mapped) -> Mapped:
    m = substitute(m, _ZERO_WIDTH, "")
    # str.translate looks every character up in the table; a text holds few wide ones, which re finds faster
    if len(_WIDE_CHAR.findall(m.text)) * 16 < len(m.text):
        return Mapped(_WIDE_CHAR.sub(lambda wide: _WIDE_TO_NARROW[wide.group(0)], m.text), m.offsets)
    return Mapped(m.text.translate(_WIDTH_TABLE), m.offsets)


_MD_HEADING = re.compile(r"^[ \t]*(?:#{1,6}|>)[ \t]*", re.M)
_MD_RULE = re.compile(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", re.M)
_MD_BOLD = re.compile(r"\*\*|_(?:_(?=\S)|(?<=\S_)_)")  # ** | __ before or after a non-space


_MD_FRONT_MATTER = re.compile(r"\A\s*---\n(?:[A-Za-z_][\w-]*:.*\n)+---[ \t]*(?:\n|\Z)")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)


def _markdown(m: Mapped) -> Mapped:
    m = substitute(m, _MD_FRONT_MATTER, "")
    m = substitute(m, _HTML_COMMENT, "")
    m = substitute(m, _MD_RULE, "")
    m = substitute(m, _MD_HEADING, "")
    return substitute(m, _MD_BOLD, "")


# Each of these patterns opens with the character every match starts with, which lets ``re`` skip to it; read as
# ^[ \t]+|[ \t]+$ (re.M), (?<=[CJK])[ \t]+|[ \t]+(?=[CJK]) and [ \t]{2,}.
_EDGE_SPACES = re.compile(r"[ \t](?:(?<![^\n][ \t])[ \t]*|[ \t]*$)", re.M)
_CJK_SPACES = re.compile(f"[ \t](?:(?<=[{CJK}][ \t])[ \t]*|[ \t]*(?=[{CJK}]))")
_MULTI_SPACES = re.compile(r"[ \t][ \t]+")


def _spaces(m: Mapped) -> Mapped:
    m = substitute(m, _EDGE_SPACES, "")
    m = substitute(m, _CJK_SPACES, "")
    return substitute(m, _MULTI_SPACES, " ")


_BRACKETS = re.compile(r"[()]")
_HALF_PUNCT = re.compile(f"[,;:?!](?:(?<=[{CJK}].)|(?=[{CJK}]))")  # after or before a Chinese character


def _punctuation(m: Mapped) -> Mapped:
    m = substitute(m, _BRACKETS, lambda x: "（" if x.group(0) == "(" else "）")
    return substitute(m, _HALF_PUNCT, lambda x: _HALF_TO_FULL_PUNCT[x.group(0)])


def is_heading_line(line: str) -> bool:
    """A numbered line with no sentence in it (（一）鼓励…落户邵阳), or a title-like line."""
    if _LABEL_START.match(line) and not re.search("[。；]", line):
        return True
    return bool(_TITLE_END.search(line)) and not re.search("[，。；]", line)


def should_join(previous: str, following: str) -> bool:
    """Whether a line break between two non-empty lines is an artefact of PDF extraction."""
    if len(previous) < MIN_BROKEN_LINE or previous[-1] in TERMINAL_PUNCT:
        return False
    if _BLOCK_START.match(following) or is_heading_line(previous) or previous.startswith("附件"):
        return False
    if previous[-1].isdigit() and not _DIGIT_CONTINUATION.match(following):
        return False
    if previous[-1] in "）%" or _TABLE_CELL.match(following):
        return False  # flattened table cells and captions end this way; wrapped prose rarely does
    if len(following) <= 24 and following[-1] in _ORG_END and not re.search("[，。；：、]", following):
        return False  # a signature line
    return not (previous.startswith(("（", "(")) and previous.endswith(("）", ")")))


def _broken_lines(m: Mapped) -> Mapped:
    edits: list[Edit] = []
    previous: str | None = None
    previous_end = 0
    for match in re.finditer(r"[^\n]+", m.text):
        line = match.group(0)
        if previous is not None and should_join(previous, line):
            edits.append((previous_end, match.start(), ""))
        previous = line  # judged on the physical line, so short table cells never snowball
        previous_end = match.end()
    return apply_edits(m, edits) if edits else m


_BLANK_LINES = re.compile(r"\n\n+")
_END_NEWLINES = re.compile(r"\n(?:(?<=\A\n)\n*|\n*\Z)")  # \A\n+|\n+\Z


def _paragraphs(m: Mapped) -> Mapped:
    m = substitute(m, _BLANK_LINES, "\n")
    return substitute(m, _END_NEWLINES, "")


PASSES: tuple[Callable[[Mapped], Mapped], ...] = (
    _line_endings,
    _widths,
    _markdown,
    _spaces,
    _punctuation,
    _broken_lines,
    _paragraphs,
)


def normalize(raw: str) -> Mapped:
    mapped = Mapped.identity(raw)
    for rewrite in PASSES:
        mapped = rewrite(mapped)
    return mapped


def contains_cjk(text: str) -> bool:
    return bool(_CJK_CHAR.search(text))
