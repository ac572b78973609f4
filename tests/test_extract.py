"""Table-driven tests of the extractors on short texts that are not from the seeds."""

from __future__ import annotations

import pytest

from kg.extract import extract
from kg.model import Article, Extraction, Span
from kg.text import sha256_hex


def article(body: str, publisher: str | None = "The Daily Ledger") -> Extraction:
    text = "A headline for the test\n\n" + body
    a = Article(id="t", source="t.txt", source_sha256="0" * 64, text=text, sha256=sha256_hex(text),
                headline="A headline for the test", headline_span=Span(0, 23), language="en",
                input_format="text", publisher=publisher)
    return extract(a)


def speakers(x: Extraction) -> list[tuple[str, str, str]]:
    """(quote text, speaker kind, speaker entity key or descriptor) per quote."""
    src = {s.id: s for s in x.sources}
    out = []
    for q in x.quotes:
        s = src[q.hops[-1].source]
        for piece in q.texts:
            out.append((piece.text(x.article.text), s.kind, s.entity or s.descriptor or ""))
    return out


def claims(x: Extraction) -> list[tuple[str, list[tuple[str, str]]]]:
    src = {s.id: s for s in x.sources}
    return [
        (
            c.span.text(x.article.text),
            [
                (src[h.source].kind, src[h.source].entity or src[h.source].descriptor or "")
                for h in c.hops
            ],
        )
        for c in x.claims
    ]


QUOTES = [
    ('"We will rebuild the bridge this year," Maria Lopez said. "The money is already there."',
     [("We will rebuild the bridge this year,", "person", "maria-lopez"),
      ("The money is already there.", "person", "maria-lopez")]),
    ('Mayor Tom Reed spoke on Monday. "Nobody will lose their job over this," he said.',
     [("Nobody will lose their job over this,", "person", "tom-reed")]),
    ('"The product is safe for every customer," a Nestlé spokesperson told reporters.',
     [("The product is safe for every customer,", "spokesperson", "a Nestlé spokesperson")]),
    ('Acme Corp said in a statement that it "has fully cooperated with the inquiry."',
     [("has fully cooperated with the inquiry.", "organization", "acme-corp")]),
    ('"They knew about the leak for months," one official said.',
     [("They knew about the leak for months,", "anonymous", "one official")]),
    ('Sen. Ana Ruiz said: “The vote will happen next week, whatever they claim.”',
     [("The vote will happen next week, whatever they claim.", "person", "ana-ruiz")]),
]


@pytest.mark.parametrize(
    ("body", "expected"), QUOTES, ids=[f"quote-{i}" for i in range(len(QUOTES))]
)
def test_quotes_and_speakers(body: str, expected: list[tuple[str, str, str]]) -> None:
    assert speakers(article(body)) == expected


def test_title_is_a_role_not_part_of_the_name() -> None:
    x = article("Sen. Ana Ruiz met Gov. Paul Chen in the capital. Ruiz left early.")
    names = {e.name for e in x.entities if e.kind == "person"}
    assert names == {"Ana Ruiz", "Paul Chen"}
    roles = {m.role for m in x.mentions if m.entity == "ana-ruiz"}
    assert "Sen." in roles
    assert sum(1 for m in x.mentions if m.entity == "ana-ruiz") == 2, (
        "the later 'Ruiz' is the same person"
    )


CLAIMS = [
    ("The plant will close in March, according to two people familiar with the plans.",
     "The plant will close in March", [("group", "two people familiar with the plans")]),
    ("The Gazette, citing a company insider, reported that the merger had collapsed.",
     "the merger had collapsed", [("outlet", "gazette"), ("anonymous", "a company insider")]),
    ("A spokesperson for Acme Corp declined to comment to The New York Times.",
     "A spokesperson for Acme Corp declined to comment to The New York Times",
     [("outlet", "new-york-times"), ("spokesperson", "A spokesperson for Acme Corp")]),
    ("The council approved the budget without debate, a city official said.",
     "The council approved the budget without debate", [("anonymous", "a city official")]),
    ("Maria Lopez told reporters that the contract had been signed.",
     "the contract had been signed", [("person", "maria-lopez")]),
]


@pytest.mark.parametrize(
    ("body", "claim", "hops"), CLAIMS, ids=[f"claim-{i}" for i in range(len(CLAIMS))]
)
def test_reported_statements_and_chains(body: str, claim: str, hops: list[tuple[str, str]]) -> None:
    x = article(body)
    assert claims(x) == [(claim, hops)]


def test_declined_and_no_response_requests() -> None:
    x = article(
        "A spokesperson for Acme Corp declined to comment. The mayor's office did not respond "
        "to a request for comment."
    )
    assert sorted(r.outcome for r in x.requests) == ["declined", "no-response"]


def test_who_declined_to_comment_is_the_source_the_parse_found() -> None:
    x = article("Dock managers said the crane had been checked and declined to comment further.")
    [request] = x.requests
    assert request.outcome == "declined"
    [source] = [s for s in x.sources if s.id == request.recipient]
    assert source.descriptor == "Dock managers"  # not the words up to 'declined'


def test_outlet_citation_is_listed_and_the_publisher_is_not() -> None:
    x = article("The merger collapsed, Reuters reported. The Daily Ledger reported it first.")
    assert x.cited_outlets == ("reuters",)


def test_mentions_inside_boilerplate_do_not_count() -> None:
    text = "Storm closes schools\n\nSchools closed on Monday.\n\nAP/Jane Porter\n"
    from kg.boilerplate import find_boilerplate, merge

    a = Article(id="b", source="b.txt", source_sha256="0" * 64, text=text, sha256=sha256_hex(text),
                headline="Storm closes schools", headline_span=Span(0, 20), language="en",
                input_format="text", boilerplate=merge(find_boilerplate(text)))
    assert "jane-porter" not in {m.entity for m in extract(a).mentions}


@pytest.mark.parametrize(("body", "verb", "speaker"), [
    ('"We are finished with it," said ranking member Mara Lindqvist (D-Ore.). "Done."', "said",
     "ranking member Mara Lindqvist (D-Ore.)"),
    ('"We are finished with it," said Mara Lindqvist, adding that the pier was closed.', "said",
     "Mara Lindqvist"),
    ('"We are finished with it," Oskar Brandt, a harbor adviser, said in an interview.', "said",
     "Oskar Brandt, a harbor adviser"),
    ('"We are finished with it," Oskar Brandt, who heads the harbor trust, said.', "said",
     "Oskar Brandt, who heads the harbor trust"),
    ('"We are finished with it," I had prepared a statement to say.', "say", None),
])
def test_speaker_beside_a_quotation_from_the_words_alone(body: str, verb: str,
                                                         speaker: str | None) -> None:
    """When the parse gives a cue no subject, the words between a quotation and its verb (or after
    the verb, to the end of the name) are the speaker."""
    from kg.extract.attribution import Quotes, _beside_quote, quotations
    from kg.extract.parse import DEFAULT_MODEL, parsed

    with parsed([(0, body)], DEFAULT_MODEL) as parse:
        off, doc = next((off, d) for off, d in parse.docs if any(t.text == verb for t in d))
        tok = next(t for t in doc if t.text == verb)
        quotes = Quotes(quotations(body, [Span(0, len(body))]))
        got = _beside_quote(tok, tok.sent, off, body, quotes)
        assert (got.text(body) if got else None) == speaker


def test_a_naming_verb_whose_complement_comes_before_its_object_gives_no_span() -> None:
    """Hypothesis found a parse of 'X called A. A--aaaa-a "0. (0) ...' in which the complement
    of 'called' starts and ends before its object: the object-and-complement content would have
    ended before it began (an internal error that cost the article)."""
    body = " ".join(
        f'Baaa van Aiadl Ua Aaaaa called A. A--aaaa-a "0. ({i})' for i in range(3)
    )
    article(body)  # no ValueError('bad span ...')


@pytest.mark.parametrize(("body", "sourcing"), [
    ('"The bridge opens on Friday," Maria Lopez tweeted.', "social"),
    ('"The bridge opens on Friday," Maria Lopez wrote in a Facebook post.', "social"),
    ('"The bridge opens on Friday," Maria Lopez said in an email.', "written"),
    ('"The bridge opens on Friday," Maria Lopez wrote.', "written"),
    ('"The bridge opens on Friday," Maria Lopez said on Twitter.', "social"),
    ('"The bridge opens on Friday," Maria Lopez said in a letter to residents.', "written"),
    ('"The bridge opens on Friday," Maria Lopez said in an interview.', "named"),
    ('"The bridge opens on Friday," Maria Lopez said.', "named"),
])
def test_the_kind_of_sourcing_comes_from_the_cue(body: str, sourcing: str) -> None:
    """The cue's verb or the medium it names (lexicon: social_* and written_*)."""
    x = article(body)
    assert [h.sourcing for q in x.quotes for h in q.hops] == [sourcing]


def test_the_speaker_after_a_quotation_never_starts_inside_it() -> None:
    """'"..., everything is fine-tuned," Dana Whitlock, an aide, said': the parser may take the
    quotation's last words for modifiers of the speaker's name (a reading the model gave a real
    article). The speaker is the words between the quotation and its verb, never the quotation's
    own words, which are what was said. The misreading is built by hand: the model's reading
    of a sentence is not stable enough to write it by example."""
    from spacy.tokens import Doc

    from kg.extract.attribution import _after_quote
    from kg.extract.parse import load_model

    words = ['"', "It", "is", "all", "fine", "-", "tuned", ",", '"', "Dana", "Whitlock", ",",
             "an", "aide", ",", "said", "."]
    spaces = [False, True, True, True, False, False, False, False, True, True, False, True,
              True, False, True, False, False]
    # heads and labels as the model read the real sentence: 'fine-tuned' hung on the name,
    # the name on the quotation's verb, the quotation's verb on 'said'
    heads = [15, 2, 15, 4, 10, 6, 4, 10, 10, 10, 2, 10, 13, 10, 10, 15, 15]
    deps = ["punct", "nsubj", "ccomp", "advmod", "amod", "punct", "amod", "punct", "punct",
            "compound", "attr", "punct", "det", "appos", "punct", "ROOT", "punct"]
    pos = ["PUNCT", "PRON", "AUX", "ADV", "ADJ", "PUNCT", "ADJ", "PUNCT", "PUNCT", "PROPN",
           "PROPN", "PUNCT", "DET", "NOUN", "PUNCT", "VERB", "PUNCT"]
    doc = Doc(load_model().vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos)
    text = doc.text
    quotation = Span(0, text.index("Dana") - 1)
    assert text[quotation.begin : quotation.end] == '"It is all fine-tuned,"'
    speaker, core = _after_quote(doc[15], quotation, 0, text)
    assert speaker is not None and core is not None
    assert speaker.text(text) == "Dana Whitlock, an aide"
    assert core.text(text) == "Dana Whitlock"


def test_a_closing_said_X_the_parser_hung_on_the_verb_before_says_the_words_before_it() -> None:
    """'In Marlow, the plant is closing, said the chief, Ana Ruiz.': the parser may hang 'said'
    on the verb before it, as a coordinated verb with the speaker as its subject (a reading the
    model gave a real article; built by hand, as it is not stable enough to write by example).
    What was said is the sentence before the comma, the opening phrase with it."""
    from spacy.tokens import Doc

    from kg.extract.attribution import _closing_cue
    from kg.extract.parse import load_model

    words = ["In", "Marlow", ",", "the", "plant", "is", "closing", ",", "said", "the", "chief",
             ",", "Ana", "Ruiz", "."]
    spaces = [True, False, True, True, True, True, False, True, True, True, False, True, True,
              False, False]
    heads = [6, 0, 6, 4, 6, 6, 6, 6, 6, 10, 8, 10, 13, 10, 6]
    deps = ["prep", "pobj", "punct", "det", "nsubj", "aux", "ROOT", "punct", "conj", "det",
            "nsubj", "punct", "compound", "appos", "punct"]
    tags = ["IN", "NNP", ",", "DT", "NN", "VBZ", "VBG", ",", "VBD", "DT", "NN", ",", "NNP",
            "NNP", "."]
    pos = ["ADP", "PROPN", "PUNCT", "DET", "NOUN", "AUX", "VERB", "PUNCT", "VERB", "DET", "NOUN",
           "PUNCT", "PROPN", "PROPN", "PUNCT"]
    lemmas = ["in", "Marlow", ",", "the", "plant", "be", "close", ",", "say", "the", "chief", ",",
              "Ana", "Ruiz", "."]
    doc = Doc(load_model().vocab, words=words, spaces=spaces, heads=heads, deps=deps, tags=tags,
              pos=pos, lemmas=lemmas)
    text = doc.text
    said = _closing_cue(doc[8], doc[:], 0, text)
    assert said is not None and said.text(text) == "In Marlow, the plant is closing"
