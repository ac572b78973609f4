"""The parse kg reads: only sentences that can hold an attribution are parsed, the attribute
ruler's table gives exactly what spaCy's ruler gives, and the recognizer runs on demand."""

from __future__ import annotations

import pytest

from kg.extract.parse import (
    Attributes,
    CueForms,
    NamedEntities,
    _plan,
    load_model,
    parsed,
    sentence_case,
)

PARAGRAPHS = [
    "The harbour board met on Tuesday. Its chair, Oriel Fenwick, said the ferries would run late.",
    "Nobody came. The lights stayed on all night in the empty hall.",
    '"We ain\'t done," she told reporters. "Nothin\' is settled."',
    "I don't think they'd have known, and that's the point: he'd gone.",
    "Trade figures were published in March, according to the ministry.",
    "Those who left early missed it; that which remained was sold.  Then rain.",
    # each pattern of several tokens in the model's ruler, and a doc that has none
    "There are two ferries left, and there is one pier. Let's go; y'all are gonna miss it.",
    "You gotta see it. C'mon, there were more of them than we thought.",
    "The pier reopened on Monday after a long repair.",
]


def test_the_table_sets_what_the_ruler_sets() -> None:
    nlp = load_model()
    ruler = nlp.get_pipe("attribute_ruler")
    table = Attributes.of(ruler)
    assert table is not None
    plan = _plan("en_core_web_sm")
    for text in PARAGRAPHS:
        expected = nlp(text, disable=["ner"])
        doc = nlp.make_doc(text)
        for step in plan.steps:
            doc = step(doc)
        table(doc)
        plan.lemmas(doc)
        got = [(t.text, t.tag_, t.pos_, str(t.morph)) for t in doc]
        assert got == [(t.text, t.tag_, t.pos_, str(t.morph)) for t in expected]
        assert [t.lemma_ for t in doc if t.pos_ in {"VERB", "AUX"}] == [
            t.lemma_ for t in expected if t.pos_ in {"VERB", "AUX"}
        ]


def test_a_ruler_with_patterns_the_table_cannot_read_runs_itself() -> None:
    from spacy.lang.en import English

    nlp = English()
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"ORTH": "x", "LENGTH": 1}]], {"POS": "X"})
    assert Attributes.of(ruler) is None


@pytest.mark.parametrize(
    ("word", "may"),
    [
        ("said", True), ("says", True), ("saying", True), ("told", True), ("claims", True),
        ("believed", True), ("according", True), ("\u201c", True), (":", True), ("''", True),
        ("harbour", False), ("ferries", False), ("the", False), ("late", False),
    ],
)
def test_cue_forms(word: str, may: bool) -> None:
    plan = _plan("en_core_web_sm")
    forms = CueForms(frozenset({"say", "tell", "claim", "believe"}), plan.lemmatizer)
    assert forms.may_cue(word) is may


def test_only_sentences_that_may_hold_an_attribution_are_parsed() -> None:
    text = PARAGRAPHS[0] + " " + PARAGRAPHS[1]
    with parsed([(10, text)]) as parse:
        sentences = [(off + s.start_char, s.text) for off, s in parse.sentences]
        assert [s for _, s in sentences] == [
            "The harbour board met on Tuesday.",
            "Its chair, Oriel Fenwick, said the ferries would run late.",
            "Nobody came.",
            "The lights stayed on all night in the empty hall.",
        ]
        assert all(text[b - 10 : b - 10 + len(s)] == s for b, s in sentences)
        # one parsed run: the sentence with "said"
        assert [(off, d.text.strip()) for off, d in parse.docs] == [
            (10 + text.index("Its"), "Its chair, Oriel Fenwick, said the ferries would run late.")
        ]
        said = next(t for _, d in parse.docs for t in d if t.text == "said")
        assert said.lemma_ == "say" and said.pos_ == "VERB"
        assert any(c.dep_ == "nsubj" for c in said.children)


def test_the_lemmatizer_index_as_a_set_gives_the_same_lemmas() -> None:
    # kg holds the rule lemmatizer's word index as sets (a list was scanned for every new form):
    # every part of speech's lemmas must be what the model's own lists give
    nlp = load_model()
    lemmatizer = nlp.get_pipe("lemmatizer")
    index = lemmatizer.lookups.get_table("lemma_index")
    texts = [*PARAGRAPHS, "The mayors were quipping; she'd tweeted, he quipped, they reckoned."]
    tokens = [t for text in texts for t in nlp(text) if t.pos_ not in {"", "SPACE", "PUNCT"}]
    assert all(isinstance(words, frozenset) for words in index.values())
    lemmatizer.cache.clear()
    with_sets = [lemmatizer.rule_lemmatize(t) for t in tokens]
    saved = dict(index.items())
    try:
        for key, words in saved.items():
            index[key] = sorted(words)
        lemmatizer.cache.clear()
        with_lists = [lemmatizer.rule_lemmatize(t) for t in tokens]
    finally:
        for key, words in saved.items():
            index[key] = words
        lemmatizer.cache.clear()
    assert with_sets == with_lists
    assert ["quip"] in with_sets and ["tweet"] in with_sets


def test_a_light_verb_alone_selects_no_sentence() -> None:
    # "has", "made", "held" attribute only with a listed noun as object ("has doubts"): that
    # noun selects the sentence; without one, the verb gives the parser nothing to read
    text = (
        "The ferry has a blue hull. Crews made repairs overnight. "
        "The harbour master has doubts about the schedule."
    )
    with parsed([(0, text)]) as parse:
        assert [d.text.strip() for _, d in parse.docs] == [
            "The harbour master has doubts about the schedule."
        ]


def test_the_later_sentences_of_a_quotation_are_not_parsed() -> None:
    text = (
        "\u201cThe tide turns. The pier holds,\u201d Oriel Fenwick said. \u201cBoats will say "
        "nothing. Nobody says a word.\u201d"
    )
    first = (text.index("\u201cThe"), text.index("\u201d") + 1)
    last = (text.rindex("\u201cBoats"), len(text))

    def quoted(at: int) -> bool:
        return any(b < at < e - 1 for b, e in (first, last))

    with parsed([(0, text)], quoted=quoted) as parse:
        parsed_text = " ".join(d.text for _, d in parse.docs)
        # what leads up to the speaker is parsed with it; what follows him, inside the
        # quotation, is not (though "say" and "says" are forms of a cue)
        assert "The tide turns." in parsed_text and "Fenwick said." in parsed_text
        assert "Boats" not in parsed_text and "Nobody" not in parsed_text
        assert [s.text for _, s in parse.sentences][-1].endswith("Nobody says a word.\u201d")
    with parsed([(0, text)]) as parse:
        assert "Nobody" in " ".join(d.text for _, d in parse.docs)


def test_named_entities_on_demand() -> None:
    text = "Maren Holt joined Northwind Shipping in May. The weather was mild."
    with parsed([(0, text)]) as parse:
        ner = NamedEntities(parse.sentences)
        b = text.index("Northwind")
        assert "ORG" in ner.labels(b, b + len("Northwind Shipping"))
        assert ner.labels(text.index("weather"), text.index("weather") + 7) == []
        assert set(ner.done) == {0, 1}  # one run of the recognizer per sentence asked about


def test_the_recognizer_reads_a_window_of_context_not_the_whole_sentence() -> None:
    text = ("After a long winter of quiet talks in three harbour towns and one inland city, the "
            "board said on Tuesday that Talvi Freight and Corvin Ashby would sign the new "
            "agreement before the end of the month, with the minister watching from the side.")
    names = ("Talvi Freight", "Corvin Ashby")
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    with parsed([(0, text)]) as parse:
        whole = NamedEntities(parse.sentences, context=1000)
        windowed = NamedEntities(parse.sentences)
        windowed.prefetch(spans)
        [(begin, end, _)] = windowed.done[0]  # the two names' windows meet: one run
        assert begin > 0 and end < len(text)  # not the whole sentence
        assert text[begin:end] == ("the board said on Tuesday that Talvi Freight and Corvin Ashby "
                                   "would sign the new agreement before")  # six words each side
        for b, e in spans:
            assert windowed.labels(b, e) == whole.labels(b, e)
            assert whole.labels(b, e)  # the recognizer does label them
        assert len(windowed.done[0]) == 1  # the labels came from the window already run


def test_a_period_inside_a_label_ends_no_sentence() -> None:
    """"(D-Vt.)" is cut into tokens with a period of its own: the sentence goes on to "said"."""
    text = "Rep. Mara Lindqvist (D-Vt.) said the harbor would reopen. It did not."
    with parsed([(0, text)]) as parse:
        assert [s.text.strip() for _, s in parse.sentences] == [
            "Rep. Mara Lindqvist (D-Vt.) said the harbor would reopen.", "It did not."]
        said = next(t for _, d in parse.docs for t in d if t.text == "said")
        assert [c.text for c in said.children if c.dep_ == "nsubj"] == ["Lindqvist"]


BODY = ("Mayor Tova Lindqvist spoke on Monday. Harbour workers said the plan isn't fair to "
        "them, and the Kessel Line agreed.")


@pytest.mark.parametrize(("headline", "read"), [
    # title case: English words in lower case, names kept (the body writes them capitalised)
    ("Harbour Workers Say Mayor Lindqvist's Plan Isn't Fair",
     "Harbour workers say Mayor Lindqvist's plan isn't fair"),
    ("Kessel Line Backs New Ferry Timetable", "Kessel Line backs new ferry timetable"),
    # a sentence after a colon keeps its first capital; a short acronym stays
    ("Lindqvist: Ferry Fares Will Fall In US Ports",
     "Lindqvist: Ferry fares will fall in US ports"),
    # sentence case, a short headline and one in capitals stay as they are
    ("Harbour workers say the plan is unfair", "Harbour workers say the plan is unfair"),
    ("Lindqvist Speaks", "Lindqvist Speaks"),
    ("FERRY FARES WILL FALL", "FERRY FARES WILL FALL"),
])
def test_a_title_case_headline_is_read_in_sentence_case(headline: str, read: str) -> None:
    out = sentence_case(headline, BODY)
    assert out == read
    assert len(out) == len(headline)
