"""The topic taxonomy of support measures (``kb/data/topics.yaml``): classify a clause, resolve a user's topic.

``classify`` first sets aside administration (``administrative`` in the taxonomy: liability and sanctions, forms,
reporting, diagnostic criteria, or a 罚则 / 监督管理 / 附则 heading over the clause): such a sentence is the
fallback (其他) whatever field it or its title names, unless it grants something itself. Then keyword rules:
every keyword of every topic is matched at once, longest first, in the sentence, the clause heading (weighing
more) and the enclosing headings (weighing less), and in the document's title (weighing least) when those hold no
strong keyword; the best score among topics with a strong keyword wins, with a confidence from its margin over the runner-up. Which part of the clause decides: a
keyword in an aside in parentheses, or an item of a roster of several fields (落户、上学、就业), only leans; one
that begins with the last character of a jieba word (养老 in 保养老旧) names nothing; a tie across three domains or
more abstains to the fallback. With no strong keyword, the jieba words of
the text are compared with each topic's example phrases (rapidfuzz); the nearest topic above the cutoff is taken
with a lower confidence (at most ``similarity.max_confidence``); else the fallback topic (其他).

With the document's domain prior (``kb.queries.domain_prior``: the fields its title and issuer name), the topics
of those domains (and of the instrument domain, finance) come first: a tie goes to them; a topic of another domain
is taken only when the clause's own words (sentence or clause heading) name it with a strong keyword and it
outscores the best topic of the document's domains by a weak keyword's weight, or name no topic of those domains;
one named only by an enclosing heading or the title is dropped (其他 when nothing else is left); the title's
keywords count for the document's domains only, and the similarity guess is taken among their topics only. A
document about a field the taxonomy does not hold (the fallback's domain: a regulation of the environment, transport,
education …) names its field as one strong keyword would: a topic of another domain must outscore it by a weak
keyword's weight (老年人 among a bus law's riders is not 养老服务; 畜禽 and 养殖 in a water law are 农业生产).

``resolve_topic`` turns what a user typed (the label, the English key, a keyword or a near miss) into the
label, or raises ``UnknownTopic`` listing the topics. The taxonomy has two levels: every topic belongs to one
domain (住房, 电子商务 …); ``resolve_topics`` also accepts a domain and gives all of its topics.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz, process

from kb.queries.domain_prior import DomainPrior
from kb.queries.taxonomy import Domain, Taxonomy, UnknownTopic, taxonomy
from kb.queries.topic_negation import word_spans

RULE = "rule"
ABSTAIN_CONFIDENCE = 0.5  # 其他 because two domains tie: a decision not to guess, below an administrative one
# an aside in parentheses (含…, 包括但不限于…, 以下简称…) details or names; a strong keyword there only leans
_ASIDE = re.compile(r"（[^（）]*）|\([^()]*\)")
_PHRASE = re.compile(r"[^，,。；;：:！!？?\n]+")
SIMILARITY = "similarity"
ADMINISTRATIVE_CONFIDENCE = 0.6  # 其他 by an administrative rule: a decision, above a similarity guess
PRIOR_CONFIDENCE = 0.5  # 其他 because the clause names only other domains' topics, and not in its own words


def _fold(text: str, tax: Taxonomy) -> str:
    for long, short in tax.fold:
        text = text.replace(long, short)
    return text


def keyword_hits(text: str, tax: Taxonomy | None = None) -> list[tuple[str, str, str]]:
    """``(keyword, topic label, strength)`` for each keyword occurrence, longest match first, left to right; an
    occurrence the text names only to exclude it (非农业, 不含家居, 除住房补贴外) is left out.

    Example: keyword_hits("建设公共海外仓")[0] == ("公共海外仓", "海外仓", "strong")
    """
    return [(word, label, strength) for word, label, strength, _ in _located_hits(text, tax or taxonomy())]


def _located_hits(text: str, tax: Taxonomy) -> list[tuple[str, str, str, bool]]:
    """``keyword_hits`` with, for each, whether it stands in an aside in parentheses; a keyword of a retargeted
    set counts for the retarget's topic where the text names its field."""
    if not text or tax.pattern is None:
        return []
    folded = _fold(text, tax)
    excluded = tax.negations.excluder(folded)
    asides = [m.span() for m in _ASIDE.finditer(folded)]
    retargets = [r for r in tax.retargets if r.applies(folded)]
    found = []
    matches = list(tax.pattern.finditer(folded))
    straddles = _straddler(folded) if matches else None
    for m in matches:
        if excluded(m.start(), m.end()) or (straddles and straddles(m.start(), m.end())):
            continue
        aside = any(s < m.start() and m.end() < e for s, e in asides)
        owners = tax.keywords[m.group(0)]
        moved = next((r for r in retargets if m.group(0) in r.keywords), None)
        if moved:
            owners = tuple((moved.topic, strength) for _, strength in owners)
        found.append((m.start(), m.end(), m.group(0), owners, aside))
    rostered = _rostered(folded, [(start, end, {label for label, _ in owners}) for start, end, _, owners, _ in found])
    return [(word, label, strength, aside or (start, end) in rostered)
            for start, end, word, owners, aside in found for label, strength in owners]


def _straddler(text: str) -> Callable[[int, int], bool]:
    """A test of whether the keyword ``text[start:end]`` begins with the last character of a jieba word and runs on
    into the next (标准 in 坐标准确, cut 坐标 / 准确; 养老 in 保养老旧): the keyword is no word of the text. A keyword
    inside a longer word (就业 in 再就业), or one that cuts a compound where jieba splits it further (产业园区 in
    电商产业园区, cut 电商产业园 / 区; 失业保险 in 失业保险金, cut 失业 / 保险金), is still named."""
    spans = [(s, e) for _, s, e in word_spans(text) if e - s > 1]

    def straddles(start: int, end: int) -> bool:
        return any(s < start and e == start + 1 < end for s, e in spans)

    return straddles


def _rostered(text: str, hits: list[tuple[int, int, set[str]]]) -> set[tuple[int, int]]:
    """The spans of keywords that are items of a roster: a phrase of three or more items parted by 、 whose items
    name two topics or more (落户、上学、就业; 税收优惠、社会保险补贴、贷款贴息; 机关事业单位、金融机构、产业园区). Such
    a list names beneficiaries, services or advantages, not the field of the measure; a list of one topic's items
    (家电、家居、数码) is what is supported and keeps its weight. A keyword is an item when it touches a 、."""
    out: set[tuple[int, int]] = set()
    for phrase in _PHRASE.finditer(text):
        if text.count("、", *phrase.span()) < 2:
            continue
        items = [(s, e, labels) for s, e, labels in hits if phrase.start() <= s and e <= phrase.end()
                 and (text[e:e + 1] == "、" or text[s - 1:s] == "、")]
        if len(set().union(*(labels for _, _, labels in items))) >= 2:
            out.update((s, e) for s, e, _ in items)
    return out


def rule_scores(text: str, heading: str | None = None, context: Iterable[str] = (),
                title: str | None = None) -> dict[str, float]:
    """Keyword score of each topic with at least one hit; a keyword counts once per place (text, heading, context,
    the document's title).

    Example: max(rule_scores("建立海外托管仓").items(), key=lambda kv: kv[1])[0] == "海外仓"
    """
    return _scores(text, heading, context, title).scores


@dataclass(slots=True)
class _Evidence:
    scores: dict[str, float] = field(default_factory=dict)
    last: dict[str, int] = field(default_factory=dict)  # index of a topic's last strong hit in the sentence
    strong: set[str] = field(default_factory=set)  # topics with a strong hit anywhere
    own: set[str] = field(default_factory=set)  # topics with a strong hit in the sentence or the clause's heading


def _scores(text: str, heading: str | None, context: Iterable[str], title: str | None,
            prior: DomainPrior | None = None) -> _Evidence:
    tax = taxonomy()
    w = tax.weights
    evidence = _Evidence()
    places = [(text, 1.0), (heading or "", w["heading"])] + [(c, w["context"]) for c in context if c]
    _add_hits(evidence, places, tax, own=2)
    admitted = _admitted(prior, tax)
    # the title names the field (住房, 养老) of a clause that names none itself; with a prior, of a clause that
    # names none of the document's domains, and only the topics of those domains
    if title and not any(admitted(label) for label in evidence.strong):
        _add_hits(evidence, [("", 1.0), (title, w["title"])], tax, own=0, only=admitted if prior else None)
    return evidence


def _admitted(prior: DomainPrior | None, tax: Taxonomy) -> Callable[[str], bool]:
    """Is a topic label of one of the prior's domains (any topic, without a prior)?"""
    if prior is None:
        return lambda label: True
    domain = {t.label: t.domain for t in tax.topics}
    return lambda label: prior.admits(domain.get(label))


def _add_hits(evidence: _Evidence, places: list[tuple[str, float]], tax: Taxonomy, own: int,
              only: Callable[[str], bool] | None = None) -> None:
    """Add the keyword hits of ``places`` (text, weight); the first ``own`` places are the clause's own words;
    ``only`` keeps the hits of some topics."""
    w, scores = tax.weights, evidence.scores
    for n, (place, factor) in enumerate(places):
        seen: set[tuple[str, str]] = set()
        for i, (word, label, strength, aside) in enumerate(_located_hits(place, tax)):
            if only and not only(label):
                continue
            if aside:
                strength = "weak"
            if strength == "strong":
                evidence.strong.add(label)
                if n < own:
                    evidence.own.add(label)
                if n == 0:
                    evidence.last[label] = i
            if (word, label) in seen:
                continue
            seen.add((word, label))
            scores[label] = scores.get(label, 0.0) + w[strength] * factor


@cache
def _examples() -> tuple[list[str], list[str]]:
    """Example phrases as space-joined jieba words, and the topic label of each."""
    tax = taxonomy()
    phrases, owners = [], []
    for t in tax.topics:
        for example in t.examples:
            phrases.append(_words(example))
            owners.append(t.label)
    return phrases, owners


def _words(text: str) -> str:
    from kb.search.analysis import words

    tax = taxonomy()
    return " ".join(w for w in words(_fold(text, tax)) if w not in tax.generic and len(w) > 1)


def similar_topic(text: str, admitted: Callable[[str], bool] | None = None) -> tuple[str, float] | None:
    """The topic whose example phrase is nearest to ``text`` (rapidfuzz token-set ratio over jieba words, 0–100),
    or None when no example shares two words (one shared word, 机构 or 标准, says nothing; the token-set ratio
    of a one-word overlap can still be 100); ``admitted`` keeps the topics of some labels only.

    Example: similar_topic("海外托管仓储面积200平方米")[0] == "海外仓"
    """
    phrases, owners = _examples()
    query = _words(text)
    if not query or not phrases:
        return None
    words = set(query.split())
    for _, ratio, i in process.extract(query, phrases, scorer=fuzz.token_set_ratio, processor=None, limit=10):
        if ratio > 0 and len(words & set(phrases[i].split())) >= 2 and (admitted is None or admitted(owners[i])):
            return owners[i], float(ratio)
    return None


def classify(text: str, heading: str | None = None, context: Iterable[str] = (),
             title: str | None = None, prior: DomainPrior | None = None) -> tuple[str, float, str]:
    """``(label, confidence 0..1, method)`` for a supporting sentence, its clause heading, enclosing headings and
    the document's title (which weighs least: it names the field, 住房 or 养老, more often than the topic).

    ``prior``, the document's domain prior (``kb.queries.domain_prior.prior_of``), keeps the topic within the
    document's domains as the module's docstring says; None classifies the clause alone.

    ``method`` is ``"rule"`` (keywords, or the fallback for an administrative sentence: 罚则, forms, reporting)
    or ``"similarity"`` (example phrases; the fallback label also comes with ``"similarity"`` and a low
    confidence).

    Example: classify("建立海外托管仓，仓储面积200平方米以上，一次性奖励10万元")[:1] == ("海外仓",)
    """
    tax = taxonomy()
    context = list(context)
    if tax.administrative.applies(text, [heading or "", *context]):
        return tax.fallback, ADMINISTRATIVE_CONFIDENCE, RULE
    evidence = _scores(text, heading, context, title, prior)
    scores, last = evidence.scores, evidence.last
    admitted = _admitted(prior, tax)
    # weak keywords (收费, 机动车, 用地) lean, never decide: a topic needs a strong hit somewhere
    if evidence.strong:
        order = {t.label: i for i, t in enumerate(tax.topics)}
        # a tie goes to the topic of the document's domains, then to the one named last in the sentence (…的跨境电商
        # 集货仓，给予…: the thing supported)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], not admitted(kv[0]), -last.get(kv[0], -1),
                                                        order.get(kv[0], 99)))
        chosen = _within_prior(ranked, evidence, admitted, tax) if prior else next(
            kv for kv in ranked if kv[0] in evidence.strong)
        if chosen is None:
            return tax.fallback, PRIOR_CONFIDENCE, RULE
        top, score = chosen
        runner = max((v for k, v in ranked if k != top), default=0.0)
        if _spread_tie(top, score, scores, {label for label in evidence.strong if admitted(label)}, tax):
            return tax.fallback, ABSTAIN_CONFIDENCE, RULE
        margin = max(score - runner, 0.0) / score
        # a clear win on strong evidence (a strong keyword in heading and sentence) approaches 0.95; one strong
        # keyword alone gives 0.75; a tie between topics stays at 0.55, above any similarity
        strength = min(score / (2 * tax.weights["strong"]), 1.0)
        confidence = 0.55 + 0.4 * margin * strength
        return top, round(confidence, 2), RULE
    found = similar_topic(" ".join(p for p in (heading or "", text) if p), admitted if prior else None)
    if found and found[1] >= tax.cutoff:
        label, ratio = found
        return label, round(tax.max_similarity_confidence * ratio / 100, 2), SIMILARITY
    return tax.fallback, 0.2, SIMILARITY


def _within_prior(ranked: list[tuple[str, float]], evidence: _Evidence, admitted: Callable[[str], bool],
                  tax: Taxonomy) -> tuple[str, float] | None:
    """The best topic of the document's domains, unless the clause's own words (a strong keyword in the sentence
    or the clause heading) name a topic of another domain and none of the document's, or name both and the other
    domain's clearly more: by a weak keyword's weight at least (a tie, or one strong keyword against another, stays
    in the document's domains). None when only other domains' topics are named and not in the clause's own words
    (an enclosing heading, the title), or when the document is about a field not held and the other domain's topic
    does not outscore one strong keyword by a weak one's weight."""
    inside = next((kv for kv in ranked if kv[0] in evidence.strong and admitted(kv[0])), None)
    outside = next((kv for kv in ranked if kv[0] in evidence.own and not admitted(kv[0])), None)
    if outside is None:
        return inside
    # a document about a field the taxonomy does not hold (the fallback's domain) names it as one strong keyword
    # would: a topic of another domain must outscore that, as it must outscore a named topic of a held domain
    unheld = tax.weights["strong"] if admitted(tax.fallback) and inside is None else None
    floor = inside[1] if inside else unheld
    if floor is None:
        return outside
    return outside if outside[1] >= floor + tax.weights["weak"] else inside


def _spread_tie(top: str, score: float, scores: dict[str, float], strong: set[str], tax: Taxonomy) -> bool:
    """Do the strong keywords span three domains or more, with the best topic tied by one of another domain?

    Such a sentence enumerates fields (落户、上学、就业、养老、救助; 税收优惠、社保补贴、贷款贴息) as the services or
    advantages of a measure whose own field none of them is; precision before recall, it is 其他. A tie between two
    domains is still decided by position (the thing supported is named last).
    """
    domain = {t.label: t.domain for t in tax.topics}
    if len({domain.get(label) for label in strong}) < 3:
        return False
    return any(scores[label] == score and domain.get(label) != domain.get(top) for label in strong if label != top)


def domain_key(label: str) -> str | None:
    """The key of a topic label's domain; None for a label the taxonomy does not hold (a store built with an older
    taxonomy).

    Example: domain_key("海外仓") == "ecommerce" and domain_key("购房补贴") == "housing"
    """
    topic = taxonomy().by_label().get(label)
    return topic.domain if topic else None


def resolve_topics(user_text: str) -> tuple[Domain | None, list[str]]:
    """A domain (its label or key: every topic of it, in the taxonomy's order) or one topic (``resolve_topic``).

    Returns ``(domain or None, labels)``; raises ``UnknownTopic`` like ``resolve_topic``.

    Example: resolve_topics("housing")[1][:2] == ["购房补贴", "契税补贴"] and resolve_topics("海外仓") == (None, ["海外仓"])
    """
    tax = taxonomy()
    text = (user_text or "").strip()
    if text not in tax.by_label():
        for d in tax.domains:
            if text == d.label or _norm(text) == _norm(d.key):
                return d, [t.label for t in tax.topics if t.domain == d.key]
    return None, [resolve_topic(text)]


def _norm(text: str) -> str:
    return re.sub(r"[\s_\-]+", "_", text.strip().lower())


def resolve_topic(user_text: str) -> str:
    """The topic label for a label, an English key, a strong keyword, or a close variant of a label or key.

    Raises ``UnknownTopic`` (a ``ValueError``) naming the nearest topics and listing them all.

    Example: resolve_topic("overseas_warehouse") == resolve_topic("海外托管仓") == "海外仓"
    """
    tax = taxonomy()
    text = (user_text or "").strip()
    by_label = tax.by_label()
    if text in by_label:
        return text
    by_key = {_norm(t.key): t.label for t in tax.topics}
    if _norm(text) in by_key:
        return by_key[_norm(text)]
    owners = {label for label, strength in tax.keywords.get(text, ()) if strength == "strong"}
    if len(owners) == 1:
        return owners.pop()
    names = [t.label for t in tax.topics] + [t.key for t in tax.topics]
    targets = [t.label for t in tax.topics] * 2
    query = _norm(text) if text.isascii() else text
    choices = [_norm(n) if n.isascii() else n for n in names]
    hits = process.extract(query, choices, scorer=fuzz.WRatio, limit=3, processor=None) if query else []
    good = [h for h in hits if h[1] >= 65]  # one wrong character in a three-character label scores 66.7
    if good and (len(good) == 1 or good[0][1] - good[1][1] >= 5 or targets[good[0][2]] == targets[good[1][2]]):
        return targets[good[0][2]]
    suggestions = list(dict.fromkeys(targets[h[2]] for h in hits if h[1] >= 55))
    raise UnknownTopic(text, suggestions, tax.topics)
