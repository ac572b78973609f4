"""Reading articles: formats, metadata, boilerplate marking, and every kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import discover, read_file
from kg.model import Article


def read_one(path: Path) -> Article | InputError:
    items = list(read_file(path))
    assert len(items) == 1
    return items[0]


def write(tmp: Path, name: str, data: str | bytes) -> Path:
    p = tmp / name
    p.write_bytes(data.encode() if isinstance(data, str) else data)
    return p


TEXT = (
    "Council votes to close the old bridge\n\n"
    "The city council voted on Monday to close the bridge.\n"
)


def test_plain_text_headline_and_verbatim_text(tmp_path: Path) -> None:
    a = read_one(write(tmp_path, "a.txt", TEXT))
    assert isinstance(a, Article)
    assert a.headline == "Council votes to close the old bridge"
    assert a.text == TEXT and a.date_published is None and a.url is None
    assert a.headline_span and a.headline_span.text(a.text) == a.headline


def test_sidecar_metadata_is_used_and_never_invented(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", TEXT)
    write(
        tmp_path,
        "a.meta.json",
        json.dumps(
            {
                "url": "https://example.com/x",
                "publisher": "Gazette",
                "datePublished": "2020-02-03",
                "authors": ["A. Writer"],
            }
        ),
    )
    a = read_one(tmp_path / "a.txt")
    assert isinstance(a, Article)
    assert (a.url, a.publisher, a.date_published, a.authors) == (
        "https://example.com/x", "Gazette", "2020-02-03", ("A. Writer",))


def test_publisher_from_url_domain_through_the_registry(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", TEXT)
    write(tmp_path, "a.meta.json", json.dumps({"url": "https://www.reuters.com/world/x"}))
    a = read_one(tmp_path / "a.txt")
    assert isinstance(a, Article) and a.publisher == "Reuters"


def test_json_lines_records_each_an_article(tmp_path: Path) -> None:
    recs = [{"title": "First story here", "text": "Body one.", "url": "https://ex.org/1"},
            {"title": "Second story here", "text": "Body two.", "date": "2021-05-06T10:00:00Z"}]
    p = write(tmp_path, "a.jsonl", "\n".join(json.dumps(r) for r in recs) + "\n{broken\n")
    items = list(read_file(p))
    assert [type(i).__name__ for i in items] == ["Article", "Article", "MalformedInputError"]
    assert items[1].date_published == "2021-05-06T10:00:00+00:00"  # type: ignore[union-attr]
    assert items[2].line == 3  # type: ignore[union-attr]
    assert items[0].id != items[1].id  # type: ignore[union-attr]


def test_json_array_of_records(tmp_path: Path) -> None:
    p = write(
        tmp_path,
        "a.json",
        json.dumps([{"title": "T one", "text": "x"}, {"title": "T two", "text": "y"}]),
    )
    assert [a.headline for a in read_file(p)] == ["T one", "T two"]  # type: ignore[union-attr]


def test_html_page_main_text_and_metadata(tmp_path: Path) -> None:
    body = " ".join(["The mayor announced a new budget for the parks department on Friday."] * 6)
    html = f"""<html><head><title>Mayor unveils parks budget</title>
    <meta property="og:site_name" content="Town Crier"><meta name="author" content="Pat Lee">
    <meta property="article:published_time" content="2022-03-04"></head>
    <body><nav>Home | News | Sports</nav><article><h1>Mayor unveils parks budget</h1>
    <p>{body}</p><p>"We will plant trees," the mayor said.</p></article>\
<footer>Copyright</footer></body></html>"""
    a = read_one(write(tmp_path, "page.html", html))
    assert isinstance(a, Article), a
    assert a.headline == "Mayor unveils parks budget"
    assert "new budget" in a.text and "Home | News" not in a.text
    assert a.publisher == "Town Crier" and a.date_published == "2022-03-04"


def test_boilerplate_is_marked_not_removed(tmp_path: Path) -> None:
    text = (
        "Storm hits the coast\n\nAdvertisement\nWinds reached 100 mph on Sunday, officials said.\n"
        "AP/John Smith\n"
        "The mayor, Jane RoeJane RoeOther story about a thing MORE (D-Fla.), spoke.\n"
        "Read more: Another storm story\n{{}}\n"
    )
    a = read_one(write(tmp_path, "s.txt", text))
    assert isinstance(a, Article) and a.text == text
    marked = {(b.kind, b.span.text(text)) for b in a.boilerplate}
    assert ("advertisement", "Advertisement") in marked
    assert ("credit", "AP/John Smith") in marked
    assert ("link-text", "Jane RoeOther story about a thing MORE") in marked
    assert ("link-text", "Read more: Another storm story") in marked
    assert ("template", "{{}}") in marked
    assert a.word_count < len(text.split())


@pytest.mark.parametrize("line", [
    "(Reporting by Anton Fehr in Velnik; Editing by Clara Ruiz)",
    "Associated Press writer Tomas Bell contributed to this report.",
    "Copyright 2026 The Marlow Ledger. All rights reserved.",
    "\u00a9 2026 Harbor Media Group",
    "This material may not be published, broadcast, rewritten or redistributed.",
    "Ruth Calder covers local government. Contact her at rcalder@ledger.example.",
    "Follow him on Twitter @tomasbell.",
])
def test_a_page_leftover_line_is_marked_credit(tmp_path: Path, line: str) -> None:
    text = f"Ferry subsidy approved\n\nThe council voted 6-3, the clerk said.\n\n{line}\n"
    a = read_one(write(tmp_path, "c.txt", text))
    assert isinstance(a, Article) and a.text == text
    assert ("credit", line) in {(b.kind, b.span.text(text)) for b in a.boilerplate}


@pytest.mark.parametrize("line", [
    "Get breaking news alerts \u2014 download our app",
    "Sign up for our morning newsletter.",
    "Follow us on Facebook and Instagram.",
])
def test_a_pages_call_to_act_is_marked_promo(tmp_path: Path, line: str) -> None:
    text = (f"Bridge repairs to start\n\nThe county will close the bridge, the engineer "
            f"said.\n\n{line}\n")
    a = read_one(write(tmp_path, "p.txt", text))
    assert isinstance(a, Article) and a.text == text
    assert ("promo", line) in {(b.kind, b.span.text(text)) for b in a.boilerplate}


def test_a_sentence_naming_a_report_or_an_address_is_no_leftover(tmp_path: Path) -> None:
    text = ("Ferry subsidy approved\n\nThe clerk said she had read the report. Voters can "
            "email the council with their views, the clerk said.\n")
    a = read_one(write(tmp_path, "d.txt", text))
    assert isinstance(a, Article) and not a.boilerplate, a.boilerplate


def test_masthead_line_is_not_the_headline(tmp_path: Path) -> None:
    a = read_one(
        write(
            tmp_path,
            "m.txt",
            "ReutersThe world's news\n\nMarkets rally on rate cut\n\nStocks rose.\n",
        )
    )
    assert isinstance(a, Article) and a.headline == "Markets rally on rate cut"
    assert a.boilerplate[0].kind == "masthead"


@pytest.mark.parametrize(
    ("name", "data", "kind", "line"),
    [
        ("empty.txt", b"", "empty", None),
        ("blank.txt", b"  \n\n \t\n", "empty", None),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", None),
        ("latin1.txt", "Caf\u00e9 news\n\nline two\nna\u00efve\n".encode("latin-1"), "encoding", 1),
        ("nohead.txt", b"\n\n", "empty", None),
        ("onlyline.txt", b"One long line that is all there is and no body", "no-headline", 1),
        ("bad.json", b'{"title": "x", "text": ', "malformed", 1),
        ("notitle.json", b'{"text": "a body without a title"}', "no-headline", None),
        ("notext.json", b'{"title": "A title"}', "empty", None),
        ("scalar.json", b"[1]", "malformed", None),
        ("page.html", b"<html><body><div></div></body></html>", "malformed", None),
        ("garbage.html", b"<<<>>><\xff\xfe", "encoding", 1),
    ],
)
def test_bad_input_names_the_file(
    tmp_path: Path, name: str, data: bytes, kind: str, line: int | None
) -> None:
    item = read_one(write(tmp_path, name, data))
    assert isinstance(item, InputError), item
    assert item.kind == kind, item
    assert item.path.endswith(name) and name in str(item)
    assert item.line == line


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("baddate.json", b'{"title": "T", "text": "x", "datePublished": "yesterday"}', "ISO 8601"),
        ("badurl.json", b'{"title": "T", "text": "x", "url": "ftp://x"}', "http(s)"),
    ],
)
def test_a_bad_metadata_value_is_a_warning_not_a_rejection(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    item = read_one(write(tmp_path, name, data))
    assert isinstance(item, Article), item
    assert item.date_published is None and item.url is None
    assert len(item.warnings) == 1 and reason in item.warnings[0]


def test_bad_sidecar_names_the_sidecar(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", TEXT)
    write(tmp_path, "a.meta.json", "{not json")
    item = read_one(tmp_path / "a.txt")
    assert isinstance(item, InputError) and item.path.endswith("a.meta.json")


def test_vanished_file(tmp_path: Path) -> None:
    item = read_one(tmp_path / "gone.txt")
    assert isinstance(item, InputError) and item.kind == "vanished"


def test_discover_sorts_skips_and_reports_missing(tmp_path: Path) -> None:
    for n in ["b.txt", "a.txt", "a.meta.json", "notes.md", ".hidden.txt"]:
        write(tmp_path, n, TEXT)
    files, skipped, missing = discover([tmp_path, tmp_path / "nope"])
    assert [f.name for f in files] == ["a.txt", "b.txt"]
    assert {s.name for s in skipped} == {"a.meta.json", "notes.md", ".hidden.txt"}
    assert len(missing) == 1 and "nope" in str(missing[0])
