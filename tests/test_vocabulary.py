"""The vocabulary lives in rules/, read once per run (factcheck.vocab).

Word lists a user may extend (titles, honorifics, calendar words, the words a check
reads) are YAML tables; Python keeps only grammar: English function words used to
read sentence structure. A list in code that grows past ``MAX_WORDS`` must be one of
the grammatical lists below, so a vocabulary cannot drift back into the source.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from wordlists import word_lists

from factcheck.api import run_texts
from factcheck.config import Config
from factcheck.resources import RulesDataError, default_rules_dir
from factcheck.rules import check_params, load_rules
from factcheck.vocab import load_vocabulary

ROOT = Path(__file__).resolve().parent.parent
MAX_WORDS = 8

# (module, holder) -> why the list is grammar, not vocabulary. Keep it short: a list a
# user might want to extend for their news belongs in rules/.
GRAMMAR = {
    ("factcheck/align/__init__.py", "_NOT_NAMES"): "capitalised pronouns and openers",
    ("factcheck/align/frames.py", "_STOP_NOUN"): "function words around a counted noun",
    ("factcheck/align/frames.py", "_DETERMINERS"): "determiners",
    ("factcheck/align/frames.py", "_GENERIC_NAME"): "pronouns and sentence adverbs",
    ("factcheck/align/frames.py", "_AUXILIARIES"): "auxiliary verbs",
    ("factcheck/align/frames.py", "_OPENERS"): "conjunctions and clause openers",
    ("factcheck/align/measure.py", "_AUXILIARIES"): "auxiliary and modal verbs",
    ("factcheck/align/measure.py", "_DETERMINERS"): "determiners",
    ("factcheck/checks/quote_attribution.py", "_ANONYMOUS"): "determiners of an unnamed speaker",
    ("factcheck/extract/appositives.py", "_CLAUSE"): "words that end an appositive",
    ("factcheck/extract/date_candidates.py", "_URLISH"): "URL syntax (top-level domains)",
    ("factcheck/extract/names.py", "_TIME_WORDS_BEFORE"): "prepositions of time",
    ("factcheck/extract/orgs.py", "_OPENERS"): "function words that open a sentence",
    ("factcheck/extract/quantities.py", "QuantityExtractor.__init__._counted_before"): (
        "verbs before a count"
    ),
    ("factcheck/extract/quantulum_tables.py", "_PREPOSITIONS"): "quantulum3's own list",
    ("factcheck/extract/textparts.py", "_BYLINE"): "the words of a byline or credit line",
    ("factcheck/ingest/html.py", "_SKIP"): "HTML elements that hold no text",
    ("factcheck/ingest/html.py", "_VOID"): "HTML void elements",
    ("factcheck/ingest/html.py", "_BLOCK"): "HTML block elements",
    ("factcheck/text/spans.py", "_ALWAYS_ABBREV"): "abbreviations whose period ends nothing",
    ("factcheck/text/spans.py", "_OPENERS"): "words that open a sentence",
}


def _long_lists() -> dict[tuple[str, str], list[tuple[int, int]]]:
    found: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for wl in word_lists(ROOT, ROOT / "factcheck"):
        if len(wl.words) > MAX_WORDS:
            found.setdefault((wl.module, wl.owner), []).append((wl.line, len(wl.words)))
    return found


def test_no_vocabulary_in_python_outside_the_grammar_lists() -> None:
    found = _long_lists()
    vocabulary = {k: v for k, v in found.items() if k not in GRAMMAR}
    assert not vocabulary, (
        f"word lists of more than {MAX_WORDS} words in code: {vocabulary}; move them to a "
        "table in rules/ (read through factcheck.vocab), or, if they are grammar, add "
        "them to GRAMMAR with the reason"
    )
    assert not set(GRAMMAR) - set(found), "GRAMMAR names lists that are gone or short"


def test_the_finder_sees_every_kind_of_word_list(tmp_path: Path) -> None:
    pkg = tmp_path / "factcheck"
    pkg.mkdir()
    (pkg / "m.py").write_text(
        "A = frozenset(['a', 'b', 'c'])\n"
        "B = word_set('one two three four')\n"
        "C = re.compile(r'(?:majority|total|tally) of')\n"
        "def f():\n    return 'x y z'.split()\n"
        "D = ('a b', 'c')\n",
        encoding="utf-8",
    )
    got = {(w.owner, w.words) for w in word_lists(tmp_path, pkg)}
    assert got == {
        ("A", ("a", "b", "c")),
        ("B", ("one", "two", "three", "four")),
        ("C", ("majority", "total", "tally")),
        ("f", ("x", "y", "z")),
    }


def _rules_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), folder)
    return folder


def _edit(folder: Path, name: str, change: object) -> None:
    path = folder / name
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")


def test_a_folder_is_read_once_and_again_when_a_table_changes(tmp_path: Path) -> None:
    folder = _rules_copy(tmp_path)
    first = load_vocabulary(folder)
    assert load_vocabulary(folder) is first
    assert set(first.tables) == {p.name for p in folder.glob("*.yaml")}
    _edit(folder, "titles.yaml", lambda d: d["honorifics"].append("rabbi"))
    again = load_vocabulary(folder)
    assert again is not first and "rabbi" in again.table("titles.yaml")["honorifics"]
    with pytest.raises(RulesDataError, match=r"nothing\.yaml"):
        again.table("nothing.yaml")


def test_every_vocabulary_table_is_in_the_cache_key() -> None:
    # The cache key hashes the top-level tables only (api.index_key): a vocabulary in a
    # subfolder would be edited without rebuilding the cache.
    folder = default_rules_dir()
    assert set(load_vocabulary().tables) == {p.name for p in folder.glob("*.yaml")}
    assert {p.parent for p in folder.rglob("*.yaml")} == {folder, folder / "packs"}


def test_the_checks_read_their_words_from_checks_yaml(tmp_path: Path) -> None:
    rules = {r.id: r.params for r in load_rules()}
    assert "rose" in rules["quantity.same-measure"].change_words
    assert "annual" in rules["temporal.event-date"].recurrence_words
    assert rules["officeholder.dated-title"].hedges == rules["officeholder.story-time"].hedges
    folder = _rules_copy(tmp_path)
    _edit(folder, "checks.yaml", lambda d: d["quantity"]["change_words"].append("soared"))
    assert "soared" in check_params("quantity", folder).change_words
    assert "soared" not in check_params("quantity").change_words


def test_a_folder_written_by_an_older_factcheck_gets_what_it_lacks(tmp_path: Path) -> None:
    """A rules folder from before checks.yaml, tally_nouns and name_particles existed
    reads them from the shipped tables: the same rules and the same facts, never a
    crash on a missing key or an empty word list that switches part of a check off."""
    folder = _rules_copy(tmp_path)
    (folder / "checks.yaml").unlink()
    _edit(folder, "units.yaml", lambda d: d.pop("tally_nouns"))
    _edit(folder, "aliases.yaml", lambda d: d.pop("name_particles"))
    shipped = {r.id: r.params for r in load_rules()}
    assert {r.id: r.params for r in load_rules(folder)} == shipped
    texts = [
        "Ursula von der Leyen, the president of the commission, said 40 people died.",
        "The toll has risen to 21, officials said on Monday.",
    ]
    ours = run_texts(texts, Config(rules_dir=folder, jobs=1))
    assert ours.mentions == run_texts(texts, Config(jobs=1)).mentions
    assert ours.errors == ()


def test_a_rule_may_still_set_its_own_words(tmp_path: Path) -> None:
    folder = _rules_copy(tmp_path)

    def own(doc: dict[str, object]) -> None:
        rule = next(r for r in doc["rules"] if r["id"] == "temporal.event-date")  # type: ignore[attr-defined]
        rule["params"]["recurrence_words"] = ["again"]

    _edit(folder, "packs/core.yaml", own)
    params = {r.id: r.params for r in load_rules(folder)}
    assert params["temporal.event-date"].recurrence_words == ("again",)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(quantiy={"change_words": ["x"]}), r"quantiy.*did you mean 'quantity'"),
        (lambda d: d["quantity"].update(measure_similarity=[1]), r"quantity\.measure_similarity"),
        (lambda d: d["quantity"].update(cap_words="up to"), r"quantity\.cap_words.*list"),
        (lambda d: d["officeholder"]["hedges"].append(None), r"officeholder\.hedges"),
    ],
)
def test_checks_yaml_is_validated(tmp_path: Path, change: object, message: str) -> None:
    folder = _rules_copy(tmp_path)
    _edit(folder, "checks.yaml", change)
    with pytest.raises(RulesDataError, match=message):
        load_rules(folder)


_ROLES = [
    "Kirill Dmitriev, chairman of the Russian Direct Investment Fund, met the envoy.",
    "Kirill Dmitriev, chairman of the Russian Direct Investment Fund, spoke on Monday.",
    "Kirill Dmitriev, head of the Russian Research Institute, said the talks went well.",
]


def _person_role(folder: Path | None) -> list[str]:
    result = run_texts(_ROLES, Config(rules_dir=folder, select=("person-role",)))
    return [f.conflict.rule_id for f in result.findings]


def test_person_role_reads_its_titles_from_the_run_s_checks_yaml(tmp_path: Path) -> None:
    assert _person_role(None) == ["person-role.exclusive"]
    folder = _rules_copy(tmp_path)
    _edit(folder, "checks.yaml", lambda d: d["person-role"]["exclusive_titles"].remove("head"))
    assert _person_role(folder) == []


@pytest.mark.parametrize(
    "texts",
    [
        [
            "Keir Starmer, leader of the Opposition, spoke on Monday.",
            "Keir Starmer, leader of the Labour Party, spoke on Monday.",
        ],
        [
            "Mohammed bin Salman, prime minister of Saudi Arabia, met the envoy.",
            "Mohammed bin Salman, crown prince of Saudi Arabia, met the envoy.",
        ],
    ],
)
def test_roles_held_together_are_no_person_role_conflict(texts: list[str]) -> None:
    result = run_texts(texts, Config(select=("person-role",)))
    assert [f.conflict.summary for f in result.findings] == []


def test_alignment_reads_the_run_s_frames(tmp_path: Path) -> None:
    texts = [
        "The train derailed and eight coaches overturned, officials said.",
        "The train derailed and eleven coaches overturned, officials said.",
    ]
    shipped = run_texts(texts, Config(select=("quantity",)))
    assert len(shipped.findings) == 1
    assert {c.attr("noun") for c in shipped.claims} == {"coach"}
    folder = _rules_copy(tmp_path)
    _edit(folder, "frames.yaml", lambda d: d["nouns"].pop("coach"))
    edited = run_texts(texts, Config(rules_dir=folder, select=("quantity",)))
    assert {c.attr("noun") for c in edited.claims} == {""}
