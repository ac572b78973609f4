"""Stage 1 (I/O): files -> Article. Text is kept verbatim; page leftovers are marked, not removed.

Readers: plain text (first line the headline; ``NAME.meta.json`` beside it holds what is known),
HTML (main text and metadata through trafilatura) and JSON / JSON Lines records. Every problem is
an ``InputError`` naming the file (and line); a bad file or record never stops the others.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from kg import boilerplate
from kg.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingInputError,
    InputError,
    MalformedInputError,
    MissingHeadlineError,
    VanishedInputError,
)
from kg.model import Article, Boilerplate, Span
from kg.registry import Registry, default_registry
from kg.text import lines, sha256_hex

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
READABLE = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES
SIDECAR = ".meta.json"
# Metadata keys kg reads (in sidecars, JSON records and what it takes from HTML); any other key
# is reported as ignored.
KNOWN_FIELDS = frozenset({
    "url", "link", "publisher", "outlet", "source_name", "sitename", "datePublished", "date",
    "published", "publishedAt", "authors", "author", "byline", "language", "inLanguage", "lang",
    "id", "identifier", "title", "headline", "name", "text", "body", "articleBody", "content",
})
MAX_HEADLINE = 300
_SAFE_ID = re.compile(r"[^A-Za-z0-9._-]+")
_LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_BY = re.compile(r"^by\s+", re.IGNORECASE)


def safe_id(name: str) -> str:
    """An article id from a file stem or a given id: runs of other characters become one hyphen."""
    return _SAFE_ID.sub("-", name).strip("-")


@dataclass(frozen=True)
class Options:
    language: str = "en"
    max_bytes: int = 20_000_000
    name: str = ""  # the file's name in the build (InputFile.name), set by read_file


def display_path(path: Path) -> str:
    """The path as a user would write it: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


@dataclass(frozen=True)
class InputFile:
    """A file to read and its name in the build: its path relative to the input root (the folder
    given on the command line; for a file given directly, its file name), with ``/`` between
    folders. Article ids and provenance use the name, never the local path, so the same tree
    built from another folder gives the same graph."""

    path: Path
    name: str

    @classmethod
    def of(cls, path: Path) -> InputFile:
        return cls(path, path.name)


@dataclass(frozen=True)
class Skipped:
    """A file (or hidden folder) under the inputs that kg did not read, and why."""

    path: Path
    name: str
    why: str


def discover(paths: Iterable[Path]) -> tuple[list[InputFile], list[Skipped], list[InputError]]:
    """Readable files under ``paths`` (sorted, recursive), what was skipped, and paths not found."""
    files: list[InputFile] = []
    skipped: list[Skipped] = []
    missing: list[InputError] = []
    for p in paths:
        if p.is_dir():
            for root, dirs, names in os.walk(p):
                here = Path(root)
                skipped += [Skipped(here / d, (here / d).relative_to(p).as_posix(), "hidden folder")
                            for d in sorted(dirs) if d.startswith(".")]
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for n in sorted(names):
                    name = (here / n).relative_to(p).as_posix()
                    _sort_in(InputFile(here / n, name), files, skipped)
        elif p.is_file():
            _sort_in(InputFile.of(p), files, skipped, explicit=True)
        else:
            missing.append(InputError(display_path(p), "no such file or folder"))
    return files, skipped, missing


def _sort_in(
    f: InputFile, files: list[InputFile], skipped: list[Skipped], explicit: bool = False
) -> None:
    p = f.path
    if p.name.endswith(SIDECAR):
        skipped.append(Skipped(p, f.name, "metadata sidecar (read with its article)"))
    elif p.name.startswith("."):
        skipped.append(Skipped(p, f.name, "hidden file"))
    elif p.suffix.lower() in READABLE or explicit:
        files.append(f)
    else:
        why = f"unknown extension {p.suffix!r}" if p.suffix else "no file extension"
        skipped.append(Skipped(p, f.name, f"{why} (kg reads {', '.join(sorted(READABLE))})"))


def article_id(name: str, record_id: str | None = None, record: int | None = None) -> str:
    """An article's id: the record's own id if it has one, else its file's name in the build
    without the extension (``site/a/index.html`` -> ``site-a-index``; a file at the top of the
    input root keeps its stem), ``-N`` for the Nth record of a file, made IRI-safe."""
    if record_id:
        return safe_id(record_id)
    suffix = f"-{record}" if record is not None else ""
    return safe_id(str(PurePosixPath(name).with_suffix(""))) + suffix


def read_file(
    source: Path | InputFile, options: Options = Options(), registry: Registry | None = None
) -> Iterator[Article | InputError]:
    """Articles in one file, or the errors that stop them; never raises InputError. A bare path
    is named by its file name (as a file given on the command line)."""
    reg = registry or default_registry()
    f = source if isinstance(source, InputFile) else InputFile.of(source)
    path = f.path
    where = display_path(path)
    options = replace(options, name=f.name)
    try:
        raw = _read_bytes(path, where, options.max_bytes)
        suffix = path.suffix.lower()
        if suffix in JSON_SUFFIXES:
            yield from _json_records(raw, path, where, options, reg)
        elif suffix in JSONL_SUFFIXES:
            yield from _jsonl_records(raw, path, where, options, reg)
        elif suffix in HTML_SUFFIXES:
            yield _html_article(raw, path, where, options, reg)
        else:
            yield _text_article(raw, path, where, options, reg)
    except InputError as e:
        yield e


def _read_bytes(path: Path, where: str, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise MalformedInputError(
                where, f"{size} bytes is more than max_file_bytes={max_bytes}"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise VanishedInputError(where, "the file disappeared before it could be read") from None
    except IsADirectoryError:
        raise MalformedInputError(where, "is a folder, not a file") from None
    except PermissionError:
        raise MalformedInputError(where, "permission denied") from None
    if not raw.strip():
        raise EmptyInputError(where, "the file is empty")
    if b"\x00" in raw[:8192]:
        raise BinaryInputError(where, "binary data (NUL bytes), not an article")
    return raw


def decode(raw: bytes, where: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise EncodingInputError(
            where, f"not UTF-8 (byte 0x{raw[e.start]:02x} at offset {e.start})", line
        ) from None


def _text_article(raw: bytes, path: Path, where: str, opt: Options, reg: Registry) -> Article:
    text = decode(raw, where)
    if not text.strip():
        raise EmptyInputError(where, "the file holds only white space")
    meta = _sidecar(path, where)
    marks: list[Boilerplate] = []
    headline_span = None
    for line in lines(text):
        mast = boilerplate.masthead(text, line, reg) if not marks and not headline_span else None
        if mast:
            marks.append(mast)
            continue
        headline_span = line
        break
    if headline_span is None:
        raise MissingHeadlineError(where, "no headline: the text has no non-blank line")
    headline = headline_span.text(text)
    if len(headline) > MAX_HEADLINE or headline_span.end >= len(text.rstrip()):
        raise MissingHeadlineError(
            where, "no headline: the first line must be a headline followed by the body", 1
        )
    marks += boilerplate.repeated_lines(
        text, headline, headline_span.end, "repeated-headline", "repeated-headline"
    )
    return _article(text, raw, path, where, meta, headline, headline_span, "text", opt, reg, marks)


def _html_article(raw: bytes, path: Path, where: str, opt: Options, reg: Registry) -> Article:
    import trafilatura

    html = decode(raw, where)
    try:
        out = trafilatura.extract(html, output_format="json", with_metadata=True, favor_recall=True)
    except Exception as e:  # lxml and trafilatura raise many types on broken markup
        raise MalformedInputError(where, f"cannot parse HTML: {e}") from None
    if not out:
        raise MalformedInputError(where, "no article text found in the HTML page")
    doc = json.loads(out)
    text = doc.get("text") or ""
    meta = {
        "title": doc.get("title"),
        "url": doc.get("url") or doc.get("source"),
        "publisher": doc.get("sitename") or doc.get("source-hostname"),
        "datePublished": doc.get("date"),
        "authors": [a.strip() for a in (doc.get("author") or "").split(";") if a.strip()],
    }
    meta = {k: v for k, v in meta.items() if v} | _sidecar(path, where)
    return _record_article(text, raw, path, where, meta, "html", opt, reg, None)


def _json_records(
    raw: bytes, path: Path, where: str, opt: Options, reg: Registry
) -> Iterator[Article | InputError]:
    try:
        data = json.loads(decode(raw, where))
    except json.JSONDecodeError as e:
        raise MalformedInputError(where, f"malformed JSON: {e.msg}", e.lineno) from None
    records = data if isinstance(data, list) else [data]
    for i, rec in enumerate(records):
        try:
            yield _json_record(rec, raw, path, where, opt, reg, i if len(records) > 1 else None)
        except InputError as e:
            yield e


def _jsonl_records(
    raw: bytes, path: Path, where: str, opt: Options, reg: Registry
) -> Iterator[Article | InputError]:
    text = decode(raw, where)
    # JSON Lines are separated by \n (\r\n) only: str.splitlines() would also break a record at
    # U+2028, U+2029 or U+0085, which JSON allows inside a string
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            yield MalformedInputError(where, f"malformed JSON: {e.msg}", lineno)
            continue
        try:
            yield _json_record(rec, raw, path, where, opt, reg, lineno)
        except InputError as e:
            yield e


def _json_record(
    rec: Any, raw: bytes, path: Path, where: str, opt: Options, reg: Registry, record: int | None
) -> Article:
    line = record if path.suffix.lower() in JSONL_SUFFIXES else None
    if not isinstance(rec, dict):
        raise MalformedInputError(where, "a record must be a JSON object", line)
    text = _first(rec, "text", "body", "articleBody", "content")
    if not isinstance(text, str) or not text.strip():
        raise EmptyInputError(where, "the record has no text", line)
    return _record_article(text, raw, path, where, rec, "json", opt, reg, record)


def _record_article(
    text: str, raw: bytes, path: Path, where: str, meta: dict[str, Any], fmt: str,
    opt: Options, reg: Registry, record: int | None,
) -> Article:
    line = record if path.suffix.lower() in JSONL_SUFFIXES else None
    title = _first(meta, "title", "headline", "name")
    if not isinstance(title, str) or not title.strip():
        raise MissingHeadlineError(where, "no headline: the record has no title", line)
    title = title.strip()
    span = None
    start = text.find(title)
    if 0 <= start < 200:
        span = Span(start, start + len(title))
    after = span.end if span else 0
    marks = boilerplate.repeated_lines(text, title, after, "repeated-headline", "repeated-headline")
    return _article(
        text, raw, path, where, meta, title, span, fmt, opt, reg, marks, record
    )


def _article(
    text: str, raw: bytes, path: Path, where: str, meta: dict[str, Any], headline: str,
    headline_span: Span | None, fmt: str, opt: Options, reg: Registry,
    marks: list[Boilerplate], record: int | None = None,
) -> Article:
    line = record if path.suffix.lower() in JSONL_SUFFIXES else None
    warnings: list[str] = []

    def value(fn: Any, *args: Any) -> Any:
        """A metadata value kg cannot use costs that value (with a warning), not the article."""
        try:
            return fn(meta, where, line, *args)
        except MalformedInputError as e:
            warnings.append(f"{e.reason}; the value is left out")
            return None

    url = value(_url)
    publisher = value(_publisher)
    if publisher is None and url:
        entry = reg.by_url(url)
        publisher = entry.entity.name if entry else None
    rid = value(_str_field, "id", "identifier")
    aid = article_id(opt.name or path.name, rid, record)
    unknown = sorted(k for k in meta if k not in KNOWN_FIELDS)
    if unknown:
        warnings.append(f"unknown metadata field{'s' if len(unknown) > 1 else ''} "
                        f"{', '.join(map(repr, unknown))} ignored")
    return Article(
        id=aid or "article",
        source=opt.name or path.name,
        source_sha256=sha256_hex(raw),
        text=text,
        sha256=sha256_hex(text),
        headline=headline,
        headline_span=headline_span,
        language=value(_language) or opt.language,
        input_format=fmt,  # type: ignore[arg-type]
        url=url,
        publisher=publisher,
        date_published=value(_date),
        authors=value(_authors) or (),
        record=record,
        boilerplate=boilerplate.merge(marks + boilerplate.find_boilerplate(text)),
        warnings=tuple(warnings),
    )


def _language(obj: dict[str, Any], where: str, line: int | None) -> str | None:
    """The language as a BCP 47 tag where it is one written loosely (``EN``, ``en_US``); any
    other value is kept as given (the shapes then reject the article, naming inLanguage)."""
    v = _str_field(obj, where, line, "language", "inLanguage", "lang")
    if v is None:
        return None
    primary, _, rest = v.replace("_", "-").partition("-")
    tag = primary.lower() + (f"-{rest}" if rest else "")
    return tag if _LANGUAGE_TAG.match(tag) else v


def _url(obj: dict[str, Any], where: str, line: int | None) -> str | None:
    url = _str_field(obj, where, line, "url", "link")
    if url is not None and not url.startswith(("http://", "https://")):
        raise MalformedInputError(where, f"url {url!r} is not an http(s) address", line)
    return url


def _sidecar(path: Path, where: str) -> dict[str, Any]:
    side = path.with_name(path.stem + SIDECAR)
    try:
        raw = side.read_bytes()
    except FileNotFoundError:
        return {}
    side_where = display_path(side)
    try:
        data = json.loads(decode(raw, side_where))
    except json.JSONDecodeError as e:
        raise MalformedInputError(
            side_where, f"malformed metadata JSON: {e.msg}", e.lineno
        ) from None
    if not isinstance(data, dict):
        raise MalformedInputError(side_where, "metadata must be a JSON object")
    return data


def _first(obj: dict[str, Any], *keys: str) -> Any:
    for k in keys:
        if obj.get(k) not in (None, ""):
            return obj[k]
    return None


def _str_field(obj: dict[str, Any], where: str, line: int | None, *keys: str) -> str | None:
    v = _first(obj, *keys)
    if v is None:
        return None
    if not isinstance(v, str | int):
        raise MalformedInputError(where, f"field {keys[0]!r} must be a string", line)
    return str(v).strip() or None


def _publisher(obj: dict[str, Any], where: str, line: int | None) -> str | None:
    v = _first(obj, "publisher", "outlet", "source_name", "sitename")
    if isinstance(v, dict):
        v = v.get("name")
    if v is not None and not isinstance(v, str):
        raise MalformedInputError(where, "field 'publisher' must be a string or {name}", line)
    return v.strip() if v else None


def _authors(obj: dict[str, Any], where: str, line: int | None) -> tuple[str, ...]:
    v = _first(obj, "authors", "author", "byline")
    if v is None:
        return ()
    items = v if isinstance(v, list) else [v]
    names = []
    for a in items:
        if isinstance(a, dict):
            a = a.get("name")
        if not isinstance(a, str):
            raise MalformedInputError(where, "field 'authors' must hold names", line)
        name = _BY.sub("", a.strip())  # a byline: "By Ada Lund"
        if name:
            names.append(name)
    return tuple(names)


def _date(obj: dict[str, Any], where: str, line: int | None) -> str | None:
    v = _first(obj, "datePublished", "date", "published", "publishedAt")
    if v is None:
        return None
    if not isinstance(v, str):
        raise MalformedInputError(where, "field 'datePublished' must be an ISO 8601 string", line)
    s = v.strip()
    try:
        if re.fullmatch(r"\d{4}(-\d{2})?", s):  # a year or a month: kept at that precision
            if len(s) == 7 and not 1 <= int(s[5:]) <= 12:
                raise ValueError
            return s
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
            return date.fromisoformat(s).isoformat()
        return datetime.fromisoformat(s.replace("Z", "+00:00")).isoformat()
    except ValueError:
        raise MalformedInputError(
            where, f"datePublished {s!r} is not an ISO 8601 date", line
        ) from None
