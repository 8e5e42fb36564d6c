"""Compare stage: Claims -> Conflicts, by running each enabled rule over each block."""

from __future__ import annotations

import string
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence

from factcheck.checks import CheckSpec, Draft, Env, registry
from factcheck.fingerprint import fingerprint
from factcheck.model import Article, Claim, Conflict, Evidence, Mention, Span
from factcheck.rules import Rule
from factcheck.text.spans import LineIndex, excerpt


def compare(
    claims: Sequence[Claim],
    rules: Sequence[Rule],
    env: Env,
    articles: Mapping[str, Article],
    checks: Mapping[str, CheckSpec] | None = None,
    *,
    scope: Collection[str] = (),
) -> tuple[Conflict, ...]:
    """Run every rule over the blocks of claims its check requires.

    With ``scope`` (article ids), only blocks holding a claim of one of those articles
    are compared: the blocks a CI run's new articles can contribute a conflict to.
    """
    checks = checks if checks is not None else registry()
    blocks: dict[tuple[str, ...], list[Claim]] = defaultdict(list)
    for claim in claims:
        blocks[claim.key].append(claim)
    wanted = set(scope)
    by_kind: dict[str, list[list[Claim]]] = defaultdict(list)
    for key in sorted(blocks):
        if not wanted or any(c.article_id in wanted for c in blocks[key]):
            by_kind[key[0]].append(blocks[key])
    found = (
        (rule, draft)
        for rule in rules
        for block in by_kind.get(checks[rule.check].requires, [])
        for draft in checks[rule.check].run(block, rule.params, env)
    )
    return to_conflicts(found, articles)


def block_drafts(
    block: Sequence[Claim],
    rules: Sequence[Rule],
    env: Env,
    checks: Mapping[str, CheckSpec] | None = None,
) -> Iterator[tuple[int, Draft]]:
    """The drafts of one block (claims sharing a key), with the index of their rule.

    Drafts in the order ``compare`` meets them for this block: by rule, then as the
    check yields them. An engine that compares blocks apart (on other machines) sorts
    the drafts of every block by (rule index, block key, this order) and hands them to
    ``to_conflicts``, which then sees what ``compare`` would have seen.
    """
    checks = checks if checks is not None else registry()
    kind = block[0].key[0]
    for index, rule in enumerate(rules):
        spec = checks[rule.check]
        if spec.requires == kind:
            for draft in spec.run(block, rule.params, env):
                yield index, draft


def to_conflicts(
    found: Iterable[tuple[Rule, Draft]], articles: Mapping[str, Article]
) -> tuple[Conflict, ...]:
    """Conflicts from drafts in comparison order: ids attached, evidence located in
    ``articles`` (the articles the drafts cite are enough), the first of equal ids kept,
    sorted by severity, confidence, rule and id."""
    locator = _Locator(articles)
    conflicts: dict[str, Conflict] = {}
    for rule, draft in found:
        conflict = _to_conflict(rule, draft, locator)
        conflicts.setdefault(conflict.id, conflict)
    return tuple(sorted(conflicts.values(), key=_order))


def _order(c: Conflict) -> tuple[int, float, str, str]:
    return (-c.severity.rank, -c.confidence, c.rule_id, c.id)


class _Locator:
    """Turns mentions into evidence with line/column, indexing each article once."""

    def __init__(self, articles: Mapping[str, Article]) -> None:
        self._articles = articles
        self._lines: dict[str, LineIndex] = {}

    def evidence(self, mention: Mention, value: str) -> Evidence:
        article = self._articles[mention.article_id]
        sentence, local = excerpt(_as_written(article, mention), mention.local)
        end: tuple[int, int] | None = None
        file_span: Span | None = None
        if article.origin is not None:
            # A JSON record's text: the file's own line and column, through its escapes.
            line, column, start = article.origin.locate(mention.span.start)
            end_line, end_column, stop = article.origin.locate(mention.span.end)
            end, file_span = (end_line, end_column), Span(start, stop)
        else:
            lines = self._lines.get(article.id)
            if lines is None:
                lines = self._lines[article.id] = LineIndex(article.raw)
            line, column = lines.position(mention.span.start)
        return Evidence(
            article_id=article.id,
            path=article.path,
            sentence=sentence,
            local=local,
            span=mention.span,
            line=line,
            column=column,
            surface=mention.surface,
            value=value,
            end=end,
            file_span=file_span,
        )


class _Fields(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _to_conflict(rule: Rule, draft: Draft, locator: _Locator) -> Conflict:
    summary = string.Formatter().vformat(rule.message, (), _Fields(draft.fields))
    evidence = tuple(locator.evidence(m, v) for m, v in draft.evidence)
    return Conflict(
        id=fingerprint(rule.id, draft.identity),
        rule_id=rule.id,
        kind=rule.kind,
        severity=draft.severity or rule.severity,
        confidence=round(max(0.0, min(1.0, draft.confidence)), 2),
        summary=" ".join(summary.split()),
        evidence=evidence,
        doc=rule.doc,
        params=tuple(sorted((k, v) for k, v in draft.fields.items())),
    )


_SAME_SHAPE = frozenset("\"'“”‘’„‚«»-–—\u00a0 ")


def _as_written(article: Article, mention: Mention) -> str:
    """The sentence as the file writes it ("Democrats’ 12%", not the normalised
    "Democrats' 12%") when normalisation only swapped quote marks, dashes or spaces one
    for one; otherwise the normalised sentence (highlights index into it)."""
    raw = article.raw[mention.sentence_span.start : mention.sentence_span.end]
    norm = mention.sentence
    if raw == norm or len(raw) != len(norm):
        return norm
    if all(
        a == b or (a in _SAME_SHAPE and b in _SAME_SHAPE) for a, b in zip(raw, norm, strict=True)
    ):
        return raw
    return norm
