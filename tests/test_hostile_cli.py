"""Every kind of bad input, through the command line: one line naming the file in the
text output, an entry in the JSON ``errors``, a line in the HTML report, exit code 2,
and every other article still processed."""

from __future__ import annotations

import codecs
import ctypes
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from factcheck.cli import ExitCode, main
from factcheck.errors import MESSAGES

ROOT = Path(__file__).resolve().parent.parent
GOOD = "China controls 60% of global production, the ministry said on Monday, March 24, 2025.\n"
MAX_BYTES = 4000


@dataclass(frozen=True)
class Bad:
    path: Path  # as passed on (or found under) the command line
    code: str
    line: int | None = None


Corpus = tuple[Path, list[str], list[Bad], list[str]]  # root, argv, problems, ids kept


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def build_corpus(root: Path) -> tuple[list[Path], list[Bad], list[str]]:
    """A folder of articles with one of every bad input, plus explicit bad arguments.

    Returns the command-line paths, the problems expected and the ids of the articles
    that must still be read.
    """
    feed = root / "feed"
    feed.mkdir()
    (feed / "good.txt").write_text(GOOD, encoding="utf-8")
    (feed / "zero.txt").write_bytes(b"")
    (feed / "scan.txt").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n")
    (feed / "nul.md").write_bytes(b"Some text\x00\x00\x00\x01\x02 more\x00 and more" * 20)
    (feed / "huge.txt").write_bytes(b"Growth was 5% last year. " * (MAX_BYTES // 20))
    (feed / "invalid-utf8.txt").write_bytes(b"Caf\xc3 prices rose 7% in \xff\xfeMay 2024.\n")
    (feed / "cp1252.txt").write_bytes("The “final” offer was €5 million.".encode("cp1252"))
    (feed / "latin1.txt").write_bytes("Der Preis in Zürich stieg um 4%.".encode("latin-1"))
    (feed / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + GOOD.encode("utf-16-le"))
    (feed / "front.md").write_text(
        "---\ntitle: [unclosed\nsource: x\n---\nThe port handled 12 million tons in 2024.\n",
        encoding="utf-8",
    )
    (feed / "lines.jsonl").write_text(
        '{"id": "rec-1", "text": "Exports rose 14% in 2024."}\n'
        '{"id": "rec-2", "text": \n'
        '{"id": "rec-3", "text": "Exports rose 41% in 2024."}\n'
        "not json at all\n",
        encoding="utf-8",
    )
    (feed / "broken.json").write_text('[{"id": "j1", "text": "Kept."}, {"id": ', encoding="utf-8")
    (feed / "loop-a.txt").symlink_to(feed / "loop-b.txt")
    (feed / "loop-b.txt").symlink_to(feed / "loop-a.txt")
    (feed / "sub").mkdir()
    (feed / "sub" / "back-up").symlink_to(feed, target_is_directory=True)
    (feed / "my story é.txt").write_text(GOOD, encoding="utf-8")
    (feed / "新闻 报道.md").write_text("# 标题\n\n" + GOOD, encoding="utf-8")
    (feed / "bad name ü.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (root / "empty-folder").mkdir()
    (root / "photos").mkdir()
    (root / "photos" / "cover.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (root / "report.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n")
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    paths = [
        feed,
        root / "missing.txt",
        root / "empty-folder",
        root / "photos",
        root / "report.pdf",
        root / "image.png",
    ]
    bad = [
        Bad(feed / "bad name ü.txt", "FC-E004"),
        Bad(feed / "broken.json", "FC-E008", 1),
        Bad(feed / "cp1252.txt", "FC-W001", 1),
        Bad(feed / "front.md", "FC-W002", 3),
        Bad(feed / "huge.txt", "FC-E005"),
        Bad(feed / "invalid-utf8.txt", "FC-W001", 1),
        Bad(feed / "latin1.txt", "FC-W001", 1),
        Bad(feed / "lines.jsonl", "FC-E008", 2),
        Bad(feed / "lines.jsonl", "FC-E008", 4),
        Bad(feed / "loop-a.txt", "FC-E009"),
        Bad(feed / "loop-b.txt", "FC-E009"),
        Bad(feed / "nul.md", "FC-E004"),
        Bad(feed / "scan.txt", "FC-E004"),
        Bad(feed / "sub" / "back-up", "FC-E009"),
        Bad(feed / "zero.txt", "FC-E003"),
        Bad(root / "missing.txt", "FC-E001"),
        Bad(root / "empty-folder", "FC-E002"),
        Bad(root / "photos", "FC-E002"),
        Bad(root / "report.pdf", "FC-E004"),
        Bad(root / "image.png", "FC-E004"),
    ]
    kept = [
        "cp1252.txt",
        "front.md",
        "good.txt",
        "invalid-utf8.txt",
        "j1",
        "latin1.txt",
        "my story é.txt",
        "rec-1",
        "rec-3",
        "utf16.txt",
        "新闻 报道.md",
    ]
    return paths, bad, kept


class _Blocks(HTMLParser):
    """The text of every element, so a test can find the element that reports a file."""

    VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "wbr", "col", "source"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, list[str]]] = []
        self.blocks: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append((tag, []))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            open_tag, parts = self.stack.pop()
            text = "".join(parts)
            self.blocks.append((open_tag, text))
            if self.stack:
                self.stack[-1][1].append(text)
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.stack:
            self.stack[-1][1].append(data)


def html_blocks(html: str) -> list[tuple[str, str]]:
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    return parser.blocks


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    root = tmp_path_factory.mktemp("bad-corpus")
    paths, bad, kept = build_corpus(root)
    common = ["--max-bytes", str(MAX_BYTES), "--jobs", "1", "--cache-dir", str(root / "cache")]
    return root, [*map(str, paths), *common], bad, kept


def _lines_naming(text: str, bad: Bad) -> list[str]:
    where = f"{bad.path}:{bad.line}:" if bad.line else f"{bad.path}:"
    return [ln for ln in text.splitlines() if ln.startswith(where) and bad.code in ln]


def test_text_output_has_one_line_per_problem(
    corpus: Corpus,
) -> None:
    _, argv, bad, _ = corpus
    code, out, err = cli("check", *argv)
    assert code == ExitCode.USAGE
    for b in bad:  # on standard error, the form every command uses
        assert len(_lines_naming(err, b)) == 1, (b, err)
    assert "11 articles" in out.splitlines()[-1]


def test_json_errors_name_every_file_and_the_rest_is_read(
    corpus: Corpus,
) -> None:
    _, argv, bad, kept = corpus
    code, out, _ = cli("check", *argv, "--format", "json")
    assert code == ExitCode.USAGE
    data = json.loads(out)
    found = [(e["path"], e["code"], e["line"]) for e in data["errors"]]
    for b in bad:
        assert found.count((str(b.path), b.code, b.line)) == 1, (b, found)
    assert len(found) == len(bad), found  # UTF-16 with a BOM and the odd names are clean
    for e in data["errors"]:
        assert e["level"] == ("error" if e["code"].startswith("FC-E") else "warning")
        assert "\n" not in e["message"]
    assert sorted(a["id"] for a in data["articles"]) == sorted(kept)


def test_facts_still_come_from_the_good_and_the_decoded_files(
    corpus: Corpus,
) -> None:
    _, argv, _, _ = corpus
    code, out, _ = cli("extract", *argv)
    assert code == ExitCode.USAGE
    facts = json.loads(out)["facts"]
    shares = {f["article"] for f in facts if f["type"] == "quantity" and f["value"] == 60}
    assert {"good.txt", "utf16.txt", "my story é.txt", "新闻 报道.md"} <= shares
    assert {f["article"] for f in facts if f["value"] == 4} == {"latin1.txt"}
    assert any(f["article"] == "cp1252.txt" and f["unit"] for f in facts)


def test_html_report_lists_every_problem(corpus: Corpus, tmp_path: Path) -> None:
    _, argv, bad, kept = corpus
    code, _, err = cli("report", *argv, "-o", str(tmp_path / "out"))
    assert code == ExitCode.USAGE
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    blocks = html_blocks(html)
    for b in bad:
        where = f"{b.path}:{b.line}" if b.line else str(b.path)
        # the report command also prints them, on standard error
        assert sum(1 for ln in err.splitlines() if f"{where}:" in ln and b.code in ln) == 1, b
        hits = [t for _, t in blocks if where in t and b.code in t and len(t) < 1000]
        assert hits, b
    data = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert sorted(a["id"] for a in data["articles"]) == sorted(kept)


def test_exit_code_for_failed_inputs_is_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = next(ln for ln in readme.splitlines() if ln.startswith("| 2 |"))
    assert "input could not be read" in row and "still processed" in row
    assert int(ExitCode.USAGE) == 2
    documented = {ln.split("|")[1].strip() for ln in readme.splitlines() if ln.startswith("| FC-")}
    assert documented == set(MESSAGES)


def test_clean_run_exits_zero_and_only_warnings_do_not_fail(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes("Le caf\u00e9 a vendu 3 tonnes.".encode("latin-1"))
    code, out, err = cli("check", str(tmp_path), "--jobs", "1", "--no-cache")
    assert code == ExitCode.OK, out
    assert f"{tmp_path / 'b.txt'}:1: warning FC-W001" in err


def test_file_name_with_line_breaks_and_markup_stays_on_one_line(tmp_path: Path) -> None:
    name = "evil\nname\r<b>\x1b[31m.txt"
    (tmp_path / name).write_bytes(b"%PDF-1.4\n")
    (tmp_path / "ok.txt").write_text(GOOD, encoding="utf-8")
    code, out, err = cli("check", str(tmp_path), "--jobs", "1", "--no-cache")
    assert code == ExitCode.USAGE
    shown = str(tmp_path / "evil\\nname\\r<b>\\x1b[31m.txt")
    assert f"{shown}: error FC-E004: binary file, not text: looks like a PDF document" in err
    assert "\x1b" not in out + err and "\r" not in out + err
    code, out, _ = cli("check", str(tmp_path), "--jobs", "1", "--no-cache", "--format", "json")
    assert [e["path"] for e in json.loads(out)["errors"]] == [shown]


def test_names_and_text_that_are_not_valid_unicode(tmp_path: Path) -> None:
    """Undecodable bytes in a file name and lone surrogates in JSON must not stop output."""
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / os.fsdecode(b"caf\xe9 story.txt")).write_text(GOOD, encoding="utf-8")
    (corpus / "feed.jsonl").write_text(
        '{"id": "r\\ud800", "title": "T\\udfff", "url": "https://x.org/\\u202e", '
        '"text": "China controls 40% \\ud83d of global production \\udc00 now."}\n',
        encoding="utf-8",
    )
    out_dir, cache = tmp_path / "out", tmp_path / "cache"
    for _ in ("cold", "warm"):  # the cache keys files by path too
        argv = ["report", str(corpus), "-o", str(out_dir), "--jobs", "1", "--cache-dir"]
        code, out, err = cli(*argv, str(cache))
        assert code == ExitCode.OK, err
    data = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))
    articles = {a["id"]: a for a in data["articles"]}
    assert set(articles) == {"caf\\xe9 story.txt", "r\\ud800"}
    assert articles["r\\ud800"]["title"] == "T" and articles["r\\ud800"]["url"] is None
    code, out, _ = cli("extract", str(corpus / "feed.jsonl"), "--jobs", "1", "--no-cache")
    (fact,) = [f for f in json.loads(out)["facts"] if f["type"] == "quantity"]
    assert fact["surface"] == "40%" and "\ufffd of global production \ufffd" in fact["sentence"]


# --- unreadable files ------------------------------------------------------------------
#
# The suite runs as root in CI, and root reads a chmod 000 file regardless (the
# CAP_DAC_OVERRIDE capability). So the permission test runs the CLI in a child process
# that has dropped CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from its capability
# bounding set before exec: that child is still uid 0 (it can run the interpreter
# under /root) but the kernel really refuses it the locked file and folder.

_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def _drop_file_capabilities() -> None:  # runs in the child, between fork and exec
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


CHILD = (
    "import sys\nfrom factcheck.cli import main\n"
    "sys.exit(main(['check', *sys.argv[1:], '--format', 'json', '--jobs', '1', '--no-cache']))\n"
)


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    file = tmp_path / "locked.txt"
    file.write_text("China controls 99% of global production.", encoding="utf-8")
    folder = tmp_path / "closed"
    folder.mkdir()
    (folder / "inside.txt").write_text(GOOD, encoding="utf-8")
    file.chmod(0)
    folder.chmod(0)
    yield file, folder
    file.chmod(0o644)
    folder.chmod(0o755)


def _run_unprivileged(*paths: Path) -> tuple[int, str]:
    if os.geteuid() != 0:  # an ordinary user is refused by chmod alone
        out = io.StringIO()
        argv = ["check", *map(str, paths), "--format", "json", "--jobs", "1", "--no-cache"]
        return main(argv, out, io.StringIO()), out.getvalue()
    if not sys.platform.startswith("linux"):
        pytest.skip("dropping root's file capabilities needs Linux prctl")
    try:
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, *map(str, paths)],
            preexec_fn=_drop_file_capabilities,
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
    except subprocess.SubprocessError as exc:  # prctl refused (e.g. a locked-down sandbox)
        pytest.skip(f"cannot drop CAP_DAC_OVERRIDE here: {exc}")
    return proc.returncode, proc.stdout


def test_unreadable_file_and_folder(tmp_path: Path, locked: tuple[Path, Path]) -> None:
    file, folder = locked
    code, out = _run_unprivileged(tmp_path)
    assert code == ExitCode.USAGE, out
    data = json.loads(out)
    assert [a["id"] for a in data["articles"]] == ["good.txt"]
    assert sorted((e["path"], e["code"], e["message"]) for e in data["errors"]) == [
        (str(folder), "FC-E006", "cannot read: permission denied"),
        (str(file), "FC-E006", "cannot read: permission denied"),
    ]


# --- output paths ----------------------------------------------------------------------


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file() or p.is_symlink()}


def test_output_never_escapes_the_output_folder(tmp_path: Path) -> None:
    """Article ids and titles that look like paths name nothing on disk."""
    corpus = tmp_path / "in"
    corpus.mkdir()
    records = [
        {"id": "../../escape.html", "title": "../../../../tmp/pwned", "text": "Rose 10% in 2024."},
        {"id": "/etc/passwd", "source": "..\\..\\win.ini", "text": "Rose 20% in 2024."},
        {"id": "..", "url": "https://example.org/../../x", "text": "Rose 30% in 2024."},
        {"id": "report.html", "text": "Rose 40% in 2024."},
    ]
    (corpus / "feed.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in records), encoding="utf-8"
    )
    (corpus / "..txt").write_text("---\ntitle: ../../up\n---\nFell 5% in 2024.\n", "utf-8")
    out = tmp_path / "nested" / "out"
    before = _files(tmp_path)
    code, _, err = cli("report", str(corpus), "-o", str(out), "--cache-dir", str(out / "cache"))
    assert code == ExitCode.OK, err
    created = _files(tmp_path) - before
    assert created and all(out in p.parents for p in created), created
    assert {p.name for p in created if p.parent == out} == {
        "report.html",
        "report.json",
        "facts.csv",
    }
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert {a["id"] for a in data["articles"]} >= {"../../escape.html", "/etc/passwd", ".."}
