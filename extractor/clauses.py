"""Clause tree: the numbered structure of a document's body.

``parse_clauses(text, body_start)`` reads the normalized text (one paragraph per line) from ``body_start`` and
returns every clause in text order. A label is only ever read at the start of a line:

==========  =====================  ==========  ========
style       printed                kind        id part
==========  =====================  ==========  ========
bian        第一编                  chapter     b1
fenbian     第一分编                chapter     f1
zhang       第一章                  chapter     c1
jie         第一节                  section     s1
tiao        第五条, 第五条之一       article     a5, a5-1
cn          一、                    item        1
cn_paren    （一）                  item        1
num         1.  1、                 item        1
num_half    1）                     item        1
num_paren   （1）                   item        1
circled     ①                      item        1
attachment  附件 / 附件1             attachment  att1
==========  =====================  ==========  ========

Nesting. The law styles rank in the fixed order 编 > 分编 > 章 > 节 > 条, above every item style. For item
styles the hierarchy is the document's own: a label of a style already open closes back to it (a sibling);
a new style nests under the open clause unless the document has already shown it above that clause's style
(one notice nests 1. under 一、 and, in another section, under （四）); only before the document shows either
does the usual order 一、 > （一） > 1. > 1） > （1） > ① decide. ``level`` is the clause's depth (1 = top), so a
style skipped in one branch leaves no gap.

Plausibility. A candidate is a label only if its number continues a sequence of its style: 1 (a new or
restarted list), the last number + 1 (also across sections: 湘西's （四） under 二、 follows （三） under 一、), one
skipped number, or the next number of an earlier list of that style (a sub-list nested in a table cell). 编, 章,
节 and 条 may open at any number (民法典's books start at 第四百六十三条) and may skip forward. Numbers in a sentence (详见11.5条),
dates (2024年…), decimals (1.5万元, 2024.1) and cross-references (第五条规定…) are never labels.

Parts. A closing block (抄送, 印发, （此件主动公开）, a signature over a date, a list of attachments) ends every
open clause; labels after it start afresh, with their own ranks and numbering (the 若干措施 printed after the
notice that issues it). A line 附件 / 附件1 opens a clause of kind ``attachment`` whose labels nest below it.

Ids are the path of label numbers joined with ``.``: ``2.3.5`` is 5. under （三） under 二、, ``c1.a5.2`` is （二）
of 第五条 in 第一章, ``att1.3`` is 三、 of 附件1. They are URL-safe, stable for the same text,
and a path met twice (a list restarting under the same parent) gets ``_2``, ``_3``.

Spans run from the label to the next clause at the same or a higher level, the closing block, or the end of
the text, without trailing line breaks; ``text[start:end]`` starts with the label.

Headings. 第X章 has its title (总则); 第X条 only a bracketed one (第一条【目的】). An item has a heading when it
starts with a short title that something follows: the whole line ((（一）鼓励…落户邵阳 / body below) or its
first sentence (1.支持跨境电子商务产业园建设。对经…). A whole-sentence item (（十七）州内企业在海外…) has none.
The lexicons that decide the sentence shape are in ``data/clause_patterns.yaml``; reading one line (its
label, numerals, an item's title) is ``extractor.clause_labels``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.clause_labels import (
    CN_NUM,
    SENTENCE_END,
    Label,
    clause_lexicon,
    cn_number,
    item_heading,
    read_label,
)
from extractor.models import Clause

_LAW_RANK = {"bian": 0, "fenbian": 1, "zhang": 2, "jie": 3, "tiao": 4}
_ID_PREFIX = {"bian": "b", "fenbian": "f", "zhang": "c", "jie": "s", "tiao": "a"}
_KIND = {"bian": "chapter", "fenbian": "chapter", "zhang": "chapter", "jie": "section", "tiao": "article"}
_FREE_START = frozenset(_LAW_RANK)  # a law split into books starts mid-sequence
_MAX_SEQUENCES = 4  # earlier lists of a style that a label may still continue

# The usual order of item styles, used only until the document itself shows which nests in which.
_CONVENTIONAL = ("cn", "cn_paren", "num", "num_half", "num_paren", "circled")
_LINE = re.compile(r"[^\n]+")
_ARTICLE_TITLE = re.compile(r"^\s*[【［]([^】］]{1,20})[】］]")

_ATTACHMENT_LIST = re.compile(r"^附件[:：]\s*(?P<rest>.*)$")
_ATTACHMENT = re.compile(
    r"^附件\s*(?P<n>\d{1,2}|[一二三四五六七八九十]{1,3})?\s*(?P<colon>[:：])?\s*(?P<rest>.*)$"
)
_LIST_ITEM = re.compile(r"^(\d{1,2})[.、]\s*\S")
_DATE_LINE = re.compile(
    rf"^(?:\d{{4}}|[{CN_NUM}○]{{4}})年[\d{CN_NUM}]{{1,2}}月[\d{CN_NUM}]{{1,3}}[日号](?:印发)?$"
)
_PRINTED_LINE = re.compile(r"^.{0,40}\d{4}年\d{1,2}月\d{1,2}日印发$")
_DISCLOSURE_LINE = re.compile(r"^（此件[^）]{0,20}）$")


@dataclass(slots=True)
class _Open:
    id: str
    label: str
    style: str
    level: int
    parent: str | None
    kind: str
    start: int
    line_end: int
    rest: str
    line_index: int
    heading: str | None = None  # set when known at opening (chapters, articles, attachments)
    end: int = -1
    enumerated: bool = False  # follows a one-line sibling ending in ；


@dataclass(slots=True)
class _Part:
    """Ranks and numbering of one run of labels (a body, or an attachment)."""

    above: set[tuple[str, str]] = field(default_factory=set)  # (ancestor style, descendant style) seen
    sequences: dict[str, list[int]] = field(default_factory=dict)

    def closes(self, style: str, open_style: str) -> bool:
        """Whether a new label of ``style`` ends an open clause of ``open_style`` (else it nests inside)."""
        if open_style == "attachment":
            return False
        if style in _LAW_RANK or open_style in _LAW_RANK:
            if style in _LAW_RANK and open_style in _LAW_RANK:
                return _LAW_RANK[style] <= _LAW_RANK[open_style]
            return style in _LAW_RANK
        if style == open_style or (style, open_style) in self.above:
            return True
        if (open_style, style) in self.above:
            return False
        return _CONVENTIONAL.index(style) < _CONVENTIONAL.index(open_style)

    def plausible(self, label: Label) -> bool:
        seqs = self.sequences.get(label.style)
        if label.sub:
            return bool(seqs) and seqs[-1] == label.number
        if not seqs:
            return label.number == 1 or label.style in _FREE_START
        if label.number == 1:
            return True
        return self._continued(seqs, label.number, label.style) is not None

    def record(self, label: Label) -> None:
        if label.sub:
            return
        seqs = self.sequences.setdefault(label.style, [])
        index = self._continued(seqs, label.number, label.style) if label.number != 1 else None
        if index is None:
            seqs.append(label.number)
            del seqs[:-_MAX_SEQUENCES]
        else:
            seqs[index] = label.number
            del seqs[index + 1 :]

    @staticmethod
    def _continued(seqs: list[int], number: int, style: str) -> int | None:
        for index in range(len(seqs) - 1, -1, -1):
            if number == seqs[index] + 1:
                return index
        # A law's structure lines are unambiguous once the guards passed: articles glued into the line above
        # by a broken source leave gaps, which must not drop the rest of the law.
        if seqs and (number == seqs[-1] + 2 or (style in _LAW_RANK and number > seqs[-1])):
            return len(seqs) - 1
        return None


class _Parser:
    def __init__(self, text: str, body_start: int) -> None:
        self.text = text
        self.lines = [(m.start(), m.end()) for m in _LINE.finditer(text, max(0, body_start))]
        self.stack: list[_Open] = []
        self.done: list[_Open] = []
        self.used: set[str] = set()
        self.next_suffix: dict[str, int] = {}  # a repeated id's next suffix to try (every lower one is taken)
        self.part = _Part()
        self.fresh = False  # a closing block ended the part: the next label starts a new one
        self.list_next: int | None = None  # next number of a list of attachments
        self.last_open_line = -1
        self.attachments = 0

    def run(self) -> list[Clause]:
        for index, (start, end) in enumerate(self.lines):
            self._line(index, start, end)
        self._close_all(len(self.text))
        self.done.sort(key=lambda c: (c.start, c.level))
        return [self._freeze(c) for c in self.done]

    def _line(self, index: int, start: int, end: int) -> None:
        line = self.text[start:end]
        if self.list_next is not None:
            item = _LIST_ITEM.match(line)
            if item and int(item.group(1)) == self.list_next:
                self.list_next += 1
                return
            self.list_next = None
        if self._attachment(index, line, start, end):
            return
        tail_start = self._tail_start(index, line, start)
        if tail_start is not None:
            self._close_all(tail_start)
            self.fresh = True
            return
        label = read_label(line)
        if self.fresh and label is not None:
            self.part, self.fresh = _Part(), False
        if label is None or not self.part.plausible(label):
            self._plain_line(index, start)
            return
        sibling = any(c.style == label.style for c in self.stack)
        enumerated = False
        while self.stack and (sibling or self.part.closes(label.style, self.stack[-1].style)):
            closed = self.stack.pop()
            self._close(closed, start)
            if closed.style == label.style:
                enumerated = closed.end == closed.line_end and self.text[closed.end - 1] == "；"
                break
        self.part.record(label)
        self.part.above.update((c.style, label.style) for c in self.stack if c.style != "attachment")
        self._open(label, index, start, end)
        self.stack[-1].enumerated = enumerated

    def _plain_line(self, index: int, start: int) -> None:
        """A paragraph after the last item of an enumeration (（一）…；（二）…。) belongs to the parent."""
        top = self.stack[-1] if self.stack else None
        if top and top.enumerated and top.line_index == index - 1 and self.text[top.line_end - 1] == "。":
            self._close(self.stack.pop(), start)

    def _open(self, label: Label, index: int, start: int, end: int) -> None:
        parent = self.stack[-1] if self.stack else None
        if label.style in _LAW_RANK:
            part = f"{_ID_PREFIX[label.style]}{label.number}" + (f"-{label.sub}" if label.sub else "")
            kind = _KIND[label.style]
        else:
            part, kind = str(label.number), "item"
        heading = None
        if label.style == "tiao":
            title = _ARTICLE_TITLE.match(label.rest)
            heading = title.group(1) if title else None
        elif kind in ("chapter", "section"):
            heading = label.rest.strip() or self._title_below(index)
        clause = _Open(
            id=self._unique(f"{parent.id}.{part}" if parent else part),
            label=label.text,
            style=label.style,
            level=parent.level + 1 if parent else 1,
            parent=parent.id if parent else None,
            kind=kind,
            start=start,
            line_end=end,
            rest=label.rest,
            line_index=index,
            heading=heading,
        )
        self.stack.append(clause)
        self.last_open_line = index

    def _attachment(self, index: int, line: str, start: int, end: int) -> bool:
        """附件：… lists attachments (a closing block); 附件 / 附件1 opens one."""
        if not line.startswith("附件"):
            return False
        listing = _ATTACHMENT_LIST.match(line)
        match = _ATTACHMENT.match(line)
        if listing or not match:
            if not listing:
                return False
            rest = listing.group("rest")
            first = _LIST_ITEM.match(rest)
            self.list_next = 1 if not rest else (int(first.group(1)) + 1 if first else None)
            self._close_all(start)
            self.fresh = True
            return True
        number, rest = match.group("n"), match.group("rest").strip()
        lex = clause_lexicon()
        if rest and (number is None or lex["file_ext"].search(rest)):
            return False
        if rest and match.group("colon") is None and rest.startswith(lex["reference_followers"]):
            return False
        self._close_all(start)
        self.attachments += 1
        parsed = cn_number(number) if number else None
        label = line[: match.start("colon")] if match.group("colon") else line[: match.start("rest")].rstrip()
        clause = _Open(
            id=self._unique(f"att{parsed if parsed is not None else self.attachments}"),
            label=label,
            style="attachment",
            level=1,
            parent=None,
            kind="attachment",
            start=start,
            line_end=end,
            rest=rest,
            line_index=index,
            heading=rest or self._title_below(index),
        )
        self.stack.append(clause)
        self.last_open_line = index
        self.part, self.fresh = _Part(), False
        return True

    def _title_below(self, index: int) -> str | None:
        """The next line, when it reads as the title of the heading above it (附件1 / 广州市…指标体系)."""
        if index + 1 >= len(self.lines):
            return None
        start, end = self.lines[index + 1]
        line = self.text[start:end]
        if len(line) > 60 or read_label(line) or SENTENCE_END.search(line) or re.search("[，；：]", line):
            return None
        return line

    def _tail_start(self, index: int, line: str, start: int) -> int | None:
        """Where the closing block starts, if this line belongs to one."""
        lex = clause_lexicon()
        if (
            line.startswith(lex["tail_prefixes"])
            or line.rstrip("。！!") in lex["closing_formulas"]
            or _DISCLOSURE_LINE.match(line)
            or _PRINTED_LINE.match(line)
        ):
            return start
        if not _DATE_LINE.match(line):
            return None
        first = index
        while first - 1 > self.last_open_line and first > index - 5:
            previous_start, previous_end = self.lines[first - 1]
            if not self._is_signature(self.text[previous_start:previous_end]):
                break
            first -= 1
        if first < index:
            return self.lines[first][0]
        return start if index == len(self.lines) - 1 else None

    @staticmethod
    def _is_signature(line: str) -> bool:
        lex = clause_lexicon()
        compact = line.replace(" ", "")
        return (
            0 < len(compact) <= lex["signature_max_chars"]
            and not re.search("[，。；：、！？,;:]", compact)
            and (compact[-1] in lex["org_suffixes"] or compact.endswith("（盖章）"))
        )

    def _unique(self, candidate: str) -> str:
        result, suffix = candidate, self.next_suffix.get(candidate, 2)
        while result in self.used:
            result, suffix = f"{candidate}_{suffix}", suffix + 1
        self.next_suffix[candidate] = suffix
        self.used.add(result)
        return result

    def _close(self, clause: _Open, at: int) -> None:
        end = at
        while end > clause.start and self.text[end - 1].isspace():
            end -= 1
        clause.end = max(end, clause.start + len(clause.label))
        if clause.kind == "item":
            clause.heading = item_heading(clause.rest, continues=clause.end > clause.line_end)
        self.done.append(clause)

    def _close_all(self, at: int) -> None:
        while self.stack:
            self._close(self.stack.pop(), at)

    @staticmethod
    def _freeze(clause: _Open) -> Clause:
        return Clause(
            id=clause.id,
            label=clause.label,
            level=clause.level,
            parent=clause.parent,
            heading=clause.heading,
            start=clause.start,
            end=clause.end,
            kind=clause.kind,
        )


def parse_clauses(text: str, body_start: int = 0) -> list[Clause]:
    """The clause tree of a normalized text, read from ``body_start``, in text order."""
    return _Parser(text, body_start).run()

