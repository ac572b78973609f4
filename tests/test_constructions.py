"""Table-driven tests of attribution constructions (issue 11, items 2 and 3) on sentences written
for these tests: every name, place and organisation is invented.

Each row is one construction: a short article body and the statements the extractor must find,
with the hops of each (source span, cue span, cue class, and who the source resolves to). Only the
fields a row names are compared, so each row says what its construction is about.
"""

from __future__ import annotations

from typing import Any

import pytest
from rdflib import Literal

from kg.extract import extract
from kg.model import Article, Extraction, Span
from kg.text import sha256_hex

HEADLINE = "A headline for the test"
LQ, RQ, AP = "\u201c", "\u201d", "\u2019"  # curly quotation marks and apostrophe


def article(body: str, publisher: str | None = "The Daily Ledger", headline: str = HEADLINE,
            registry: Any = None) -> Extraction:
    text = f"{headline}\n\n{body}"
    a = Article(id="t", source="t.txt", source_sha256="0" * 64, text=text, sha256=sha256_hex(text),
                headline=headline, headline_span=Span(0, len(headline)), language="en",
                input_format="text", publisher=publisher)
    return extract(a, registry=registry)


def described(x: Extraction) -> list[dict[str, Any]]:
    """Every quote and claim as plain data: its text pieces and its hops, source resolved."""
    text = x.article.text
    src = {s.id: s for s in x.sources}

    def hop(h: Any) -> dict[str, Any]:
        s = src[h.source]
        return {"source_span": h.source_span.text(text) if h.source_span else None,
                "cue": h.cue.text(text), "cue_class": h.cue_class, "kind": s.kind,
                "entity": s.entity, "descriptor": s.descriptor, "acts_for": s.acts_for,
                "members": s.members, "named": list(getattr(s, "named", ())),
                "reason": s.anonymity_reason, "reported_to": h.reported_to}

    out: list[tuple[Span, dict[str, Any]]] = []
    for q in x.quotes:
        out.append((q.span, {"type": "quote", "texts": [p.text(text) for p in q.texts],
                             "hops": [hop(h) for h in q.hops]}))
    for c in x.claims:
        pieces = c.content or (c.span,)
        out.append((c.span, {"type": "claim", "texts": [p.text(text) for p in pieces],
                             "hops": [hop(h) for h in c.hops]}))
    return [d for _, d in sorted(out, key=lambda p: p[0])]


def matches(actual: dict[str, Any], expected: dict[str, Any]) -> bool:
    if actual["type"] != expected["type"] or actual["texts"] != expected["texts"]:
        return False
    if len(actual["hops"]) != len(expected["hops"]):
        return False
    pairs = zip(actual["hops"], expected["hops"], strict=True)
    return all(all(a.get(k) == v for k, v in e.items()) for a, e in pairs)


def quote(*texts: str, hops: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "quote", "texts": list(texts), "hops": hops}


def claim(*texts: str, hops: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "claim", "texts": list(texts), "hops": hops}


def said(source_span: str | None, cue: str = "said", cue_class: str = "speech",
         **source: Any) -> dict[str, Any]:
    return {"source_span": source_span, "cue": cue, "cue_class": cue_class, **source}


def xfail(reason: str) -> Any:
    """Wrong in the attribution finder (kg/extract/attribution.py); the reason gives the parse."""
    return pytest.mark.xfail(strict=True, reason=reason)


CASES = [
    # ------------------------------------------------------------ who speaks, by structure
    pytest.param(
        "Councilwoman Dana Whitlock said the ferry terminal would reopen in June.",
        [claim("the ferry terminal would reopen in June",
               hops=[said("Councilwoman Dana Whitlock", kind="person", entity="dana-whitlock")])],
        id="subject-of-reporting-verb"),
    pytest.param(
        "The reservoir is nearly empty, said Oskar Lindqvist, the water board's chief engineer.",
        [claim("The reservoir is nearly empty",
               hops=[said("Oskar Lindqvist, the water board's chief engineer", kind="person",
                          entity="oskar-lindqvist")])],
        id="inverted-said-X"),
    pytest.param(
        "Oskar Lindqvist runs the water board. He's said the reservoir would last the summer.",
        [claim("the reservoir would last the summer",
               hops=[said("He", kind="person", entity="oskar-lindqvist")])],
        id="contracted-has-said"),
    pytest.param(
        "The Kelderton Ferry Authority raised fares. A spokeswoman for the authority said "
        "costs had doubled.",
        [claim("costs had doubled",
               hops=[said("A spokeswoman for the authority", kind="spokesperson",
                          acts_for="kelderton-ferry-authority")])],
        id="spokesperson-for-the-authority"),
    pytest.param(
        "Calder United fired its coach on Sunday. Calder United had lost five games. The coach, "
        "who joined from Westerlo Athletic in 2022, did not respond. The club said it would "
        "name a successor soon.",
        [claim("it would name a successor soon",
               hops=[said("The club", kind="organization", entity="calder-united")])],
        id="a-description-is-the-organization-named-most"),
    pytest.param(
        "Talks on the river treaty stalled on Friday after the delegation walked out, two "
        "diplomats involved in the talks said.",
        [claim("Talks on the river treaty stalled on Friday after the delegation walked out",
               hops=[said("two diplomats involved in the talks", kind="group")])],
        id="closing-cue-the-parser-gives-two-subjects"),
    pytest.param(
        "Sen. Dana Whitlock is weighing a run for governor. Her spokesman, Eli Navarro, said "
        "she would decide by June.",
        [claim("she would decide by June",
               hops=[said("Her spokesman, Eli Navarro", kind="spokesperson",
                          entity="eli-navarro", acts_for="dana-whitlock")])],
        id="her-spokesman-named-acts-for-her"),
    pytest.param(
        "Tomas Reyes and Ana Lind of Kelderton University said the harbor was too shallow.",
        [claim("the harbor was too shallow",
               hops=[said("Tomas Reyes and Ana Lind of Kelderton University", kind="group",
                          named=["tomas-reyes", "ana-lind"])])],
        id="people-named-together-of-an-organization"),
    pytest.param(
        "Lawyers for Ana Lind said the suit was baseless.",
        [claim("the suit was baseless",
               hops=[said("Lawyers for Ana Lind", kind="unnamed", entity=None)])],
        id="people-described-for-someone-named"),
    pytest.param(
        "Strategists for Tomas Reyes and Ana Lind said the race was close.",
        [claim("the race was close",
               hops=[said("Strategists for Tomas Reyes and Ana Lind", kind="unnamed",
                          entity=None)])],
        id="people-described-for-two-named"),
    pytest.param(
        'U.S. District Judge Miriam Caldwell said the defendant had "betrayed every taxpayer." '
        "Owen Pratt, 61, pleaded guilty in March.",
        [claim('the defendant had "betrayed every taxpayer."',
               hops=[said("U.S. District Judge Miriam Caldwell", entity="miriam-caldwell")]),
         quote("betrayed every taxpayer.",
               hops=[said("U.S. District Judge Miriam Caldwell", entity="miriam-caldwell")])],
        id="a-quote-is-not-the-next-sentences-who-pleaded-guilty"),
    pytest.param(
        "County Executive Frank Ibsen said the county had tightened its controls.",
        [claim("the county had tightened its controls",
               hops=[said("County Executive Frank Ibsen", kind="person", entity="frank-ibsen")])],
        id="a-title-of-two-words-before-a-name"),
    pytest.param(
        "The ferry, said to be the oldest in the state, sank on Monday.",
        [], id="said-to-be-is-no-ones-word"),
    pytest.param(
        "The Westbrook School District will close two schools, the station KWBR reported.",
        [claim("The Westbrook School District will close two schools",
               hops=[said("the station KWBR", cue="reported", kind="outlet", entity="kwbr")])],
        id="the-station-before-its-call-letters"),
    pytest.param(
        "The Westbrook School District will close two schools. District spokeswoman Anita Roos "
        "said no list had been approved.",
        [claim("no list had been approved",
               hops=[said("District spokeswoman Anita Roos", kind="spokesperson",
                          entity="anita-roos", acts_for="westbrook-school-district")])],
        id="district-spokeswoman-acts-for-the-district"),
    pytest.param(
        'Ilse Varga rejected that account, telling the state broadcaster ERT that her country had '
        '"shown patience for months."',
        [claim("that account", hops=[said("Ilse Varga", cue="rejected")]),
         claim('that her country had "shown patience for months."',
               hops=[said(None, cue="telling", kind="outlet"),
                     said("Ilse Varga", cue="telling")]),
         quote("shown patience for months.",
               hops=[said(None, cue="telling", kind="outlet"),
                     said("Ilse Varga", cue="telling")])],
        id="telling-a-named-broadcaster-that"),
    pytest.param(
        "Comedian Dana Pell was booed and shouted down by fans after telling holdouts for the "
        "senator that they were being silly.",
        [claim("that they were being silly",
               hops=[said("Comedian Dana Pell", cue="telling", entity="dana-pell")])],
        id="a-clause-told-is-not-the-earlier-cues"),
    pytest.param(
        "Tomas Reyes and Ana Lind of the University of Kelderton, Westbrook suggest that the "
        "harbor was dredged too deep.",
        [claim("that the harbor was dredged too deep",
               hops=[said("Tomas Reyes and Ana Lind of the University of Kelderton",
                          cue="suggest")])],
        id="a-comma-inside-the-subject-of-a-cue-with-its-clause"),
    pytest.param(
        "Oskar Lindqvist runs the water board. He\u2019s told aides that the reservoir is low.",
        [claim("that the reservoir is low",
               hops=[said("He", cue="told", kind="person", entity="oskar-lindqvist")])],
        id="contracted-has-told"),
    pytest.param(
        "Mayor Ines Varga opened the depot on Monday.\n\n"
        '"We are not raising fares this year," the mayor said.',
        [quote("We are not raising fares this year,",
               hops=[said("the mayor", kind="person", entity="ines-varga")])],
        id="quote-comma-the-mayor-said"),
    pytest.param(
        '"We are not raising fares this year," the mayor said.',
        [quote("We are not raising fares this year,",
               hops=[said("the mayor", kind="unnamed", descriptor="the mayor")])],
        id="quote-comma-the-mayor-said-unresolved"),
    pytest.param(
        "Asked whether the depot would close, the mayor said no.",
        [claim("whether the depot would close",
               hops=[said(None, cue="Asked", kind="unidentified", entity=None)]),
         claim("no", hops=[said("the mayor")])], id="said-yes-or-no"),
    pytest.param(
        'Asked whether Ebbe would be traded, Dunleavy said, "Everything is on the table."',
        [claim("whether Ebbe would be traded",
               hops=[said(None, cue="Asked", kind="unidentified", entity=None)]),
         quote("Everything is on the table.", hops=[said("Dunleavy")])],
        id="an-opening-asked-the-tagger-read-as-a-past-tense-is-still-unattributed"),
    pytest.param(
        "Asked by the host to respond to the criticism, Carson said he had no comment.",
        [claim("to respond to the criticism", hops=[said("the host", cue="Asked")]),
         claim("he had no comment", hops=[said("Carson")])],
        id="an-opening-asked-by-someone-is-that-ones-asking"),
    pytest.param(
        "Expecting thousands at the protest, Burke said the city was ready.",
        [claim("thousands at the protest",
               hops=[said("Burke", cue="Expecting", cue_class="cognition")]),
         claim("the city was ready", hops=[said("Burke")])],
        id="an-opening-expecting-is-the-subjects-own"),
    pytest.param(
        "The second ferry is expected to sail in the spring.",
        [claim("to sail in the spring",
               hops=[said(None, cue="expected", cue_class="cognition", kind="unidentified")])],
        id="unattributed-passive-without-its-agent"),
    pytest.param(
        "When asked whether the timetable would change, Solberg smiled.",
        [claim("whether the timetable would change",
               hops=[said(None, cue="asked", kind="unidentified")])],
        id="unattributed-when-asked"),
    pytest.param(
        "Asked about the delay at the depot, the mayor blamed the weather.",
        [claim("the delay at the depot",
               hops=[said(None, cue="Asked about", kind="unidentified")]),
         claim("the weather", hops=[said("the mayor", cue="blamed")])],
        id="unattributed-asked-about"),
    pytest.param(
        f"{LQ}Nobody gets a timetable right the first time,{RQ} Councillor Marit Solberg said "
        f"when asked about the new timetable. {LQ}We will keep fixing it.{RQ}",
        [quote("Nobody gets a timetable right the first time,", "We will keep fixing it.",
               hops=[said("Councillor Marit Solberg")]),
         claim("the new timetable", hops=[said(None, cue="asked about", kind="unidentified")])],
        id="a-quotation-after-an-unattributed-aside-continues-the-speaker"),
    pytest.param(
        f"{LQ}That is a fair worry, because the riders are loyal,{RQ} Tessaro, 69, told the "
        f"Courier on Monday.",
        [quote("That is a fair worry, because the riders are loyal,",
               hops=[said("Tessaro, 69", cue="told")])],
        id="quotation-then-a-speaker-with-an-age-the-parser-hangs-the-quotation-on"),
    pytest.param(
        'The mayor has begun to soften her tone. "Look at the notice she put out after the '
        'storm," Pellow notes. "It was very different in tone."',
        [quote("Look at the notice she put out after the storm,",
               "It was very different in tone.", hops=[said("Pellow", cue="notes")])],
        id="present-tense-cue-the-parser-reads-as-a-plural-noun"),
    pytest.param(
        f"Pellow, a Dunne ally, called Dover{AP}s standards {LQ}strong.{RQ}",
        [claim(f"Dover{AP}s standards {LQ}strong.{RQ}",
               hops=[said("Pellow, a Dunne ally", cue="called")])],
        id="naming-verb-read-as-a-participle-of-the-speaker"),
    pytest.param(
        'The plan drew fire; one councillor called Dunne "the orange prince of the harbour."',
        [claim('Dunne "the orange prince of the harbour."',
               hops=[said("one councillor", cue="called")]),
         quote("the orange prince of the harbour.", hops=[said("one councillor", cue="called")])],
        id="naming-verb-read-as-a-participle-after-a-semicolon"),
    pytest.param(
        'Former governor Ana Ruiz called the use of decrees "quite dangerous."',
        [claim('the use of decrees "quite dangerous."',
               hops=[said("Former governor Ana Ruiz", cue="called")]),
         quote("quite dangerous.", hops=[said("Former governor Ana Ruiz", cue="called")])],
        id="naming-verb-whose-quoted-complement-the-parser-hangs-on-the-object"),
    pytest.param(
        'A group called "Save the Bay" said the ferry was late.',
        [claim("the ferry was late", hops=[said('A group called "Save the Bay"')])],
        id="a-quoted-name-in-the-subject-is-no-quotation-before-its-speaker"),
    pytest.param(
        'Some in the "Fix the Ferry" crowd suggest the fares are too high.',
        [claim("the fares are too high",
               hops=[said('Some in the "Fix the Ferry" crowd', cue="suggest")])],
        id="a-quoted-name-inside-the-subject"),
    pytest.param(
        "That said, riders say they believe the ferry will need years of repairs.",
        [claim("they believe the ferry will need years of repairs",
               hops=[said("riders", cue="say")])],
        id="that-said-concedes-a-point-and-names-no-source"),
    pytest.param(
        f"Harbour delegate Bill Eastvale, wearing a straw hat and {LQ}Fix the Ferry{RQ} pins, "
        f"said, {LQ}We have had better summers than this one.{RQ}",
        [quote("We have had better summers than this one.",
               hops=[said("Harbour delegate Bill Eastvale, wearing a straw hat")])],
        id="a-quoted-name-in-an-aside-about-the-speaker-is-not-what-they-said"),
    pytest.param(
        "As the Courier noted, the ferry has not run on time since March.",
        [claim("the ferry has not run on time since March",
               hops=[said("the Courier", cue="noted")])],
        id="as-X-noted-attributes-the-clause-it-hangs-on"),
    pytest.param(
        "The fares will not rise this year, as the mayor pointed out.",
        [claim("The fares will not rise this year",
               hops=[said("the mayor", cue="pointed out")])],
        id="as-X-pointed-out-after-the-clause"),
    pytest.param("As the crowd cheered, the mayor cut the ribbon.", [],
                 id="an-as-clause-of-time-attributes-nothing"),
    pytest.param(
        "Q: Does the ferry pay for itself?\n\nA: Well, I think it could, but it has not so far.",
        [claim("it could", hops=[said("I", cue="think", cue_class="cognition")])],
        id="interview-question-and-answer-marks-are-no-speakers"),
    pytest.param(
        'In an interview on her podcast "The Harbour Hour" on Thursday, Mary Lou Dunne said '
        "her union would fight the fare rise.",
        [claim("her union would fight the fare rise", hops=[said("Mary Lou Dunne")])],
        id="a-title-quoted-before-the-speaker-is-not-what-they-said"),
    pytest.param(
        "Then the mayor asked the students if they were always so serious.",
        [claim("if they were always so serious", hops=[said("the mayor", cue="asked")])],
        id="asked-someone-if-the-question-is-what-was-asked"),
    pytest.param(
        "Mr. Berg said on Harbour TV's \"Meet the Mayor\" on Sunday that Ms. Ruiz had shown "
        "disrespect to the riders.",
        [claim("that Ms. Ruiz had shown disrespect to the riders", hops=[said("Mr. Berg")])],
        id="said-on-a-shows-quoted-title-that"),
    pytest.param(
        'Ruiz told Harbour TV\'s "Morning Tide" that the fares would stay low.',
        [claim("that the fares would stay low", hops=[said("Ruiz", cue="told")])],
        id="told-a-shows-quoted-title-that"),
    pytest.param("Ask yourself whether the ferry is worth the fare.", [],
                 id="an-imperative-cue-is-no-statement"),
    pytest.param(
        "Ostrowski said nothing about the budget at the meeting.",
        [claim("nothing about the budget", hops=[said("Ostrowski")])], id="said-an-object"),
    pytest.param(
        "The depot hired forty drivers, which the union said were paid too little.",
        [claim("were paid too little", hops=[said("the union")])],
        id="relative-clause-which-X-said"),
    pytest.param(
        "She worked for a charity that inspectors say was a front for smugglers.",
        [claim("was a front for smugglers", hops=[said("inspectors", cue="say")])],
        id="relative-clause-that-X-say"),
    pytest.param(
        f"Councillor Marit Solberg said,{LQ}Look, the ferry is late again.{RQ}",
        [quote("Look, the ferry is late again.", hops=[said("Councillor Marit Solberg")])],
        id="quote-mark-against-the-comma-after-said"),
    pytest.param(
        f"{LQ}The ferry is late again,{RQ}Solberg said.",
        [quote("The ferry is late again,", hops=[said("Solberg")])],
        id="quote-mark-against-the-speaker"),
    pytest.param(
        f"{LQ}Not this year,{LQ} the harbour master said.",
        [quote("Not this year,", hops=[said("the harbour master")])],
        id="opening-mark-typed-to-close-a-quotation"),
    pytest.param(
        "Solberg, meanwhile, who holds no seat on the board, said that vote shows who is "
        "in charge.",
        [claim("that vote shows who is in charge",
               hops=[said("Solberg, meanwhile, who holds no seat on the board")])],
        id="relative-aside-read-as-the-complement"),
    pytest.param(
        f"But Sen. Jonas Eriksen (D-Ore.), noting the mood of the room, said, {LQ}I think "
        f"we will lose this vote.{RQ}",
        [quote("I think we will lose this vote.", hops=[said("Sen. Jonas Eriksen (D-Ore.)")])],
        id="participle-aside-read-as-the-complement"),
    pytest.param(
        "On Friday at a small harbour rally Rep. Marit Solberg (R-OR) said the ferry was a "
        "disgrace.",
        [claim("the ferry was a disgrace", hops=[said("Rep. Marit Solberg (R-OR)")])],
        id="speaker-hung-on-a-noun-before-a-party-label"),
    pytest.param(
        f"Although there is no overlap, a port official who spoke anonymously to discuss the "
        f"bids said Monday, {LQ}Certainly there are talks between the two ports.{RQ}",
        [quote("Certainly there are talks between the two ports.",
               hops=[said("a port official who spoke anonymously to discuss the bids")])],
        id="speaker-with-a-relative-clause-hung-on-a-noun-before-it"),
    pytest.param(
        f"Couple the rain with a {LQ}bus that never runs{RQ} and the riders get nervous, said "
        f"Marit Solberg, director of the riders league.",
        [claim(f"Couple the rain with a {LQ}bus that never runs{RQ} and the riders get nervous",
               hops=[said("Marit Solberg, director of the riders league")]),
         quote("bus that never runs", hops=[said("Marit Solberg, director of the riders league")])],
        id="inverted-said-after-a-clause-read-as-its-subject"),
    pytest.param(
        "The clinic was unable to hire a single nurse, she said, on condition of anonymity "
        "to protect her job.",
        [claim("The clinic was unable to hire a single nurse", hops=[said("she")])],
        id="parenthetical-said-then-an-infinitive-of-the-speaking"),
    pytest.param(
        f"By then the old ferry was a {LQ}floating museum{RQ} for tourists.", [],
        id="a-quotation-in-what-a-thing-is-is-no-ones-words"),
    pytest.param(
        "The vote, which is widely expected to come on Monday, will settle the budget.",
        [claim("to come on Monday",
               hops=[said(None, cue="expected", cue_class="cognition", kind="unidentified")])],
        id="a-passive-cue-without-its-agent-has-no-source"),
    pytest.param(
        "Councillors could not find a way to fund the second ferry.", [],
        id="find-with-an-object-is-no-finding"),
    pytest.param(
        "A council study found that the ferry lost money every winter.",
        [claim("that the ferry lost money every winter",
               hops=[said("A council study", cue="found", cue_class="evidence")])],
        id="found-that-a-finding"),
    pytest.param(
        "The tunnel will cost twice the estimate, according to Priya Ramanathan.",
        [claim("The tunnel will cost twice the estimate",
               hops=[said("Priya Ramanathan", cue="according to", cue_class="according",
                          kind="person", entity="priya-ramanathan")])],
        id="according-to-X"),
    pytest.param(
        "According to two engineers at the site, the tunnel will cost twice the estimate.",
        [claim("the tunnel will cost twice the estimate",
               hops=[said("two engineers at the site", cue="According to", cue_class="according",
                          kind="group", members=2)])],
        id="according-to-X-first"),
    pytest.param(
        'The harbor master called the dredging contract "a slow-motion giveaway" on Friday.',
        [claim('the dredging contract "a slow-motion giveaway"',
               hops=[said("The harbor master", cue="called")]),
         quote("a slow-motion giveaway", hops=[said("The harbor master", cue="called")])],
        id="called-object-quoted-complement"),
    pytest.param(
        f"Alder called the trustees {LQ}cowards{RQ} and {LQ}thieves{RQ} without offering proof.",
        [claim(f"the trustees {LQ}cowards{RQ} and {LQ}thieves{RQ}",
               hops=[said("Alder", cue="called")])],
        id="called-object-and-a-list-of-quoted-names-then-more-of-the-clause"),
    pytest.param(
        f"The senator called the {LQ}reform{RQ} bill a sham.",
        [claim(f"the {LQ}reform{RQ} bill a sham", hops=[said("The senator", cue="called")])],
        id="called-a-quoted-word-inside-the-object-is-no-name-it-is-called"),
    pytest.param(
        "The Gazette poll showed Hale ahead, with 62 percent of voters saying the town was on "
        "the wrong track.",
        [claim("Hale ahead", hops=[said("The Gazette poll", cue="showed", cue_class="evidence")]),
         claim("the town was on the wrong track",
               hops=[said("62 percent of voters", cue="saying")])],
        id="an-absolute-with-clause-whose-participle-is-a-cue-is-its-subjects"),
    pytest.param(
        f"Asked whether the mayor {LQ}has the stamina to serve a full term,{RQ} 70 percent of "
        "residents said yes.",
        [claim(f"whether the mayor {LQ}has the stamina to serve a full term,{RQ}",
               hops=[said(None, cue="Asked", kind="unidentified")]),
         claim("yes", hops=[said("70 percent of residents")])],
        id="asked-whether-with-a-quotation-then-a-count-said-yes"),
    pytest.param(
        "KELDWICK, March 3 (Wirestream) - Orvane Minerals is exploring an offer for Castor "
        "Mining, according to two people familiar with the matter.",
        [claim("Orvane Minerals is exploring an offer for Castor Mining",
               hops=[said("two people familiar with the matter", cue="according to",
                          cue_class="according", kind="group")])],
        id="a-wire-dateline-with-a-month-and-a-hyphen-is-not-what-was-said"),
    pytest.param(
        "PORT ASKE, Maine - Sen. Ana Ruiz (D-Maine) kept up her attack on the levy on Saturday, "
        "calling it a tax on families.",
        [claim("the levy", hops=[said("her", cue="attack on", entity="ana-ruiz")]),
         claim("it a tax on families",
               hops=[said("Sen. Ana Ruiz (D-Maine)", cue="calling", entity="ana-ruiz")])],
        id="a-dateline-with-its-state-is-no-part-of-the-source-after-it"),
    pytest.param(
        "Halden University ran the trial. The findings were clear, the authors wrote. But they "
        "cautioned that the sample was small.",
        [claim("The findings were clear", hops=[said("the authors", cue="wrote", kind="group")]),
         claim("that the sample was small",
               hops=[said("they", cue="cautioned", kind="group", descriptor="the authors")])],
        id="they-after-the-authors-is-the-authors-not-the-university"),
    pytest.param(
        "The council approved the depot. Critics said it would bring lorries into the village.",
        [claim("it would bring lorries into the village",
               hops=[said("Critics", kind="group")])],
        id="critics-are-a-group"),
    pytest.param(
        "Senator Ana Ruiz spoke for an hour. Ruiz supporters said the speech was her best.",
        [claim("the speech was her best", hops=[said("Ruiz supporters", kind="group")])],
        id="a-candidates-supporters-are-a-group-not-the-candidate"),
    pytest.param(
        f"Tully said the striker was {LQ}the best finisher I have worked with{RQ} and insisted he "
        "was not for sale.",
        [claim(f"the striker was {LQ}the best finisher I have worked with{RQ}",
               hops=[said("Tully")]),
         quote("the best finisher I have worked with", hops=[said("Tully")]),
         claim("he was not for sale", hops=[said("Tully", cue="insisted")])],
        id="a-name-ending-in-ly-the-tagger-reads-as-an-adverb-is-the-speaker"),
    pytest.param(
        "It is understood that the minister has the prime minister's confidence.",
        [claim("that the minister has the prime minister's confidence",
               hops=[said(None, cue="understood", cue_class="cognition", kind="unidentified")])],
        id="it-is-understood-that-is-on-no-ones-word"),
    pytest.param(
        "It was reported that the mill would close.",
        [claim("that the mill would close",
               hops=[said(None, cue="reported", kind="unidentified")])],
        id="it-was-reported-that-is-on-no-ones-word"),
    pytest.param(
        f"The treasurer did not seem worried on Tuesday, telling reporters, {LQ}The budget will "
        f"balance itself.{RQ}",
        [quote("The budget will balance itself.", hops=[said("The treasurer", cue="telling")])],
        id="participle-telling-addressee-then-quotation"),
    pytest.param(
        f"{LQ}We should close the depot,{RQ} said Sen. Mara Quill of Idaho, the only senator to "
        f"oppose the plan. {LQ}There are many drivers who feel the depot was never needed.{RQ}",
        [quote("We should close the depot,",
               "There are many drivers who feel the depot was never needed.",
               hops=[said("Sen. Mara Quill of Idaho, the only senator")])],
        id="clause-in-the-speakers-description-is-no-attribution"),
    pytest.param(
        f"Tomas Reyes runs the harbor.\n\n{LQ}The tide decides. Or the moon,{RQ}\u00a0Reyes "
        f"said.\u00a0{LQ}Not me.{RQ}",
        [quote("The tide decides. Or the moon,", "Not me.",
               hops=[said("Reyes", entity="tomas-reyes")])],
        id="no-break-spaces-around-the-speaker"),
    pytest.param(
        "The new ferry started in May.\n\n"
        f"{LQ}It is always late. I missed three meetings this month.{RQ} \u2015 Dora Blevins\n\n"
        f"{LQ}The crew is kind and the coffee is hot.{RQ}\u2014 Mateo R. Alvarez.",
        [quote("It is always late. I missed three meetings this month.",
               hops=[said("Dora Blevins", cue="\u2015", cue_class="quote")]),
         quote("The crew is kind and the coffee is hot.",
               hops=[said("Mateo R. Alvarez", cue="\u2014", cue_class="quote")])],
        id="quotation-signed-by-a-dash-and-a-name"),
    pytest.param(
        "The new ferry started in May.\n\n"
        '"Nobody answers the phone at the dock."\n\n'
        "- Dora Blevins, Port Alder.\n\n"
        f"{RQ}Worry. The ferry may stop for good.{RQ} \u2015 Edna Moor\n\n"
        f"{LQ}I would sooner sleep on the dock than ride what he calls {LQ}a boat{RQ} again.{RQ} "
        "\u2015 Pia Dunne",
        [quote("Nobody answers the phone at the dock.",
               hops=[said("Dora Blevins", cue="-", cue_class="quote")]),
         quote("Worry. The ferry may stop for good.",
               hops=[said("Edna Moor", cue="\u2015", cue_class="quote")]),
         quote(f"I would sooner sleep on the dock than ride what he calls {LQ}a boat{RQ} again.",
               hops=[said("Pia Dunne", cue="\u2015", cue_class="quote")])],
        id="signature-on-its-own-line-or-after-marks-that-do-not-pair"),
    pytest.param(
        "The harbor board issued a statement:\n\n"
        f"{LQ}We grieve with the families of the crew.{RQ}",
        [quote("We grieve with the families of the crew.",
               hops=[said("The harbor board", cue="issued")])],
        id="statement-after-a-colon-in-the-next-paragraph"),
    pytest.param(
        f"{LQ}Will the fares rise?{RQ} the reporter pressed. {LQ}Not this year,{RQ} the mayor "
        "snapped.",
        [quote("Will the fares rise?", hops=[said("the reporter", cue="pressed")]),
         quote("Not this year,", hops=[said("the mayor", cue="snapped")])],
        id="inverted-manner-of-speaking-verbs"),
    pytest.param(
        f"As one farmer put it, {LQ}The river decides who eats.{RQ} She put the sack on the cart.",
        [quote("The river decides who eats.", hops=[said("one farmer", cue="put it")])],
        id="as-X-put-it"),
    pytest.param(
        "The dockworkers' union urged its members to reject the contract on Monday.",
        [claim("its members to reject the contract on Monday",
               hops=[said("The dockworkers' union", cue="urged")])],
        id="urged-X-to-do-Y"),
    pytest.param(
        "According to ferry captain Lia Moss, the schedule reeks of neglect.",
        [claim("the schedule reeks of neglect",
               hops=[said("ferry captain Lia Moss", cue="According to", cue_class="according")])],
        id="according-to-X-first-misparsed"),
    pytest.param(
        f"Said Marguerite Obi: {LQ}I do not think the board cares about the ferry.{RQ}",
        [quote("I do not think the board cares about the ferry.",
               hops=[said("Marguerite Obi", cue="Said")])],
        id="said-X-colon"),
    pytest.param(
        "On Monday, Varga made the following comment:\n\n"
        f"{LQ}Anyone who quits school early struggles to find work here.{RQ}",
        [quote("Anyone who quits school early struggles to find work here.",
               hops=[said("Varga", cue="made the following comment")])],
        id="noun-of-saying-then-colon"),
    pytest.param(
        "The pollster spoke first.\n\nThe pollster continued:\n\n"
        f'"The race is close, and here is how the question went: {LQ}Is the mayor fit to '
        f'serve?{RQ} Most say yes.',
        [claim(f'"The race is close, and here is how the question went: {LQ}Is the mayor fit to '
               f'serve?{RQ} Most say yes', hops=[said("The pollster", cue="continued")]),
         quote("Is the mayor fit to serve?", hops=[said("The pollster", cue="continued")])],
        id="colon-then-a-paragraph-whose-mark-never-closes"),
    pytest.param(
        "The governor keeps stressing the urgency of bridge repairs before winter.",
        [claim("the urgency of bridge repairs before winter",
               hops=[said("The governor", cue="stressing")])],
        id="stressing-an-object"),
    pytest.param(
        f"Pickets marching past the gates chanted {LQ}Open the books!{RQ} and stayed until dawn.",
        [quote("Open the books!", hops=[said("Pickets", cue="chanted")])],
        id="verb-the-parser-left-uncoordinated"),
    pytest.param(
        f"Corin Vasko leaned in and boomed: {LQ}We will win in May.{RQ}",
        [quote("We will win in May.", hops=[said("Corin Vasko", cue="boomed", cue_class="quote")])],
        id="second-of-two-verbs-introduces-the-quotation-colon"),
    pytest.param(
        f"Corin Vasko leaned in and boomed, {LQ}We will win in May.{RQ}",
        [quote("We will win in May.", hops=[said("Corin Vasko", cue="boomed", cue_class="quote")])],
        id="second-of-two-verbs-introduces-the-quotation-comma"),
    pytest.param(
        "The mayor paused, then looked up and said the ferry would run.",
        [claim("the ferry would run", hops=[said("The mayor")])],
        id="verb-after-then-shares-the-first-verbs-subject"),
    pytest.param(
        'Vasko, speaking on WXR radio, called Ruiz a "windbag."',
        [claim('Ruiz a "windbag."', hops=[said("Vasko", cue="called")])],
        id="naming-verb-after-a-participle-aside-read-as-a-participle"),
    pytest.param(
        'The mayor, asked about the plan, called Ruiz a "dreamer."',
        [claim('Ruiz a "dreamer."', hops=[said("The mayor", cue="called")])],
        id="naming-verb-hung-on-a-noun-inside-an-aside"),
    pytest.param(
        "Landlords should fix the heating and stop using words like pending and shortly, he told "
        "tenants.",
        [claim("Landlords should fix the heating and stop using words like pending and shortly",
               hops=[said("he", cue="told")])],
        id="closing-cue-told-with-its-addressee"),
    pytest.param(
        'The call to "keep the harbour ours" speaks to fishing families, said Tom Vasko, a '
        "sociologist at Kessel College.",
        [claim('The call to "keep the harbour ours" speaks to fishing families',
               hops=[said("Tom Vasko, a sociologist at Kessel College", kind="person")]),
         quote("keep the harbour ours",
               hops=[said("Tom Vasko, a sociologist at Kessel College", kind="person")])],
        id="inverted-said-X-after-a-statement-holding-a-quotation"),
    pytest.param(
        "Across the valley, orchards are struggling, and many growers face losses after the "
        "frost, said the growers' association president, Tom Vasko.",
        [claim("Across the valley, orchards are struggling, and many growers face losses after "
               "the frost",
               hops=[said("the growers' association president, Tom Vasko", kind="person")])],
        id="inverted-said-X-closing-a-sentence-that-opens-with-a-place"),
    pytest.param(
        'In short remarks, Vasko called the flood that closed three bridges "a warning to every '
        'town," but he also praised the volunteers.',
        [claim('the flood that closed three bridges "a warning to every town,"',
               hops=[said("Vasko", cue="called")]),
         quote("a warning to every town,", hops=[said("Vasko", cue="called")]),
         claim("the volunteers", hops=[said("he", cue="praised")])],
        id="naming-verb-object-with-a-relative-clause"),
    pytest.param(
        'Set that beside Vasko, who has called the new ferry levy "robbery," and Ruiz, who says '
        'it is "fair."',
        [claim('the new ferry levy "robbery,"', hops=[said("who", cue="called")]),
         claim('it is "fair."', hops=[said("who", cue="says")])],
        id="naming-verb-quotation-closing-its-clause-with-a-comma-inside"),
    pytest.param(
        'The delay led the council to hold a vote and call the contract "a bad deal," a rare '
        "rebuke.",
        [claim('the contract "a bad deal," a rare rebuke', hops=[said("the council", cue="call")]),
         quote("a bad deal,", hops=[said("the council", cue="call")])],
        id="object-of-led-speaks-in-its-infinitive"),
    pytest.param(
        f"Their chants of {LQ}Ned! Ned! Ned!{RQ} stopped when the lights went out.",
        [quote("Ned! Ned! Ned!", hops=[said("Their", cue="chants of")])],
        id="possessor-of-a-noun-of-saying-chants-of"),
    pytest.param(
        f"The mayor quietly admires her rival as a {LQ}tireless builder{RQ} and says so often.",
        [claim(f"her rival as a {LQ}tireless builder{RQ}",
               hops=[said("The mayor", cue="admires", cue_class="cognition")]),
         quote("tireless builder", hops=[said("The mayor", cue="admires", cue_class="cognition")])],
        id="admires-X-as-Y"),
    # ------------------------------------------------------------ told: addressee, not source
    pytest.param(
        "Harlan Pettigrew told his neighbors that the quarry would close.",
        [claim("that the quarry would close",
               hops=[said("Harlan Pettigrew", cue="told", kind="person", entity="harlan-pettigrew",
                          reported_to=None)])],
        id="X-told-Y-addressee"),
    pytest.param(
        "Harlan Pettigrew told The Millbrook Courier that the quarry would close.",
        [claim("that the quarry would close",
               hops=[{"kind": "outlet", "entity": "millbrook-courier", "cue": "told"},
                     said("Harlan Pettigrew", cue="told", kind="person", entity="harlan-pettigrew",
                          reported_to="millbrook-courier")])],
        id="X-told-outlet-reportedTo"),
    pytest.param(
        "Harlan Pettigrew told the board she had seen the letter.",
        [claim("she had seen the letter",
               hops=[said("Harlan Pettigrew", cue="told", kind="person")])],
        id="X-told-Y-a-clause-without-that"),
    # ------------------------------------------------------------ citing: outlet -> source
    pytest.param(
        "The Millbrook Courier, citing a quarry foreman, reported that the blasting had stopped.",
        [claim("the blasting had stopped",
               hops=[{"kind": "outlet", "entity": "millbrook-courier",
                      "source_span": "The Millbrook Courier", "cue": "reported"},
                     {"kind": "unnamed", "descriptor": "a quarry foreman",
                      "reported_to": "millbrook-courier", "source_span": "a quarry foreman",
                      "cue": "citing"}])],
        id="outlet-citing-source-reported"),
    pytest.param(
        "The Millbrook Courier, citing two quarry workers, reported that the blasting had stopped.",
        [claim("the blasting had stopped",
               hops=[{"kind": "outlet", "entity": "millbrook-courier", "cue": "reported"},
                     {"kind": "group", "members": 2, "reported_to": "millbrook-courier",
                      "source_span": "two quarry workers", "cue": "citing"}])],
        id="outlet-citing-group-reported"),
    pytest.param(
        "The Millbrook Courier, quoting a quarry foreman, said the blasting had stopped.",
        [claim("the blasting had stopped",
               hops=[{"kind": "outlet", "entity": "millbrook-courier", "cue": "said"},
                     {"kind": "unnamed", "reported_to": "millbrook-courier",
                      "source_span": "a quarry foreman", "cue": "quoting"}])],
        id="outlet-quoting-source-said"),
    pytest.param(
        "State broadcaster KTV, citing two border guards, reported that the river had flooded.",
        [claim("the river had flooded",
               hops=[{"kind": "outlet", "entity": "ktv", "cue": "reported",
                      "source_span": "State broadcaster KTV"},
                     {"reported_to": "ktv", "source_span": "two border guards",
                      "cue": "citing"}])],
        id="outlet-described-before-its-name-citing"),
    pytest.param(
        "The Millbrook Courier reported on Friday, quoting two quarry workers, that the "
        "blasting had stopped.",
        [claim("the blasting had stopped",
               hops=[{"kind": "outlet", "entity": "millbrook-courier", "cue": "reported"},
                     {"kind": "group", "members": 2, "reported_to": "millbrook-courier",
                      "source_span": "two quarry workers", "cue": "quoting"}])],
        id="outlet-reported-quoting-group-that"),
    # ------------------------------------------------------------ speakers across sentences
    pytest.param(
        'Mayor Ines Varga toured the flooded district on Tuesday. She said: "The pumps failed at '
        'midnight." "Nobody warned us." "We will rebuild the levee."',
        [quote("The pumps failed at midnight.", "Nobody warned us.", "We will rebuild the levee.",
               hops=[said("She", kind="person", entity="ines-varga")])],
        id="run-of-quotes-after-she-said-colon"),
    pytest.param(
        "Mayor Ines Varga toured the flooded district on Tuesday.\n\n"
        '"The pumps failed at midnight," she said. "Nobody warned us."\n\n'
        '"We will rebuild the levee before winter."',
        [quote("The pumps failed at midnight,", "Nobody warned us.",
               "We will rebuild the levee before winter.",
               hops=[said("she", kind="person", entity="ines-varga")])],
        id="speaker-in-previous-paragraph"),
    pytest.param(
        "Rep. Lena Marsh left the hearing early. \"The tax will hurt farmers,\" the "
        "congresswoman told reporters.",
        [quote("The tax will hurt farmers,",
               hops=[said("the congresswoman", cue="told", kind="person", entity="lena-marsh",
                          reported_to=None)])],
        id="quote-comma-role-noun-told-reporters"),
    pytest.param(
        f"Mr. Tomas Ruiz praised Ana Vasko on Monday. {LQ}It was a long wait,{RQ} she said.",
        [claim("Ana Vasko", hops=[said("Mr. Tomas Ruiz", cue="praised")]),
         quote("It was a long wait,", hops=[said("she", kind="person", entity="ana-vasko")])],
        id="she-is-not-the-person-titled-mr"),
    pytest.param(
        f"Tomas Ruiz said his term ends in May. Ruiz met Ana Vasko on Friday. "
        f"{LQ}We will see,{RQ} she said.",
        [claim("his term ends in May", hops=[said("Tomas Ruiz")]),
         quote("We will see,", hops=[said("she", kind="person", entity="ana-vasko")])],
        id="she-is-not-the-person-the-article-calls-he"),
    # ------------------------------------------------------------ split and long quotes
    pytest.param(
        '"The pumps failed at midnight," Ines Varga said, "and nobody warned us."',
        [quote("The pumps failed at midnight,", "and nobody warned us.",
               hops=[said("Ines Varga", kind="person", entity="ines-varga")])],
        id="split-quote-around-cue"),
    pytest.param(
        'Mayor Ines Varga said: "The pumps failed at midnight and the water rose fast.\n\n'
        '"By dawn the whole district was under water."',
        [quote("The pumps failed at midnight and the water rose fast.",
               "By dawn the whole district was under water.",
               hops=[said("Mayor Ines Varga", kind="person", entity="ines-varga")])],
        id="quote-over-paragraphs"),
    pytest.param(
        '"The pumps failed at midnight," Mayor Ines Varga said. "The water rose fast.\n\n'
        '"By dawn the whole district was under water."',
        [quote("The pumps failed at midnight,", "The water rose fast.",
               "By dawn the whole district was under water.",
               hops=[said("Mayor Ines Varga", kind="person", entity="ines-varga")])],
        id="quote-continued-over-paragraphs"),
    # ------------------------------------------------------------ asides between source and verb
    pytest.param(
        "A spokeswoman for Brightwater Logistics, the main contractor, said the bridge would be "
        "finished by May.",
        [claim("the bridge would be finished by May",
               hops=[said("A spokeswoman for Brightwater Logistics, the main contractor",
                          kind="spokesperson", acts_for="brightwater-logistics")])],
        id="spokesperson-with-appositive"),
    pytest.param(
        "Two aides, speaking on condition of anonymity because they were not authorized to discuss "
        "the talks, said the senator would resign.",
        [claim("the senator would resign",
               hops=[said("Two aides", kind="group", members=2, descriptor="Two aides",
                          reason="speaking on condition of anonymity because they were not "
                                 "authorized to discuss the talks")])],
        id="anonymous-group-with-reason"),
    pytest.param(
        "A senior official, speaking on condition of anonymity, said the embassy would close.",
        [claim("the embassy would close",
               hops=[said("A senior official", kind="anonymous", descriptor="A senior official",
                          reason="speaking on condition of anonymity")])],
        id="anonymous-official-participial-aside"),
    pytest.param(
        "Two officials, who spoke on condition of anonymity, said the embassy would close.",
        [claim("the embassy would close",
               hops=[said("Two officials, who spoke on condition of anonymity", kind="group",
                          members=2, descriptor="Two officials",
                          reason="who spoke on condition of anonymity")])],
        id="anonymous-group-relative-clause-reason"),
    pytest.param(
        f"{LQ}The race is wide open now,{RQ} said a Vermont Democrat.",
        [quote("The race is wide open now,",
               hops=[said("a Vermont Democrat", kind="anonymous",
                          descriptor="a Vermont Democrat")])],
        id="anonymous-described-by-party-and-state"),
    pytest.param(
        "Dana Whitlock spoke on Monday. ''I told him, 'We will not wait for them,''' he "
        "recalled.",
        [quote("I told him, 'We will not wait for them,",
               hops=[said("he", cue="recalled", kind="person", entity="dana-whitlock")])],
        id="apostrophe-quote-closing-an-inner-quote-before-its-speaker"),
    pytest.param(
        "Two delegates said the vote was rigged.",
        [claim("the vote was rigged",
               hops=[said("Two delegates", kind="group", members=2)])],
        id="anonymous-group-of-described-people"),
    pytest.param(
        "The delegate said the vote was rigged.",
        [claim("the vote was rigged", hops=[said("The delegate", kind="unnamed")])],
        id="definite-description-is-not-anonymous"),
    pytest.param(
        # the source phrase holds its relative clause (as annotators mark it); the core names
        "Oskar Lindqvist, who has run the water board since 2011, said the reservoir was empty.",
        [claim("the reservoir was empty",
               hops=[said("Oskar Lindqvist, who has run the water board since 2011",
                          kind="person", entity="oskar-lindqvist")])],
        id="relative-clause-between-source-and-verb"),
    # ------------------------------------------------------------ belief and intention
    pytest.param(
        "Selma Okafor believes the vote was rigged.",
        [claim("the vote was rigged",
               hops=[said("Selma Okafor", cue="believes", cue_class="cognition", kind="person",
                          entity="selma-okafor")])],
        id="cognition-believes"),
    pytest.param(
        "Selma Okafor wants the council to delay the vote.",
        [claim("the council to delay the vote",
               hops=[said("Selma Okafor", cue="wants", cue_class="cognition", kind="person",
                          entity="selma-okafor")])],
        id="cognition-wants"),
    pytest.param(
        "The plant is unsafe, the inspectors believe.",
        [claim("The plant is unsafe",
               hops=[said("the inspectors", cue="believe", cue_class="cognition")])],
        id="cognition-inverted"),
    pytest.param(
        "Rep. Lena Marsh left the hearing early. The congresswoman thinks the tax will hurt "
        "farmers.",
        [claim("the tax will hurt farmers",
               hops=[said("The congresswoman", cue="thinks", cue_class="cognition", kind="person",
                          entity="lena-marsh")])],
        id="cognition-role-noun"),
    # ------------------------------------------------------------ resolution within the article
    pytest.param(
        "Rep. Lena Marsh voted against the bill. She said the tax would hurt farmers.",
        [claim("the bill", hops=[said("Rep. Lena Marsh", cue="voted against")]),
         claim("the tax would hurt farmers",
               hops=[said("She", kind="person", entity="lena-marsh")])],
        id="pronoun-she"),
    pytest.param(
        "Tobias Crane spoke after the meeting. He said the mill would stay open.",
        [claim("the mill would stay open",
               hops=[said("He", kind="person", entity="tobias-crane")])],
        id="pronoun-he"),
    pytest.param(
        "Rep. Lena Marsh voted against the bill. The congresswoman said the tax would hurt "
        "farmers.",
        [claim("the bill", hops=[said("Rep. Lena Marsh", cue="voted against")]),
         claim("the tax would hurt farmers",
               hops=[said("The congresswoman", kind="person", entity="lena-marsh")])],
        id="role-noun-the-congresswoman"),
    pytest.param(
        "Halvorsen Freight lost its biggest client in March. The company said it would cut 40 "
        "jobs.",
        [claim("it would cut 40 jobs",
               hops=[said("The company", kind="organization", entity="halvorsen-freight")])],
        id="description-the-company"),
    pytest.param(
        "Acme Robotics CEO Gideon Vance resigned in 2019. The former Acme Robotics CEO said the "
        "board had misled investors.",
        [claim("the board had misled investors",
               hops=[said("The former Acme Robotics CEO", kind="person", entity="gideon-vance")])],
        id="description-the-former-org-CEO"),
    # ------------------------------------------------------------ spokespersons
    pytest.param(
        "A spokesman for Halvorsen Freight said the ships were safe.",
        [claim("the ships were safe",
               hops=[said("A spokesman for Halvorsen Freight", kind="spokesperson",
                          acts_for="halvorsen-freight")])],
        id="spokesperson-for-org"),
    pytest.param(
        '"The ships are safe," said a spokeswoman for Halvorsen Freight.',
        [quote("The ships are safe,",
               hops=[said("a spokeswoman for Halvorsen Freight", kind="spokesperson",
                          acts_for="halvorsen-freight")])],
        id="spokesperson-for-org-inverted"),
    pytest.param(
        "Senator Nora Falk left early. A spokesman for Falk, Colin Marsh, said she was unwell.",
        [claim("she was unwell",
               hops=[said("A spokesman for Falk, Colin Marsh", kind="spokesperson",
                          entity="colin-marsh", acts_for="nora-falk")])],
        id="spokesperson-for-a-person-named-after"),
    pytest.param(
        "Senator Nora Falk left early. Colin Marsh, a spokesman for Senator Falk, said she was "
        "unwell.",
        [claim("she was unwell",
               hops=[said("Colin Marsh, a spokesman for Senator Falk", kind="spokesperson",
                          entity="colin-marsh", acts_for="nora-falk")])],
        id="named-spokesperson-for-a-person"),
    pytest.param(
        "Halvorsen Freight spokeswoman Mirela Dunst said the ships were safe.",
        [claim("the ships were safe",
               hops=[said("Halvorsen Freight spokeswoman Mirela Dunst", kind="spokesperson",
                          entity="mirela-dunst", acts_for="halvorsen-freight")])],
        id="named-spokesperson-of-org"),
    pytest.param(
        "Mirela Dunst, a spokeswoman for Halvorsen Freight, said the ships were safe.",
        [claim("the ships were safe",
               hops=[said("Mirela Dunst, a spokeswoman for Halvorsen Freight", kind="spokesperson",
                          entity="mirela-dunst", acts_for="halvorsen-freight")])],
        id="named-spokesperson-appositive"),
    pytest.param(
        "A spokeswoman for Halvorsen Freight, Mirela Dunst, said the ships were safe.",
        [claim("the ships were safe",
               hops=[said("A spokeswoman for Halvorsen Freight, Mirela Dunst",
                          kind="spokesperson", entity="mirela-dunst",
                          acts_for="halvorsen-freight")])],
        id="spokesperson-for-org-then-her-name"),
    pytest.param(
        "Halvorsen Freight lost two ships this winter. A spokeswoman for the company, Mirela "
        "Dunst, said the rest of the fleet was safe.",
        [claim("the rest of the fleet was safe",
               hops=[said("A spokeswoman for the company, Mirela Dunst", kind="spokesperson",
                          entity="mirela-dunst", acts_for="halvorsen-freight")])],
        id="spokesperson-for-the-company-then-her-name"),
    pytest.param(
        "Halvorsen Freight lost two ships this winter. A spokesman for the company said the rest "
        "of the fleet was safe.",
        [claim("the rest of the fleet was safe",
               hops=[said("A spokesman for the company", kind="spokesperson",
                          acts_for="halvorsen-freight")])],
        id="spokesperson-for-the-company"),
    pytest.param(
        "The Halvorsen Freight CEO said the rest of the fleet was safe.",
        [claim("the rest of the fleet was safe",
               hops=[said("The Halvorsen Freight CEO", kind="unnamed", entity=None,
                          acts_for="halvorsen-freight")])],
        id="the-company-ceo-unnamed-is-not-the-company"),
    pytest.param(
        "Economists at Halvorsen Capital expect grain prices to fall this year, the bank said.",
        [claim("Economists at Halvorsen Capital expect grain prices to fall this year",
               hops=[said("the bank", kind="organization", entity="halvorsen-capital")])],
        id="the-bank-is-the-organization-named-before"),
    pytest.param(
        "Brisk Savings Bank raised its rates. The Marlow Rowing Club objected. The bank said "
        "growth would slow.",
        [claim("growth would slow",
               hops=[said("The bank", kind="organization", entity="brisk-savings-bank")])],
        id="the-bank-is-the-last-bank-named-not-the-last-organization"),
    pytest.param(
        "The Marlow Rowing Club raised its fees. The bank declined to comment.",
        [claim("to comment", hops=[said("The bank", cue="declined", kind="unnamed", entity=None)])],
        id="the-bank-is-no-club"),
    pytest.param(
        "Kelso Bay Hospital is full. A nurse at Kelso Bay Hospital, who spoke on condition of "
        "anonymity because she was not allowed to talk to the press, said the ward was full.",
        [claim("the ward was full",
               hops=[said("A nurse at Kelso Bay Hospital, who spoke on condition of anonymity "
                          "because she was not allowed to talk to the press", kind="anonymous",
                          entity=None, acts_for="kelso-bay-hospital")])],
        id="a-nurse-at-an-organization-is-not-the-organization"),
    pytest.param(
        "Two dock workers said the channel was silting up. One of them said dredging would "
        "start in May.",
        [claim("the channel was silting up", hops=[said("Two dock workers", kind="group")]),
         claim("dredging would start in May",
               hops=[said("One of them", kind="anonymous", entity=None)])],
        id="one-of-them-is-a-member-of-the-group-before"),
    pytest.param(
        "The inspector found no damage, according to two people familiar with the inspection. "
        "One of the people said only minor repairs were needed.",
        [claim("The inspector found no damage",
               hops=[said("two people familiar with the inspection", cue="according to",
                          cue_class="according", kind="group")]),
         claim("only minor repairs were needed",
               hops=[said("One of the people", kind="anonymous", entity=None)])],
        id="one-of-the-people-is-a-member-of-the-group-before"),
    pytest.param(
        "Dozens of residents came. One of them, retired nurse Edda Krall, told the board she had "
        "seen the letter.",
        [claim("she had seen the letter",
               hops=[said("One of them, retired nurse Edda Krall", cue="told", kind="person",
                          entity="edda-krall")])],
        id="one-of-them-named-in-an-appositive-is-that-person"),
    pytest.param(
        "Brennick Tooling lost money. The head of Brennick Tooling said sales fell.",
        [claim("sales fell", hops=[said("The head of Brennick Tooling", kind="unnamed",
                                        entity=None, acts_for="brennick-tooling")])],
        id="the-head-of-an-organization-acts-for-it"),
    pytest.param(
        "Tamsin Foods cut its forecast on Monday. Later, Tamsin said costs had risen.",
        [claim("costs had risen",
               hops=[said("Tamsin", kind="organization", entity="tamsin-foods")])],
        id="a-company-by-its-own-word"),
    pytest.param(
        "National Grid raised its prices. National elections are near, Ana Ruiz said.",
        [claim("National elections are near", hops=[said("Ana Ruiz", kind="person")])],
        id="a-common-word-is-no-company-by-itself"),
    pytest.param(
        "Governor Elena Brandt will decide by June. A source close to Brandt said she was leaning "
        "toward running.",
        [claim("she was leaning toward running",
               hops=[said("A source close to Brandt", kind="anonymous", entity=None)])],
        id="a-source-close-to-X-is-not-X"),
    pytest.param(
        "An aide to Senator Tom Reyes said the vote was close.",
        [claim("the vote was close",
               hops=[said("An aide to Senator Tom Reyes", kind="anonymous", entity=None)])],
        id="an-aide-to-X-is-not-X"),
    pytest.param(
        "Spokesman Dan Kiel said the plan was fine.",
        [claim("the plan was fine",
               hops=[said("Spokesman Dan Kiel", kind="spokesperson", entity="dan-kiel")])],
        id="capitalised-spokesman-before-a-name-is-a-title"),
    pytest.param(
        "The Harbour Weather Office said more rain was expected.",
        [claim("more rain was expected",
               hops=[said("The Harbour Weather Office", kind="organization",
                          entity="harbour-weather-office")])],
        id="an-organization-named-office-is-no-spokesperson"),
    pytest.param(
        "Pia Lund is accused of moving money from the fund, according to the indictment. "
        "Records show the boat was sold in May.",
        [claim("Pia Lund is accused of moving money from the fund",
               hops=[said("the indictment", cue="according to", cue_class="according",
                          kind="document")]),
         claim("the boat was sold in May",
               hops=[said("Records", cue="show", cue_class="evidence", kind="document")])],
        id="an-indictment-and-records-are-documents"),
    pytest.param(
        "Ferry fares will rise in May, according to a draft budget seen by the Marlow Courier. "
        "Bill Ostrow said the bill was flawed.",
        [claim("Ferry fares will rise in May",
               hops=[said("a draft budget seen by the Marlow Courier", cue="according to",
                          cue_class="according", kind="document")]),
         claim("the bill was flawed", hops=[said("Bill Ostrow", kind="person")])],
        id="a-draft-budget-is-a-document-bill-ostrow-is-not"),
    pytest.param(
        "The Harbor Gazette reported on Tuesday, citing three people with knowledge of the talks, "
        "that the port authority had agreed to sell the old ferry terminal.",
        [claim("the port authority had agreed to sell the old ferry terminal",
               hops=[said("The Harbor Gazette", cue="reported", kind="outlet"),
                     said("three people with knowledge of the talks", cue="citing",
                          kind="group")])],
        id="outlet-reported-citing-X-that"),
    pytest.param(
        "The Harbor Courier first reported Vellmar's interest in a sale last month, citing "
        "unnamed sources.",
        [claim("Vellmar's interest in a sale",
               hops=[said("The Harbor Courier", cue="reported", kind="outlet"),
                     said("unnamed sources", cue="citing", kind="group")])],
        id="outlet-reported-a-thing-citing-X"),
    pytest.param(
        "According to the Marlbridge Gazette, which cited a council official, at least 40 "
        "families spent the night in a school gym.",
        [claim("at least 40 families spent the night in a school gym",
               hops=[said("the Marlbridge Gazette", cue="According to", cue_class="according",
                          kind="outlet"),
                     said("a council official", cue="cited", kind="anonymous")])],
        id="according-to-an-outlet-which-cited-X"),
    pytest.param(
        "The Harbor Gazette said the talks had stalled. The report, published Monday by the "
        "weekly Marsh Courier, said the two sides had met twice.",
        [claim("the talks had stalled", hops=[said("The Harbor Gazette", kind="outlet")]),
         claim("the two sides had met twice",
               hops=[said("The report, published Monday by the weekly Marsh Courier",
                          kind="outlet", entity="marsh-courier")])],
        id="a-report-published-by-an-outlet-is-that-outlets"),
    pytest.param(
        "As first reported by the Eastmere Sentinel, the two airlines have shared a booking "
        "system since 2024.",
        [claim("the two airlines have shared a booking system since 2024",
               hops=[said("the Eastmere Sentinel", cue="reported", kind="outlet",
                          entity="eastmere-sentinel")])],
        id="as-first-reported-by-an-outlet"),
    pytest.param(
        "Ruiz is a grandmother, as she is known by her neighbours, and a retired pilot.", [],
        id="as-known-by-is-no-report"),
    pytest.param(
        "In March, Felix Amsel told a council hearing that repairs would cost at least $12 "
        "million.",
        [claim("that repairs would cost at least $12 million",
               hops=[said("Felix Amsel", cue="told")])],
        id="told-a-hearing-that-the-parser-hangs-on-the-hearing"),
    pytest.param(
        "The mayor, asked whether she would run again, said she had not decided.",
        [claim("whether she would run again",
               hops=[said(None, cue="asked", kind="unidentified")]),
         claim("she had not decided", hops=[said("The mayor")])],
        id="X-asked-whether-aside-X-is-not-the-asker"),
    pytest.param(
        "Ana Ruiz, asked about the delay, said the ferry would run on Monday.",
        [claim("the delay", hops=[said(None, cue="asked about", kind="unidentified")]),
         claim("the ferry would run on Monday", hops=[said("Ana Ruiz")])],
        id="X-asked-about-aside-X-is-not-the-asker"),
    pytest.param(
        "The mayor asked whether the council would vote, and the clerk said no.",
        [claim("whether the council would vote", hops=[said("The mayor", cue="asked")]),
         claim("no", hops=[said("the clerk")])],
        id="X-asked-whether-X-is-the-asker"),
    pytest.param(
        "Ana Ruiz said the decision was rushed, while Tom Vasko said it was overdue.",
        [claim("the decision was rushed", hops=[said("Ana Ruiz")]),
         claim("it was overdue", hops=[said("Tom Vasko")])],
        id="X-said-A-while-Y-said-B-two-statements"),
    pytest.param(
        "The mayor said the pumps would hold, although engineers said they would fail.",
        [claim("the pumps would hold", hops=[said("The mayor")]),
         claim("they would fail", hops=[said("engineers")])],
        id="X-said-A-although-Y-said-B-two-statements"),
    pytest.param(
        "The mayor said the pumps would hold while the river stayed low.",
        [claim("the pumps would hold while the river stayed low", hops=[said("The mayor")])],
        id="X-said-A-while-B-one-statement"),
    pytest.param(
        "Tom Vasko was quoted as saying that the ferry would never return.",
        [claim("that the ferry would never return",
               hops=[said("Tom Vasko", cue="saying", entity="tom-vasko")])],
        id="X-was-quoted-as-saying"),
    pytest.param(
        "The harbor minister is reported to have said that the port would close.",
        [claim("that the port would close", hops=[said("The harbor minister")])],
        id="X-is-reported-to-have-said"),
    pytest.param(
        "The harbor minister is said to have told aides that the port would close.",
        [claim("that the port would close",
               hops=[said("The harbor minister", cue="told")])],
        id="X-is-said-to-have-told"),
    pytest.param(
        "Governor Paul Hendry's spokesman, Dan Kiel, said the governor was away.",
        [claim("the governor was away",
               hops=[said("Governor Paul Hendry's spokesman, Dan Kiel", kind="spokesperson",
                          entity="dan-kiel", acts_for="paul-hendry")])],
        id="a-persons-spokesman-then-his-name"),
    pytest.param(
        "Governor Paul Hendry's spokesman said the governor was away.",
        [claim("the governor was away",
               hops=[said("Governor Paul Hendry's spokesman", kind="spokesperson",
                          acts_for="paul-hendry")])],
        id="a-persons-spokesman"),
    pytest.param(
        "Her chief adviser, Mirela Dunst, said the ships were safe.",
        [claim("the ships were safe",
               hops=[said("Her chief adviser, Mirela Dunst", kind="person",
                          entity="mirela-dunst")])],
        id="role-then-name-appositive-is-the-named-person"),
    pytest.param(
        f"At the hearing in Millbrook, her chief adviser, Mirela Dunst, said: {LQ}The ships are "
        f"safe, and every crew knows it.{RQ}",
        [quote("The ships are safe, and every crew knows it.",
               hops=[said("her chief adviser, Mirela Dunst", kind="person",
                          entity="mirela-dunst")])],
        id="subject-hung-on-a-fronted-phrase-as-appositive"),
    pytest.param(
        "Oskar Lindqvist said in an interview with The Millbrook Courier that the quarry would "
        "close.",
        [claim("that the quarry would close",
               hops=[{"kind": "outlet", "entity": "millbrook-courier", "cue": "said"},
                     said("Oskar Lindqvist", kind="person", entity="oskar-lindqvist",
                          reported_to="millbrook-courier")])],
        id="said-in-interview-with-outlet-that"),
    pytest.param(
        "The depot was closed, said one engineer familiar with the talks, who added that the "
        "mayor seemed worried.",
        [claim("The depot was closed",
               hops=[said("one engineer familiar with the talks", kind="anonymous")]),
         claim("that the mayor seemed worried",
               hops=[said("who", cue="added", kind="anonymous",
                          descriptor="one engineer familiar with the talks")])],
        id="relative-clause-cue-not-in-source"),
    pytest.param(
        "The board hired a consultant who described the plan as a fantasy.",
        [claim("the plan as a fantasy",
               hops=[said("who", cue="described", kind="anonymous", descriptor="a consultant")])],
        id="relative-pronoun-source-resolves-to-antecedent"),
    # ------------------------------------------------------------ quotation, then the speaker
    pytest.param(
        '"Will the ferry run on Sunday?" Mara Lindqvist asked the harbor master.',
        [quote("Will the ferry run on Sunday?",
               hops=[said("Mara Lindqvist", cue="asked", kind="person",
                          entity="mara-lindqvist")])],
        id="question-quote-then-speaker-asked-addressee"),
    pytest.param(
        'Mara Lindqvist said the depot had seen an "increase in thefts." Two residents later '
        "condemned the council.",
        [claim('the depot had seen an "increase in thefts."',
               hops=[said("Mara Lindqvist", kind="person", entity="mara-lindqvist")]),
         quote("increase in thefts.",
               hops=[said("Mara Lindqvist", kind="person", entity="mara-lindqvist")]),
         claim("the council", hops=[said("Two residents", cue="condemned")])],
        id="quote-ending-its-sentence-is-not-the-next-verbs"),
    pytest.param(
        '"We will not stop until the pier is rebuilt," added Lindqvist.',
        [quote("We will not stop until the pier is rebuilt,",
               hops=[said("Lindqvist", cue="added")])],
        id="quote-comma-added-X-parsed-as-object"),
    pytest.param(
        f"{LQ}We tried the ferry first. We tried the old bridge after that, and a tunnel too,{RQ} "
        f"Lindqvist said, referring to the routes the council studied. {LQ}Then the money ran "
        f"out.{RQ}",
        [quote("We tried the ferry first. We tried the old bridge after that, and a tunnel too,",
               "Then the money ran out.",
               hops=[said("Lindqvist")]),
         claim("the routes the council studied", hops=[said("Lindqvist", cue="referring to")])],
        id="split-quote-root-verb-with-a-clause-before-its-subject"),
    pytest.param(
        "\u201cNobody on this board claims the new dock is finished,\u201d Oskar Lindqvist, "
        "a senior harbor engineer, said at a meeting on the budget. "
        "\u201cWe still need the cranes.\u201d",
        [quote("Nobody on this board claims the new dock is finished,", "We still need the cranes.",
               hops=[said("Oskar Lindqvist, a senior harbor engineer", kind="person",
                          entity="oskar-lindqvist")])],
        id="quote-speaker-with-appositive-said-then-more-quote"),
    pytest.param(
        "''We are not raising fares,'' said Mara Lindqvist, the harbor master. ''Not this "
        "year.''",
        [quote("We are not raising fares,", "Not this year.",
               hops=[said("Mara Lindqvist, the harbor master", kind="person",
                          entity="mara-lindqvist")])],
        id="two-apostrophes-as-double-quotation-marks"),
    # ------------------------------------------------------------ constructions of attitude
    pytest.param(
        "Rival campaigns see the senator as a threat to the harbor deal.",
        [claim("the senator as a threat to the harbor deal",
               hops=[said("Rival campaigns", cue="see", cue_class="cognition")])],
        id="see-X-as-Y"),
    pytest.param(
        "Mara Lindqvist talked openly about her plans for the harbor.",
        [claim("her plans for the harbor",
               hops=[said("Mara Lindqvist", cue="talked openly about", kind="person")])],
        id="talk-about-topic"),
    pytest.param(
        "The engineers are less confident in the new design.",
        [claim("the new design",
               hops=[said("The engineers", cue="are less confident in", cue_class="cognition")])],
        id="copula-adjective-of-attitude-preposition"),
    pytest.param(
        "Most voters are skeptical that the tunnel will open on time.",
        [claim("that the tunnel will open on time",
               hops=[said("Most voters", cue="are skeptical", cue_class="cognition")])],
        id="copula-adjective-of-attitude-clause"),
    pytest.param("The toll on the bridge is certain to rise next year.", [],
                 id="certain-to-is-no-attitude"),
    pytest.param("Mara Lindqvist saw the harbor from the tower.", [],
                 id="see-without-as-is-no-cue"),
    pytest.param(
        "Mara Lindqvist hopes that the ferry will return in spring.",
        [claim("that the ferry will return in spring",
               hops=[said("Mara Lindqvist", cue="hopes", cue_class="cognition")])],
        id="hope-lemmatized-as-hop"),
    pytest.param(
        "Mara Lindqvist called for a recount of the harbor ballots.",
        [claim("a recount of the harbor ballots",
               hops=[said("Mara Lindqvist", cue="called for", kind="person")])],
        id="call-for-X"),
    pytest.param(
        "The port authority declined to comment on the audit.",
        [claim("to comment on the audit",
               hops=[said("The port authority", cue="declined")])],
        id="declined-to-infinitive"),
    pytest.param(
        "Dock managers declined to comment further.",
        [claim("to comment further", hops=[said("Dock managers", cue="declined")])],
        id="a-group-declined-to-comment"),
    pytest.param(
        "Dock managers said the crane had been checked and declined to comment further.",
        [claim("the crane had been checked", hops=[said("Dock managers", kind="group")]),
         claim("to comment further", hops=[said("Dock managers", cue="declined")])],
        id="said-X-and-declined-to-comment"),
    pytest.param(
        "The harbor master said the pier was safe and added that repairs would begin soon.",
        [claim("the pier was safe", hops=[said("The harbor master")]),
         claim("that repairs would begin soon", hops=[said("The harbor master", cue="added")])],
        id="said-X-and-added-Y-the-speaker-adds"),
    pytest.param(
        "The harbor master said the pier was safe and the council agreed.",
        [claim("the pier was safe and the council agreed", hops=[said("The harbor master")])],
        id="said-X-and-Y-with-its-own-subject-is-all-said"),
    pytest.param(
        "The harbor master said the board had weighed a delay but rejected it.",
        [claim("the board had weighed a delay but rejected it",
               hops=[said("The harbor master")])],
        id="said-X-and-a-deed-of-its-subject-is-all-said"),
    pytest.param(
        "Oskar Brandt cited a survey by the harbor trust.",
        [claim("a survey by the harbor trust", hops=[said("Oskar Brandt", cue="cited")])],
        id="cited-X"),
    pytest.param(
        "TROMSO (Northwind Wire) - Mara Lindqvist said the harbor would reopen in May.",
        [claim("the harbor would reopen in May",
               hops=[said("Mara Lindqvist", kind="person", entity="mara-lindqvist")])],
        id="dateline-not-in-source"),
    pytest.param(
        "TROMSO -- Mayor Mara Lindqvist, opening the harbor museum on Saturday, said it would "
        "tell the story of the port.",
        [claim("it would tell the story of the port",
               hops=[said("Mayor Mara Lindqvist, opening the harbor museum on Saturday",
                          kind="person", entity="mara-lindqvist")])],
        id="dateline-then-name-with-participle"),
    pytest.param(
        "Oskar Brandt, himself a harbor pilot, said the pier would close.",
        [claim("the pier would close",
               hops=[said("Oskar Brandt", kind="person", entity="oskar-brandt")])],
        id="reflexive-aside-not-in-source"),
    pytest.param(
        "Mara Lindqvist's claim that the pier was unsafe angered the harbor board.",
        [claim("that the pier was unsafe",
               hops=[said("Mara Lindqvist's", cue="claim", kind="person",
                          entity="mara-lindqvist")])],
        id="possessor-noun-of-saying-that"),
    pytest.param(
        "Oskar Brandt's call for a recount was ignored by the board.",
        [claim("a recount", hops=[said("Oskar Brandt's", cue="call for")])],
        id="possessor-noun-of-saying-preposition"),
    pytest.param("The mayor's plan for the harbor was approved.", [],
                 id="possessor-noun-not-a-cue"),
    pytest.param(
        "Ferry numbers are falling fast - Oskar Brandt: \u201cThe ferry numbers dropped sharply "
        "last month. That is bad.\u201d",
        [quote("The ferry numbers dropped sharply last month. That is bad.",
               hops=[said("Oskar Brandt", cue=":")])],
        id="dash-name-colon-quotation"),
    pytest.param(
        "The hearing ran late.\n\nRep. Dana Morrow (D-Ore.): \u201cI have not seen that figure "
        "anywhere before.\u201d",
        [quote("I have not seen that figure anywhere before.",
               hops=[said("Rep. Dana Morrow (D-Ore.)", cue=":")])],
        id="label-with-party-colon-quotation"),
    pytest.param(
        "Mara Lind was joined on stage by Tomas Berg and joked, \u201cYou are all being "
        "ridiculous.\u201d",
        [quote("You are all being ridiculous.", hops=[said("Mara Lind", cue="joked")])],
        id="coordinated-verb-takes-a-passive-verbs-subject"),
    pytest.param(
        "Former Secretary of State Ana Ruiz: \u201cWe learned that from the ministry itself.\u201d",
        [quote("We learned that from the ministry itself.",
               hops=[said("Former Secretary of State Ana Ruiz", cue=":")])],
        id="label-title-with-of-colon-quotation"),
    pytest.param(
        "Oskar Brandt: \u201cThe pier must close.\u201d Ana Ruiz: \u201cThe pier stays open.\u201d",
        [quote("The pier must close.", hops=[said("Oskar Brandt", cue=":")]),
         quote("The pier stays open.", hops=[said("Ana Ruiz", cue=":")])],
        id="second-label-after-a-quotation-takes-only-its-own"),
    pytest.param(
        "The survey closed in May. More from Tova Lindqvist: \u201cThe numbers moved in the "
        "final week.\u201d",
        [quote("The numbers moved in the final week.", hops=[said("Tova Lindqvist", cue=":")])],
        id="more-from-name-colon-quotation"),
    pytest.param(
        "The survey closed in May. From the start: \u201cWe will not sell the ground.\u201d",
        [], id="from-a-phrase-colon-is-no-speaker"),
    pytest.param(
        "Here is Tova Lindqvist in March 2001: \u201cOur new direction must rest on the facts."
        "\u201d",
        [quote("Our new direction must rest on the facts.",
               hops=[said("Tova Lindqvist", cue=":")])],
        id="here-is-name-in-a-year-colon-quotation"),
    pytest.param(
        '"We will need the ferry again, whatever it costs.\n\n'
        "Oskar Brandt said in April that the harbor cuts had hurt the town.\n\n"
        '"The pier is the town," Mara Lindqvist said.',
        [claim("that the harbor cuts had hurt the town", hops=[said("Oskar Brandt")]),
         quote("The pier is the town,", hops=[said("Mara Lindqvist")])],
        id="unclosed-pull-quote-does-not-swallow-the-next-paragraphs"),
    pytest.param(
        "The harbor plan was criticized by Mara Lindqvist on Monday.",
        [claim("The harbor plan", hops=[said("Mara Lindqvist", cue="criticized")])],
        id="passive-with-agent-content-is-the-subject"),
    pytest.param(
        "Editor's note: The harbor series continues next week with the ferry routes.", [],
        id="editors-note-label-is-no-speaker"),
    pytest.param(
        "Many ferry riders have doubts about the new timetable.",
        [claim("the new timetable",
               hops=[said("Many ferry riders", cue="have doubts about", cue_class="cognition")])],
        id="light-verb-noun-of-attitude"),
    pytest.param(
        "Mara Lindqvist voiced concern that the pier would close.",
        [claim("that the pier would close",
               hops=[said("Mara Lindqvist", cue="voiced concern", cue_class="cognition")])],
        id="voiced-concern-that"),
    pytest.param(
        "Turnout rose sharply, according to exit polling reported by the Harbor Gazette.",
        [claim("Turnout rose sharply",
               hops=[said("exit polling reported by the Harbor Gazette", cue="according to",
                          cue_class="according")])],
        id="according-to-X-with-participle-of-reporting"),
    # ------------------------------------------------------------ organizations by name
    pytest.param(
        "Halvorsen Freight said it would cut 40 jobs.",
        [claim("it would cut 40 jobs",
               hops=[said("Halvorsen Freight", kind="organization", entity="halvorsen-freight")])],
        id="two-word-organization-said"),
    pytest.param(
        "The bridge will reopen in May, Halvorsen Freight said.",
        [claim("The bridge will reopen in May",
               hops=[said("Halvorsen Freight", kind="organization", entity="halvorsen-freight")])],
        id="two-word-organization-inverted"),
    pytest.param(
        f"{LQ}The pumps are fixed,{RQ} Talia Brenner said, adding, {LQ}The pipes come next.{RQ}",
        [quote("The pumps are fixed,", hops=[said("Talia Brenner")]),
         quote("The pipes come next.", hops=[said("Talia Brenner", cue="adding")])],
        id="quote-X-said-adding-quote"),
    pytest.param(
        f"Talia Brenner said no vote was planned, adding: {LQ}If one is called we will "
        f"be there.{RQ}",
        [claim("no vote was planned", hops=[said("Talia Brenner")]),
         quote("If one is called we will be there.", hops=[said("Talia Brenner", cue="adding")])],
        id="colon-belongs-to-the-later-verb"),
    # ------------------------------------------------------------ impressions and documents
    pytest.param(
        "The two clubs appear to have settled their dispute over the field.",
        [claim("The two clubs", "to have settled their dispute over the field",
               hops=[said(None, cue="appear", cue_class="evidence", kind="unidentified")])],
        id="seems-to-subject-and-infinitive-no-source"),
    pytest.param(
        "The pier appears safe after the repairs, though the gates stay shut.",
        [claim("The pier", "safe",
               hops=[said(None, cue="appears", cue_class="evidence", kind="unidentified")])],
        id="seems-adjective-no-source"),
    pytest.param(
        "It seems that the road to the quarry will stay closed until spring.",
        [claim("that the road to the quarry will stay closed until spring",
               hops=[said(None, cue="seems", cue_class="evidence", kind="unidentified")])],
        id="it-seems-that-clause-no-source"),
    pytest.param("The band appeared on the stage at nine and played for two hours.", [],
                 id="appeared-on-a-stage-is-no-impression"),
    pytest.param(
        "Vera Lindahl seemed to concede that the levy was too high.",
        [claim("that the levy was too high",
               hops=[said("Vera Lindahl", cue="concede")])],
        id="seemed-to-concede-the-cue-is-the-infinitive"),
    pytest.param(
        "In a survey of growers released on Monday, the harvest looked poor.",
        [claim("the harvest looked poor",
               hops=[said("a survey of growers released on Monday", cue="In",
                          cue_class="evidence", kind="document")])],
        id="in-a-survey-X-document-source"),
    pytest.param(
        "The ferry line's candidate leads by four points in the latest poll of the district.",
        [claim("The ferry line's candidate leads by four points",
               hops=[said("the latest poll of the district", cue="in", cue_class="evidence",
                          kind="document")])],
        id="X-in-the-latest-poll-document-source"),
    pytest.param("Lena Arvid has risen steadily in the polls since the spring.", [],
                 id="risen-in-the-polls-is-standing-not-a-source"),
    pytest.param(
        "The Harbor Gazette reported on Monday that the ferry was late. According to a report by "
        "the regional transit board, ridership fell last year.",
        [claim("that the ferry was late",
               hops=[said("The Harbor Gazette", cue="reported", kind="outlet")]),
         claim("ridership fell last year",
               hops=[said("a report by the regional transit board", cue="According to",
                          cue_class="according", kind="document")])],
        id="a-report-by-another-author-is-not-the-cited-outlets"),
    pytest.param(
        "The Harbor Gazette reported on Monday that the ferry was late. According to the report, "
        "the captain had been ill.",
        [claim("that the ferry was late",
               hops=[said("The Harbor Gazette", cue="reported", kind="outlet")]),
         claim("the captain had been ill",
               hops=[said("the report", cue="According to", cue_class="according",
                          kind="outlet", entity="harbor-gazette")])],
        id="the-report-after-an-outlet-is-the-outlets"),
    pytest.param(
        "MARLOW, Ohio (AP) \u2014 A federal judge on Friday blocked a state law that would have "
        "closed the last clinic in the county, saying the state had failed to show it would "
        "protect patients.",
        [claim("the state had failed to show it would protect patients",
               hops=[said("A federal judge", cue="saying")])],
        id="a-dateline-the-parser-takes-for-a-subject-is-not-the-source"),
    pytest.param(
        "According to the Marlow Herald, which first reported the ruling, the state has spent "
        "$1.2 million on the case.",
        [claim("the ruling", hops=[said("which", cue="reported", kind="outlet",
                                        entity="marlow-herald")]),
         claim("the state has spent $1.2 million on the case",
               hops=[said("the Marlow Herald", cue="According to", cue_class="according",
                          kind="outlet")])],
        id="according-to-X-which-reported-it"),
    pytest.param(
        f"Marta Olsen said the levy would rise next year. {LQ}We have no other way to pay for "
        f"the pumps.{RQ}",
        [claim("the levy would rise next year",
               f"{LQ}We have no other way to pay for the pumps.{RQ}",
               hops=[said("Marta Olsen")]),
         quote("We have no other way to pay for the pumps.", hops=[said("Marta Olsen")])],
        id="quotation-right-after-a-paraphrase-continues-it"),
    pytest.param(
        "Orrin Valley Power cut its forecast. An engineer at the utility, who was not "
        "authorized to speak publicly, said the pumps had failed.",
        [claim("the pumps had failed",
               hops=[said("An engineer at the utility, who was not authorized to speak "
                          "publicly", kind="anonymous", acts_for="orrin-valley-power")])],
        id="someone-at-a-described-organization-acts-for-it"),
    pytest.param(
        "The Kestrel Weather Office warned of rain. A forecaster at the office, who was not "
        "authorized to speak publicly, said the worst was over.",
        [claim("rain", hops=[said("The Kestrel Weather Office", cue="warned of")]),
         claim("the worst was over",
               hops=[said("A forecaster at the office, who was not authorized to speak "
                          "publicly", kind="anonymous", acts_for="kestrel-weather-office",
                          reason="who was not authorized to speak publicly")])],
        id="someone-at-the-office-is-no-spokesperson-and-unnamed-for-a-reason-is-anonymous"),
    pytest.param(
        "Pelling Grid Services raised its prices. A company spokeswoman, Ines Marr, declined "
        "to say why.",
        [claim("to say why",
               hops=[said("A company spokeswoman, Ines Marr", cue="declined",
                          kind="spokesperson", entity="ines-marr",
                          acts_for="pelling-grid-services")])],
        id="a-company-spokeswoman-speaks-for-the-company-before"),
    pytest.param(
        "Two people close to the talks said the club agreed. The fee is 40 million, according "
        "to one of the people, who asked not to be named because the deal was not signed.",
        [claim("the club agreed", hops=[said("Two people close to the talks", kind="group")]),
         claim("The fee is 40 million",
               hops=[said("one of the people", cue="according to", cue_class="according",
                          kind="anonymous",
                          reason="who asked not to be named because the deal was not signed")])],
        id="one-of-the-people-not-named-for-the-reason-after-it"),
    pytest.param(
        "The chairman, Bern Voight, was quoted by the Echo as saying that no offer had been "
        "accepted.",
        [claim("that no offer had been accepted",
               hops=[said("The chairman, Bern Voight", cue="saying", entity="bern-voight")])],
        id="quoted-by-an-outlet-as-saying-is-one-statement-of-the-one-quoted"),
    pytest.param(
        "Orland Rovers lost again on Saturday. In a statement, the club said the coach would "
        "stay.",
        [claim("the coach would stay",
               hops=[said("the club", kind="organization", entity="orland-rovers")])],
        id="the-club-is-the-club-named-before"),
    pytest.param(
        "The Brenna Chamber of Commerce estimated in a report released Friday that the closure "
        "was costing local firms a lot.",
        [claim("that the closure was costing local firms a lot",
               hops=[said("The Brenna Chamber of Commerce", cue="estimated",
                          entity="brenna-chamber-of-commerce")])],
        id="a-that-clause-hung-on-the-participle-after-the-report-is-the-cues"),
    pytest.param(
        "The mine will close, according to an official, who declined to be identified.",
        [claim("The mine will close",
               hops=[said("an official", cue="according to", cue_class="according",
                          kind="anonymous", reason="who declined to be identified")])],
        id="declined-to-be-identified-after-the-source-is-the-reason"),
    pytest.param(
        "The mine will close, according to an official, who declined to give his name.",
        [claim("The mine will close",
               hops=[said("an official", cue="according to", cue_class="according",
                          kind="anonymous", reason="who declined to give his name")])],
        id="declined-to-give-his-name-after-the-source-is-the-reason"),
    pytest.param(
        "An Ostmark diplomat said the offer was rejected. The diplomat, who spoke on condition "
        "of anonymity, said talks could resume.",
        [claim("the offer was rejected",
               hops=[said("An Ostmark diplomat", kind="anonymous",
                          reason="who spoke on condition of anonymity")]),
         claim("talks could resume",
               hops=[said("The diplomat, who spoke on condition of anonymity", kind="anonymous",
                          descriptor="An Ostmark diplomat")])],
        id="the-diplomat-is-the-anonymous-diplomat-before"),
    pytest.param(
        "Vinter & Moll said its fees would rise.",
        [claim("its fees would rise",
               hops=[said("Vinter & Moll", kind="organization", entity="vinter-moll")])],
        id="a-firm-of-names-joined-by-an-ampersand-is-one-source"),
    pytest.param(
        f"Ana Ruiz and Bo Lind said the plan had failed. {LQ}We warned them,{RQ} they said.",
        [claim("the plan had failed",
               hops=[said("Ana Ruiz and Bo Lind", kind="group", entity=None,
                          named=["ana-ruiz", "bo-lind"], members=2)]),
         quote("We warned them,",
               hops=[said("they", kind="group", named=["ana-ruiz", "bo-lind"])])],
        id="two-people-named-together-are-both-the-source-and-they-after"),
    pytest.param(
        "Pellham Holdings is weighing a sale of its saw unit, three people familiar with the talks "
        "said. No decision has been made, and Pellham Holdings could keep the unit, they said.",
        [claim("Pellham Holdings is weighing a sale of its saw unit",
               hops=[said("three people familiar with the talks", kind="group")]),
         claim("No decision has been made", "Pellham Holdings could keep the unit",
               hops=[said("they", kind="group")])],
        id="they-after-a-group-is-the-group-not-the-company-their-words-name"),
    pytest.param(
        "Harold Wickstead died on Saturday. His death was confirmed by his daughter, Fiona "
        f"Hale, who said he had been ill for months.\n\n{LQ}He knew every store manager,{RQ} "
        "she said.",
        [claim("His death", hops=[said("his daughter, Fiona Hale", cue="confirmed",
                                       kind="person", entity="fiona-hale")]),
         claim("he had been ill for months", hops=[said("who", entity="fiona-hale")]),
         quote("He knew every store manager,", hops=[said("she", kind="person",
                                                          entity="fiona-hale")])],
        id="his-daughter-beside-a-name-says-she-whatever-pronoun-follows-it"),
    pytest.param(
        "Calloway Regional Medical Center fired two nurses. Kestrel Dynamics, which supplies its "
        "pumps, declined to comment. The hospital said it had added safeguards.",
        [claim("to comment", hops=[said("Kestrel Dynamics, which supplies its pumps",
                                        cue="declined", kind="organization")]),
         claim("it had added safeguards",
               hops=[said("The hospital", kind="organization",
                          entity="calloway-regional-medical-center")])],
        id="the-hospital-is-the-body-whose-name-says-so-before-one-that-says-no-kind"),
    pytest.param(
        "Members of Save Harlow Fields marched to the town hall on Tuesday. A council spokesman "
        "said all objections would be considered.",
        [claim("all objections would be considered",
               hops=[said("A council spokesman", kind="spokesperson", acts_for=None)])],
        id="a-council-spokesman-speaks-for-no-body-whose-name-is-no-councils"),
    pytest.param(
        "Ana Ruiz, Bo Lind and Cy Moe said the plan had failed.",
        [claim("the plan had failed",
               hops=[said("Ana Ruiz, Bo Lind and Cy Moe", kind="group",
                          named=["ana-ruiz", "bo-lind", "cy-moe"])])],
        id="three-people-named-in-a-list-are-all-the-source"),
    pytest.param(
        "The director of the Kestrel Centre, Ilse Vorn, said the plan had failed.",
        [claim("the plan had failed",
               hops=[said("The director of the Kestrel Centre, Ilse Vorn", kind="person",
                          entity="ilse-vorn")])],
        id="an-organization-and-a-person-after-a-comma-are-no-list"),
    pytest.param(
        "Ana Ruiz and her aides said the plan had failed.",
        [claim("the plan had failed",
               hops=[said("Ana Ruiz and her aides", kind="person", entity="ana-ruiz")])],
        id="a-person-and-others-unnamed-is-that-person"),
    pytest.param(
        "A neighbor, who asked that her name not be used for fear of reprisals, said she had "
        "heard shouting.",
        [claim("she had heard shouting",
               hops=[said("A neighbor", kind="anonymous",
                          reason="who asked that her name not be used for fear of reprisals")])],
        id="asked-that-her-name-not-be-used-is-a-reason-for-anonymity"),
    pytest.param(
        "In a statement, the firm thanked the crews and said it would rebuild.",
        [claim("the crews", hops=[said("the firm", cue="thanked")]),
         claim("it would rebuild", hops=[said("the firm")])],
        id="an-opening-phrase-before-a-comma-makes-no-parenthetical-cue"),
    pytest.param(
        "HARBOR CITY, Oct. 3 \u2014 Floodwaters rose on Tuesday, the mayor said.",
        [claim("Floodwaters rose on Tuesday", hops=[said("the mayor")])],
        id="a-dateline-is-not-part-of-what-was-said"),
    pytest.param(
        f"Marta Olsen said the levy would rise next year. The council meets on Monday. "
        f"{LQ}We have no other way to pay for the pumps.{RQ}",
        [claim("the levy would rise next year", hops=[said("Marta Olsen")])],
        id="quotation-after-another-sentence-is-no-continuation"),
    pytest.param(
        "A health official in Vermont, who was not authorized to speak publicly, said clinics "
        "were short of staff.",
        [claim("clinics were short of staff",
               hops=[said("A health official in Vermont, who was not authorized to speak "
                          "publicly", kind="anonymous", acts_for=None)])],
        id="an-official-in-a-place-does-not-act-for-the-place"),
    pytest.param(
        "Paul Renner, a climate scientist at the Delmont Institute who was not involved in the "
        "study, said the dating of the shells needed to be confirmed.",
        [claim("the dating of the shells needed to be confirmed",
               hops=[said("Paul Renner, a climate scientist at the Delmont Institute who was "
                          "not involved in the study", entity="paul-renner")])],
        id="a-clause-whose-subject-the-parser-took-for-the-object"),
    pytest.param(
        "Passengers at Kelderton International Airport described long lines.",
        [claim("long lines", hops=[said("Passengers at Kelderton International Airport",
                                         cue="described", kind="unnamed", entity=None)])],
        id="people-at-a-place-are-not-the-place"),
    pytest.param(
        "Skyline Air canceled 300 flights. The carrier said it hoped to fly by Friday.",
        [claim("it hoped to fly by Friday",
               hops=[said("The carrier", kind="organization", entity="skyline-air")])],
        id="the-carrier-is-the-airline-named-before"),
    # ------------------------------------------------------------ citing, and who 'which' is
    pytest.param(
        "The river had flooded, the channel RTN reported, citing two border guards.",
        [claim("The river had flooded",
               hops=[said("the channel RTN", cue="reported", kind="outlet", entity="rtn"),
                     said("two border guards", cue="citing", reported_to="rtn")])],
        id="an-outlet-named-after-its-noun-citing-people-counted"),
    pytest.param(
        "The ferry service will end in May, the Harbor Tribune reported on Friday, citing two "
        "people familiar with the plan.",
        [claim("The ferry service will end in May",
               hops=[said("the Harbor Tribune", cue="reported", kind="outlet",
                          entity="harbor-tribune"),
                     said("two people familiar with the plan", cue="citing", kind="group",
                          reported_to="harbor-tribune")])],
        id="an-outlet-reported-citing-people-after-the-verb-is-a-chain"),
    pytest.param(
        "The Weekly Clarion, citing court records, reported that the firm had been fined twice.",
        [claim("that the firm had been fined twice",
               hops=[said("The Weekly Clarion", cue="reported", entity="weekly-clarion"),
                     said("court records", cue="citing", kind="document")])],
        id="citing-between-the-source-and-its-verb-is-a-chain"),
    pytest.param(
        "The senator said on Monday, citing a police report, that the crash was an accident.",
        [claim("the crash was an accident",
               hops=[said("The senator", kind="unnamed"),
                     said("a police report", cue="citing", kind="document")])],
        id="citing-before-what-was-said-is-not-part-of-it"),
    pytest.param(
        "Northfield Mills cut 200 jobs, citing weak demand.",
        [claim("weak demand", hops=[said("Northfield Mills", cue="citing",
                                          entity="northfield-mills")])],
        id="citing-a-reason-is-no-source"),
    pytest.param(
        "The study was funded by the Orlen Nursing Council, which said it would share the "
        "findings.",
        [claim("it would share the findings",
               hops=[said("which", kind="organization", entity="orlen-nursing-council")])],
        id="which-after-a-verbs-prepositional-object-is-that-object"),
    pytest.param(
        "The cyclist was badly hurt, said Sgt. Dana Whitcombe.",
        [claim("The cyclist was badly hurt",
               hops=[said("Sgt. Dana Whitcombe", kind="person", entity="dana-whitcombe")])],
        id="an-abbreviated-rank-ends-no-sentence"),
    pytest.param(
        "Players were told on Sunday, according to one squad member, who asked not to be named.",
        [claim("Players were told on Sunday",
               hops=[said("one squad member", cue="according to", cue_class="according",
                          kind="anonymous", reason="who asked not to be named")])],
        id="asking-not-to-be-named-is-no-statement"),
    # ------------------------------------------------------------ two reports in one sentence
    pytest.param(
        "Lorna Epps of the firm Halden Research said the fare was steep but warned that riders "
        "care most about service.",
        [claim("the fare was steep", hops=[said("Lorna Epps of the firm Halden Research")]),
         claim("that riders care most about service",
               hops=[said("Lorna Epps of the firm Halden Research", cue="warned")])],
        id="said-X-but-warned-Y-hung-on-said-the-speaker-warns"),
    pytest.param(
        "Critics say the dam threatens a spawning ground; the county says the water is needed "
        "for the farms.",
        [claim("the dam threatens a spawning ground", hops=[said("Critics", cue="say")]),
         claim("the water is needed for the farms", hops=[said("the county", cue="says")])],
        id="a-report-before-a-semicolon-is-its-own"),
    pytest.param(
        "The Evening Beacon reported that the fee was about 30 million euros, citing people "
        "familiar with the deal.",
        [claim("that the fee was about 30 million euros",
               hops=[said("The Evening Beacon", cue="reported"),
                     said("people familiar with the deal", cue="citing", kind="group")])],
        id="reported-that-X-citing-Y-at-the-end-is-a-chain"),
    pytest.param(
        "The bakery said it would close two shops, citing weak demand.",
        [claim("it would close two shops, citing weak demand", hops=[said("The bakery")])],
        id="citing-a-reason-at-the-end-stays-what-was-said"),
    pytest.param(
        "CEDAR HOLLOW \u2014 A wildfire burned more than 600 acres overnight and forced "
        "the evacuation of a camp, fire officials said Saturday.",
        [claim("A wildfire burned more than 600 acres overnight and forced the evacuation of a "
               "camp", hops=[said("fire officials", kind="group")])],
        id="a-dateline-is-not-what-a-closing-cue-says"),
    # ------------------------------------------------------------ 'put it', campaigns, labels
    pytest.param(
        'Dana Falk spoke last. Falk put it bluntly: "You cannot pave your way out of a flood."',
        [quote("You cannot pave your way out of a flood.",
               hops=[said("Falk", cue="put", kind="person")])],
        id="X-put-it-bluntly-colon-quotation"),
    pytest.param(
        "The members put it to a vote: the motion passed.", [],
        id="put-it-to-a-vote-is-no-statement"),
    pytest.param(
        "Tomas Abara is running for mayor. Abara's campaign said in an email that it had "
        "proposed three dates.",
        [claim("that it had proposed three dates",
               hops=[said("Abara's campaign", kind="spokesperson", acts_for="tomas-abara")])],
        id="a-persons-campaign-speaks-for-the-person"),
    pytest.param(
        "The Harbor Workers Association said the channel was too shallow for larger ships.",
        [claim("the channel was too shallow for larger ships",
               hops=[said("The Harbor Workers Association", kind="organization",
                          entity="harbor-workers-association")])],
        id="a-plural-noun-in-a-bodys-name-is-the-body-not-a-group"),
    pytest.param(
        "Carla Vennholt met Peter Aske at a forum on Wednesday. He said her plan would raise "
        "taxes by a third.",
        [claim("her plan would raise taxes by a third",
               hops=[said("He", kind="person", entity="peter-aske")])],
        id="he-after-two-people-is-the-one-with-a-mans-given-name"),
    pytest.param(
        "Robin Vennholt met Peter Aske at a forum on Wednesday. He said the plan would raise "
        "taxes by a third.",
        [claim("the plan would raise taxes by a third",
               hops=[said("He", kind="person", entity="robin-vennholt")])],
        id="a-given-name-of-either-gender-leaves-the-subject-first"),
    pytest.param(
        "Her lease ran through 2031, according to a copy of the agreement obtained by the Evening "
        "Beacon.",
        [claim("Her lease ran through 2031",
               hops=[said("a copy of the agreement obtained by the Evening Beacon",
                          cue="according to", cue_class="according", kind="document",
                          acts_for=None)])],
        id="a-copy-obtained-by-an-outlet-is-a-document-not-the-outlets"),
    pytest.param(
        "Her lease ran through 2031, according to the agreement, a copy of which was obtained by "
        "the Evening Beacon.",
        [claim("Her lease ran through 2031",
               hops=[said("the agreement", cue="according to", cue_class="according",
                          kind="document")])],
        id="a-relative-clause-after-the-source-of-according-to-is-not-said"),
    pytest.param(
        "Ostra Credit grew. Ostra Credit hired. The Ministry of Trade said exports had fallen.",
        [claim("exports had fallen",
               hops=[said("The Ministry of Trade", kind="organization",
                          entity="ministry-of-trade")])],
        id="a-bodys-name-opening-like-a-description-is-that-body"),
    pytest.param(
        "Ostra Credit grew. Ostra Credit hired. The bank, Velden Savings, said rates would rise.",
        [claim("rates would rise",
               hops=[said("The bank, Velden Savings", kind="organization",
                          entity="velden-savings")])],
        id="a-description-with-the-bodys-name-beside-it-is-that-body"),
    pytest.param(
        'Park Ji-hoon, an analyst in Busan, said buyers had waited. "Prices look high," Park said.',
        [claim("buyers had waited", hops=[said("Park Ji-hoon, an analyst in Busan",
                                               entity="park-ji-hoon")]),
         quote("Prices look high,", hops=[said("Park", kind="person", entity="park-ji-hoon")])],
        id="a-family-name-written-first-is-the-short-form"),
    pytest.param(
        "Gov. Marit Solvang spoke first. The governor's office said the bill would be signed.",
        [claim("the bill would be signed",
               hops=[said("The governor's office", kind="spokesperson",
                          acts_for="marit-solvang")])],
        id="the-governors-office-speaks-for-the-governor"),
    pytest.param(
        "District Attorney Leon Ashdown filed the charges. A spokeswoman for the district "
        "attorney said a trial could begin in May.",
        [claim("a trial could begin in May",
               hops=[said("A spokeswoman for the district attorney", kind="spokesperson",
                          acts_for="leon-ashdown")])],
        id="a-spokeswoman-for-the-district-attorney-speaks-for-that-person"),
    pytest.param(
        "Marit Solvang spoke first. The governor's office said the bill would be signed.",
        [claim("the bill would be signed",
               hops=[said("The governor's office", kind="spokesperson", acts_for=None)])],
        id="the-governors-office-with-no-governor-named-speaks-for-no-one-known"),
    pytest.param(
        "Councilman Ivo Sterne defended the levy as an investment that would pay for itself "
        "within a decade.",
        [claim("the levy as an investment that would pay for itself within a decade",
               hops=[said("Councilman Ivo Sterne", cue="defended")])],
        id="an-object-then-a-relative-clause-in-its-phrase-is-all-said"),
    pytest.param(
        "Economists at the Marlow Policy Institute estimated that the levy would raise $40 "
        "million.",
        [claim("that the levy would raise $40 million",
               hops=[said("Economists at the Marlow Policy Institute", cue="estimated",
                          kind="group", acts_for="marlow-policy-institute")])],
        id="economists-at-a-body-are-a-group-acting-for-it"),
    pytest.param(
        "Skyline Air is in talks to buy Pelican Airways, The Harbor Tribune reported on Monday, "
        "citing three people familiar with the negotiations.",
        [claim("Skyline Air is in talks to buy Pelican Airways",
               hops=[said("The Harbor Tribune", cue="reported", kind="outlet",
                          entity="harbor-tribune"),
                     said("three people familiar with the negotiations", cue="citing",
                          kind="group")])],
        id="a-reporter-read-as-an-appositive-of-the-name-before-it"),
    pytest.param(
        "The Harbor Tribune covered the talks on Monday. The deal could close next week, "
        "according to the Tribune.",
        [claim("The deal could close next week",
               hops=[said("the Tribune", cue="according to", cue_class="according",
                          kind="outlet", entity="harbor-tribune")])],
        id="an-outlets-last-word-refers-back-to-it"),
    pytest.param(
        "Mara Lind spoke after Ana Ruiz. Then she endorsed Mara Lind for the nomination.",
        [claim("Mara Lind for the nomination",
               hops=[said("she", cue="endorsed", kind="person", entity="ana-ruiz")])],
        id="a-pronoun-is-not-the-person-its-clause-names-after-it"),
    pytest.param(
        "Mara Lind spoke after Ana Ruiz. Then she said the vote was close.",
        [claim("the vote was close", hops=[said("she", kind="person", entity="mara-lind")])],
        id="a-pronoun-is-the-subject-before-when-its-clause-names-no-one"),
    pytest.param(
        'Mara Lind took the stage. "Nobody can beat Ana Ruiz," Lind said. Then she thanked the '
        'crowd and said the vote was close.',
        [quote("Nobody can beat Ana Ruiz,", hops=[said("Lind", kind="person",
                                                        entity="mara-lind")]),
         claim("the crowd", hops=[said("she", cue="thanked", kind="person",
                                       entity="mara-lind")]),
         claim("the vote was close", hops=[said("she", kind="person", entity="mara-lind")])],
        id="a-pronoun-outside-quotations-looks-past-the-people-named-in-them"),
    pytest.param(
        '"Ana Ruiz is a liar," Tomas Bell said. She said the claim was false.',
        [quote("Ana Ruiz is a liar,", hops=[said("Tomas Bell", kind="person")]),
         claim("the claim was false", hops=[said("She", kind="person", entity="ana-ruiz")])],
        id="a-pronoun-finds-a-person-named-only-in-a-quotation-when-no-other-fits"),
    # ------------------------------------------------------------ quoted with single marks
    pytest.param(
        "\u2018This is a day of justice,\u2019 said Ngozi Eze, who led the delegation. "
        "\u2018These are not objects.\u2019",
        [quote("This is a day of justice,", "These are not objects.",
               hops=[said("Ngozi Eze, who led the delegation", kind="person")])],
        id="a-quotation-in-single-marks-british-style"),
    pytest.param(
        "\u2018We didn\u2019t ask how the workers\u2019 families felt,\u2019 he said.",
        [quote("We didn\u2019t ask how the workers\u2019 families felt,",
               hops=[said("he")])],
        id="an-apostrophe-inside-single-marks-closes-nothing"),
    pytest.param(
        "Harriet Vance said passengers would \u2018see the benefit\u2019 in better trains. "
        "\u2018Nobody likes paying more,\u2019 she said.",
        [claim("passengers would \u2018see the benefit\u2019 in better trains",
               hops=[said("Harriet Vance", kind="person")]),
         quote("see the benefit", hops=[said("Harriet Vance", kind="person")]),
         quote("Nobody likes paying more,", hops=[said("she", entity="harriet-vance")])],
        id="single-marks-close-after-a-words-last-letter-before-a-space"),
    pytest.param(
        "'Nobody likes paying more, but the alternative is cuts,' said Harriet Vance. 'We "
        "didn't ask how the workers' families felt.'",
        [quote("Nobody likes paying more, but the alternative is cuts,",
               "We didn't ask how the workers' families felt.",
               hops=[said("Harriet Vance", kind="person")])],
        id="a-quotation-in-plain-single-marks"),
    pytest.param(
        "Labour's shadow transport secretary, Callum Ridley, called the rise unfair.",
        [claim("the rise unfair",
               hops=[said("Labour's shadow transport secretary, Callum Ridley", cue="called",
                          kind="person", entity="callum-ridley")])],
        id="the-name-after-a-role-the-tagger-took-for-a-name-is-the-source"),
    pytest.param(
        "Claim: Crime in Marlow \"doubled\" in 2025, mayoral candidate Kevin Strachan said in "
        "a campaign video.",
        [claim("Crime in Marlow \"doubled\" in 2025",
               hops=[said("mayoral candidate Kevin Strachan", kind="person",
                          entity="kevin-strachan")])],
        id="a-pages-label-before-what-was-said-is-neither-source-nor-content"),
    pytest.param(
        "The Financial Conduct Authority fined Harrowgate Bank on Thursday. In a statement, the "
        "regulator said Harrowgate had ignored warnings.",
        [claim("Harrowgate had ignored warnings",
               hops=[said("the regulator", kind="organization",
                          entity="financial-conduct-authority")])],
        id="the-regulator-is-the-body-whose-name-says-one"),
    pytest.param(
        'In her 2021 book "Dark Counties," the media historian Ruth Okonkwo argues that the '
        "collapse of local papers has left towns unwatched.",
        [claim("that the collapse of local papers has left towns unwatched",
               hops=[said("the media historian Ruth Okonkwo", cue="argues", kind="person")])],
        id="a-books-title-in-quotation-marks-is-no-quotation"),
    pytest.param(
        "Carla Mendes has rented the house on Pike Street for eleven years. Her landlord is "
        f"Tomas Bell. {LQ}We are not going anywhere,{RQ} the 34-year-old mother of two said.",
        [quote("We are not going anywhere,",
               hops=[said("the 34-year-old mother of two", kind="person",
                          entity="carla-mendes")])],
        id="the-n-year-old-is-the-person-named-before-of-the-gender-its-noun-gives"),
    pytest.param(
        "The regional farmers' union said many members would not survive another bad year.",
        [claim("many members would not survive another bad year",
               hops=[said("The regional farmers' union", kind="unnamed")])],
        id="a-body-of-people-named-by-a-plurals-possessive-is-no-group-of-them"),
    pytest.param(
        "A lawyer for Brandtner, Simon Achterberg, said the omission was an honest mistake.",
        [claim("the omission was an honest mistake",
               hops=[said("A lawyer for Brandtner, Simon Achterberg", kind="person",
                          entity="simon-achterberg")])],
        id="a-name-after-a-role-for-a-name-is-the-roles-not-the-first-names"),
    pytest.param(
        "The mayor of Springfield, New Jersey, said the road would reopen.",
        [claim("the road would reopen",
               hops=[said("The mayor of Springfield, New Jersey", kind="unnamed")])],
        id="a-place-after-an-office-of-a-place-is-no-name-of-the-officeholder"),
    pytest.param(
        "Pop singer Delia Moreaux has canceled her tour, a representative for the singer said "
        "on Thursday.",
        [claim("Pop singer Delia Moreaux has canceled her tour",
               hops=[said("a representative for the singer", kind="spokesperson",
                          acts_for="delia-moreaux")])],
        id="a-representative-for-the-singer-speaks-for-the-person-titled-so"),
    pytest.param(
        "Pop singer Delia Moreaux has canceled her tour, a representative for the singer said "
        f"on Thursday.\n\n{LQ}Delia is heartbroken,{RQ} the representative said.",
        [claim("Pop singer Delia Moreaux has canceled her tour",
               hops=[said("a representative for the singer", kind="spokesperson",
                          acts_for="delia-moreaux")]),
         quote("Delia is heartbroken,",
               hops=[said("the representative", kind="spokesperson", acts_for="delia-moreaux",
                          descriptor="a representative for the singer")])],
        id="the-representative-is-the-one-described-before"),
    pytest.param(
        "Kevin Strachan is running for mayor. Strachan spokesman Bill Tenney said the candidate "
        "meant car thefts.",
        [claim("the candidate meant car thefts",
               hops=[said("Strachan spokesman Bill Tenney", kind="spokesperson",
                          entity="bill-tenney", acts_for="kevin-strachan")])],
        id="a-spokesman-after-a-persons-name-speaks-for-that-person"),
    pytest.param(
        "Moreaux has canceled her tour after injuring her vocal cords, a representative for "
        "the singer confirmed on Thursday.",
        [claim("Moreaux has canceled her tour after injuring her vocal cords",
               hops=[said("a representative for the singer", cue="confirmed",
                          kind="spokesperson")])],
        id="a-closing-cue-the-parser-hung-on-the-noun-before-it"),
    pytest.param(
        "The council honored the officer, a veteran praised by residents.",
        [claim("a veteran", hops=[said("residents", cue="praised")])],
        id="a-participle-closing-a-sentence-says-only-what-it-is-said-of"),
    pytest.param(
        "Councillor Ines Marwood made it clear that she would vote against the depot.",
        [claim("that she would vote against the depot",
               hops=[said("Councillor Ines Marwood", cue="made it clear", kind="person")])],
        id="made-it-clear-that-is-a-cue-of-speech"),
    pytest.param(
        "The ferry operator has made clear it will not cut the winter timetable.",
        [claim("it will not cut the winter timetable",
               hops=[said("The ferry operator", cue="made clear")])],
        id="made-clear-with-no-that-is-a-cue-of-speech"),
    pytest.param(
        "In a letter, the growers' union made it plain that pickers would strike.",
        [claim("that pickers would strike",
               hops=[said("the growers' union", cue="made it plain")])],
        id="made-it-plain-in-a-letter-is-the-makers-not-the-letters"),
    pytest.param(
        "The heavy rain made the river unsafe for swimmers.", [],
        id="made-something-unsafe-says-nothing"),
    pytest.param(
        "The Velmont Group is reportedly weighing a sale of its shipping arm.",
        [claim("The Velmont Group is", "weighing a sale of its shipping arm",
               hops=[said(None, cue="reportedly", kind="unidentified")])],
        id="reportedly-puts-the-clause-on-the-word-of-reports-no-one-named"),
    pytest.param(
        "Kessler was reportedly on the flight with two aides.",
        [claim("Kessler was", "on the flight with two aides",
               hops=[said(None, cue="reportedly", kind="unidentified")])],
        id="reportedly-beside-a-copula"),
    pytest.param(
        "The governor reportedly told aides that he would resign.",
        [claim("that he would resign", hops=[said("The governor", cue="told")])],
        id="reportedly-told-is-the-tellers-alone"),
    pytest.param(
        "Kessler reportedly left the meeting early, a person who attended told reporters.",
        [claim("Kessler reportedly left the meeting early",
               hops=[said("a person who attended", cue="told")])],
        id="reportedly-with-a-closing-cue-is-that-cues-sources"),
    # a participle after the clause said is the speaker's next act, not part of what was said
    pytest.param(
        "Orla Penhallow announced that the board had signed the lease, saying it would save "
        "the town money.",
        [claim("that the board had signed the lease",
               hops=[said("Orla Penhallow", cue="announced", entity="orla-penhallow")]),
         claim("it would save the town money",
               hops=[said("Orla Penhallow", cue="saying", entity="orla-penhallow")])],
        id="a-participle-after-the-clause-said-is-the-speakers-next-act"),
    pytest.param(
        "The harbourmaster told reporters the pier was unsafe, noting that the council had "
        "ignored two surveys.",
        [claim("the pier was unsafe", hops=[said("The harbourmaster", cue="told")]),
         claim("that the council had ignored two surveys",
               hops=[said("The harbourmaster", cue="noting")])],
        id="a-participle-after-what-was-told-is-the-tellers"),
    pytest.param(
        "Ilsa Brisco said she would stand again, vowing to cut fares, and suggesting the "
        "depot could close.",
        [claim("she would stand again", hops=[said("Ilsa Brisco", cue="said")]),
         claim("to cut fares", hops=[said("Ilsa Brisco", cue="vowing")]),
         claim("the depot could close", hops=[said("Ilsa Brisco", cue="suggesting")])],
        id="coordinated-participles-after-the-clause-said-are-the-speakers"),
    pytest.param(
        "The board was not told, saying it would wait, you know.",
        [claim("The board was not told, saying it would wait",
               hops=[said("you", cue="know", cue_class="cognition")])],
        id="a-participle-in-a-clause-before-its-cue-stays-in-it"),
    # a clause ended by a semicolon before a cue with a clause of its own is the writer's
    pytest.param(
        "The second driver was never charged; the haulage firm insists it was not told of "
        "the crash.",
        [claim("it was not told of the crash", hops=[said("the haulage firm", cue="insists")])],
        id="a-clause-before-a-semicolon-is-not-what-the-later-cue-says"),
    pytest.param(
        "The depot will close; the mayor says so.",
        [claim("The depot will close", hops=[said("the mayor", cue="says")])],
        id="a-clause-before-a-semicolon-is-what-a-cue-without-one-says"),
    # a passive's subject is what is named or described, not who speaks
    pytest.param(
        "The shoal is known as \u201cthe Anvil\u201d among the pilots.", [],
        id="a-quotation-after-a-passive-is-no-words-of-its-subject"),
    pytest.param(
        "The barge was dubbed \u201cthe Old Mule\u201d by its crew.",
        [quote("the Old Mule", hops=[said("its crew", cue="dubbed")])],
        id="a-quotation-after-a-passive-is-the-agents"),
    # what a post or a tweet carries is what its author put out
    pytest.param(
        "Councillor Ilsa Brisco tweeted a map of the ferry delays.",
        [claim("a map of the ferry delays",
               hops=[said("Councillor Ilsa Brisco", cue="tweeted", entity="ilsa-brisco")])],
        id="tweeted-a-noun-phrase-is-what-was-tweeted"),
    pytest.param(
        "The harbour trust posted a photo of the flooded slipway.",
        [claim("a photo of the flooded slipway",
               hops=[said("The harbour trust", cue="posted")])],
        id="posted-a-noun-phrase-is-what-was-posted"),
    # a speaker's label opening a paragraph: a transcript's turn, to the paragraph's end
    pytest.param(
        "HALLORAN: And you back the plan. How will it pass?\n\n"
        "TREGANNA: Well, I think the whole town is behind it.",
        [claim("And you back the plan. How will it pass?", hops=[said("HALLORAN", cue=":")]),
         claim("Well, I think the whole town is behind it", hops=[said("TREGANNA", cue=":")])],
        id="a-name-in-capitals-before-a-colon-is-a-transcripts-speaker"),
    pytest.param(
        "Ilsa Brisco: The ferry is late every day. Nobody on the council cares.",
        [claim("The ferry is late every day. Nobody on the council cares",
               hops=[said("Ilsa Brisco", cue=":", entity="ilsa-brisco")])],
        id="a-speakers-turn-runs-to-the-end-of-its-paragraph"),
    pytest.param(
        "What the councillors said:\n\nILSA BRISCO:\nThe ferry is late every day.", [],
        id="a-label-ending-its-line-says-nothing"),
    pytest.param(
        "As the harbourmaster told reporters on Monday, the pier will close.",
        [claim("the pier will close", hops=[said("the harbourmaster", cue="told")])],
        id="as-X-told-someone-attributes-the-clause-it-hangs-on"),
    pytest.param(
        "As she told her son the news, the telephone rang.", [],
        id="as-X-told-someone-something-is-a-time"),
    pytest.param(
        "Councillor Ilsa Brisco spoke to the host, Rafe Quenby, on Sunday.\n\n"
        "QUENBY: And you back the plan?\n\nBRISCO: Well, the whole town is behind it.\n\n"
        "MORROW: Who is that?",
        [claim("And you back the plan?",
               hops=[said("QUENBY", cue=":", kind="person", entity="rafe-quenby")]),
         claim("Well, the whole town is behind it",
               hops=[said("BRISCO", cue=":", kind="person", entity="ilsa-brisco")]),
         claim("Who is that?", hops=[said("MORROW", cue=":", kind="unnamed")])],
        id="a-transcripts-speaker-in-capitals-is-the-person-so-named"),
    pytest.param(
        "Councillor Ilsa Brisco called on the harbour board to publish the survey.",
        [claim("the harbour board to publish the survey",
               hops=[said("Councillor Ilsa Brisco", cue="called on", entity="ilsa-brisco")])],
        id="called-on-X-to-act-is-a-call-on-X-to-act"),
    pytest.param(
        "The harbourmaster called on Monday to complain about the delays.", [],
        id="called-on-a-day-to-act-is-no-call"),
    pytest.param(
        f"Orla Penhallow said that the pier {LQ}was unsafe,{RQ} and that the council had known "
        "for years.",
        [claim(f"that the pier {LQ}was unsafe,{RQ}", "that the council had known for years",
               hops=[said("Orla Penhallow", cue="said")]),
         quote("was unsafe,", hops=[said("Orla Penhallow", cue="said")])],
        id="a-second-that-clause-hung-on-the-cue-is-said-too"),
    pytest.param(
        "Councillor Ilsa Brisco chided the harbour board for the delays.",
        [claim("the harbour board for the delays",
               hops=[said("Councillor Ilsa Brisco", cue="chided")])],
        id="chided-X-for-Y-is-what-the-rebuke-says"),
    pytest.param(
        "The ferry union lambasted the new timetable.",
        [claim("the new timetable", hops=[said("The ferry union", cue="lambasted")])],
        id="lambasted-X-is-what-the-rebuke-says"),
    # the writer's asides with a dummy subject are no one's statements
    pytest.param("It is important to note that the pier closed in May.", [],
                 id="it-is-important-to-note-is-the-writers-aside"),
    pytest.param("That is not to suggest the council was wrong.", [],
                 id="that-is-not-to-suggest-is-the-writers-aside"),
    pytest.param(
        "The ferry firm fired its chief a week before it was to announce its accounts.",
        [claim("its accounts", hops=[said("it", cue="announce")])],
        id="it-was-to-announce-is-the-firms-plan-not-an-aside"),
    # verbs whose object is what they attribute (session 29, chosen by their share of gold on
    # PolNeAR train)
    pytest.param(
        "The harbour board discussed the dredging contract.",
        [claim("the dredging contract", hops=[said("The harbour board", cue="discussed")])],
        id="discussed-X-is-what-was-talked-of"),
    pytest.param(
        "Mayor Tova Lindqvist listed three reasons for the delay.",
        [claim("three reasons for the delay",
               hops=[said("Mayor Tova Lindqvist", cue="listed")])],
        id="listed-X-is-what-was-said"),
    pytest.param(
        "The judge ordered a recount of the ballots.",
        [claim("a recount of the ballots", hops=[said("The judge", cue="ordered")])],
        id="ordered-X-is-what-was-demanded"),
    # a personal pronoun as the object of a verb of judging is what it judges
    pytest.param(
        "Three ferry unions have endorsed her.",
        [claim("her", hops=[said("Three ferry unions", cue="endorsed")])],
        id="endorsed-her-a-pronoun-object-of-a-verb-of-judging"),
    pytest.param(
        "Councillor Ilsa Brisco accused them of hiding the accounts.",
        [claim("them of hiding the accounts",
               hops=[said("Councillor Ilsa Brisco", cue="accused")])],
        id="accused-them-of-a-pronoun-object-of-a-verb-of-judging"),
    pytest.param("The ferry union thanked them.", [],
                 id="thanked-them-a-pronoun-object-of-another-verb-is-no-statement"),
    # verbs that attribute by one preposition's object
    pytest.param(
        "Mayor Tova Lindqvist commented on the ruling.",
        [claim("the ruling", hops=[said("Mayor Tova Lindqvist", cue="commented on")])],
        id="commented-on-X"),
    pytest.param(
        "The ferry firm apologized for the outage.",
        [claim("the outage", hops=[said("The ferry firm", cue="apologized for")])],
        id="apologized-for-X"),
    pytest.param(
        "Councillor Ilsa Brisco railed against the parking levy.",
        [claim("the parking levy", hops=[said("Councillor Ilsa Brisco", cue="railed against")])],
        id="railed-against-X"),
    pytest.param("The ferry firm commented quickly.", [],
                 id="commented-without-its-preposition-is-no-statement"),
    # (a sentence whose only cue is such a verb is parsed: the lexicon's pairs name their verb)
    pytest.param(
        "The council balked at the cost of the pier.",
        [claim("the cost of the pier", hops=[said("The council", cue="balked at")])],
        id="balked-at-X-alone-in-its-sentence"),
    pytest.param(
        "Councillor Ilsa Brisco voted for the parking levy.",
        [claim("the parking levy", hops=[said("Councillor Ilsa Brisco", cue="voted for")])],
        id="voted-for-X"),
    # verbs whose to-infinitive is what they attribute
    pytest.param(
        "The ferry firm agreed to pay a fee to the council.",
        [claim("to pay a fee to the council", hops=[said("The ferry firm", cue="agreed")])],
        id="agreed-to-X"),
    pytest.param(
        "The council voted to close the pier.",
        [claim("to close the pier", hops=[said("The council", cue="voted")])],
        id="voted-to-X"),
    pytest.param(
        "The harbour board intends to sell the old ferry.",
        [claim("to sell the old ferry", hops=[said("The harbour board", cue="intends",
                                                   cue_class="cognition")])],
        id="intends-to-X"),
    pytest.param(
        "Piet Early, a candidate endorsed by the ferry union, lost the vote.",
        [claim("a candidate", hops=[said("the ferry union", cue="endorsed")])],
        id="a-noun-endorsed-by-X-is-what-X-endorsed"),
    pytest.param(
        "Most growers feel that the levy is unfair.",
        [claim("that the levy is unfair", hops=[said("Most growers", cue="feel",
                                                     cue_class="cognition")])],
        id="feel-that-X"),
    pytest.param(
        "The auditors determined that the fund was short.",
        [claim("that the fund was short", hops=[said("The auditors", cue="determined",
                                                     cue_class="cognition")])],
        id="determined-that-X"),
    pytest.param("The ferryman felt sick.", [], id="felt-sick-is-no-thought"),
    pytest.param(
        "The harbour union stands by its chief.",
        [claim("its chief", hops=[said("The harbour union", cue="stands by")])],
        id="stands-by-X"),
    pytest.param(
        "Mayor Tova Lindqvist has called for the ferry fare to be cut by half.",
        [claim("the ferry fare to be cut by half",
               hops=[said("Mayor Tova Lindqvist", cue="called for")])],
        id="called-for-a-clause-the-parser-marks-with-for"),
    pytest.param(
        "He calls for a new pier at the harbour; she calls for two more ferries.",
        [claim("a new pier at the harbour", hops=[said("He", cue="calls for")]),
         claim("two more ferries", hops=[said("she", cue="calls for")])],
        id="calls-for-after-a-semicolon-says-its-own-object-not-the-clause-before"),
    pytest.param(
        "The ferry union endorsed Mayor Tova Lindqvist in early June, after a long debate.",
        [claim("Mayor Tova Lindqvist", hops=[said("The ferry union", cue="endorsed")])],
        id="endorsed-X-in-June-the-time-is-not-what-was-endorsed"),
    pytest.param(
        "Councillor Ilsa Brisco criticized the board for the delays during the meeting.",
        [claim("the board for the delays",
               hops=[said("Councillor Ilsa Brisco", cue="criticized")])],
        id="criticized-X-for-Y-during-Z-the-occasion-is-not-what-was-criticized"),
    # a relative clause set off by a comma that ends what was said is the writer's aside
    pytest.param(
        "Mayor Tova Lindqvist said she would repeal the parking levy, which the council passed "
        "in May.",
        [claim("she would repeal the parking levy",
               hops=[said("Mayor Tova Lindqvist")])],
        id="said-X-which-the-writer-adds-is-no-part-of-what-was-said"),
    pytest.param(
        "Councillor Ilsa Brisco criticized the parking levy, which the council passed in May.",
        [claim("the parking levy", hops=[said("Councillor Ilsa Brisco", cue="criticized")])],
        id="criticized-X-which-the-writer-adds-is-no-part-of-what-was-criticized"),
    pytest.param(
        "Mayor Tova Lindqvist said the ferryman, who lives on the island, was not to blame.",
        [claim("the ferryman, who lives on the island, was not to blame",
               hops=[said("Mayor Tova Lindqvist")])],
        id="a-relative-clause-inside-what-was-said-stays"),
    pytest.param(
        "Councillor Piet Early spoke first. Early said the ferry was late.",
        [claim("the ferry was late", hops=[said("Early", entity="piet-early")])],
        id="a-surname-the-tagger-reads-as-an-adverb-before-the-cue-is-its-speaker"),
    pytest.param(
        "About 4 in 10 say they want a new pier.",
        [claim("they want a new pier", hops=[said("About 4 in 10", cue="say")])],
        id="a-share-of-those-polled-read-as-a-number-on-the-cue-is-its-speaker"),
    # a stance taken on the object
    pytest.param(
        "The ferry union backs the parking levy.",
        [claim("the parking levy", hops=[said("The ferry union", cue="backs",
                                              cue_class="cognition")])],
        id="backs-X-is-a-stance-on-X"),
    pytest.param(
        "Most harbour workers support the plan to cut fares.",
        [claim("the plan to cut fares", hops=[said("Most harbour workers", cue="support",
                                                   cue_class="cognition")])],
        id="support-X-is-a-stance-on-X"),
    pytest.param(
        "The parking levy is backed by the ferry union.",
        [claim("The parking levy", hops=[said("the ferry union", cue="backed",
                                              cue_class="cognition")])],
        id="X-is-backed-by-Y-is-Ys-stance-on-X"),
    pytest.param("Do you support the plan to cut fares?", [],
                 id="a-stance-asked-in-a-question-is-no-ones-stance"),
    pytest.param("The ferry firm backed her up.", [],
                 id="backed-her-up-a-phrasal-verb-is-no-stance"),
    pytest.param(
        "Councillor Ilsa Brisco has attacked the mayor as too close to the ferry firm.",
        [claim("the mayor as too close to the ferry firm",
               hops=[said("Councillor Ilsa Brisco", cue="attacked")])],
        id="attacked-X-as-Y-is-what-was-said-of-X"),
    pytest.param(
        "The harbour board detailed its plan for the pier on Monday.",
        [claim("its plan for the pier", hops=[said("The harbour board", cue="detailed")])],
        id="detailed-X-is-what-was-said-its-day-is-not"),
    pytest.param("The harbour has seen a rise in traffic.", [],
                 id="has-seen-a-rise-is-no-ones-view"),
]


@pytest.mark.parametrize(("body", "expected"), CASES)
def test_construction(body: str, expected: list[dict[str, Any]]) -> None:
    assert_described(article(body), expected)


def assert_described(x: Extraction, expected: list[dict[str, Any]]) -> None:
    actual = described(x)
    assert len(actual) == len(expected), actual
    for a, e in zip(actual, expected, strict=True):
        assert matches(a, e), f"\nactual:   {a}\nexpected: {e}"


@pytest.mark.parametrize(("headline", "expected"), [
    pytest.param(
        "Mayor Lindqvist Slams Ferry Firm Over Delays",
        [claim("Ferry Firm Over Delays", hops=[said("Mayor Lindqvist", cue="Slams",
                                                     entity="tova-lindqvist")])],
        id="a-title-case-headline-is-parsed-in-sentence-case"),
    pytest.param(
        "Lindqvist Criticizes Ferry Fares",
        [claim("Ferry Fares", hops=[said("Lindqvist", cue="Criticizes",
                                          entity="tova-lindqvist")])],
        id="a-title-case-headline-verb-is-read-as-a-verb"),
])
def test_headline_construction(headline: str, expected: list[dict[str, Any]]) -> None:
    body = "Mayor Tova Lindqvist spoke to the ferry firm on Monday. The workers met."
    assert_described(article(body, headline=headline), expected)


ENTITY_KINDS = [
    pytest.param("The River Aske rose more than two metres overnight.", "River Aske", "place",
                 id="place-river-before-its-name"),
    pytest.param("Families in Lower Brenton were told to leave by noon.", "Lower Brenton", "place",
                 id="place-lower-before-its-name"),
    pytest.param("Halvorsen Freight said it would cut 40 jobs.", "Halvorsen Freight",
                 "organization", id="org-two-capitalised-words-industry-noun"),
    pytest.param("Brennick Tooling lost its largest customer this year.", "Brennick Tooling",
                 "organization", id="org-two-capitalised-words-its"),
    pytest.param("Orvane Minerals is exploring an offer for smaller rival Castellan Copper, two "
                 "people familiar with the matter said.", "Castellan Copper", "organization",
                 id="org-a-metal-ends-a-miners-name-that-reads-as-a-persons"),
    pytest.param("A spokeswoman for the U.S. Attorney's office declined to comment.",
                 "U.S. Attorney's office", "organization", id="org-an-office-a-title-names"),
    pytest.param("Supporters, including the cycling group Brenton on Wheels, say the lanes would "
                 "help.", "Brenton on Wheels", "organization",
                 id="org-a-group-named-with-on-after-the-noun-group"),
    pytest.param("The news was first reported by the technology site Bytewire.", "Bytewire",
                 "outlet", id="outlet-after-the-noun-site"),
    pytest.param("The Kelderton County District Attorney's office said it would appeal.",
                 "Kelderton County District Attorney's office", "organization",
                 id="org-a-county-district-attorneys-office"),
    pytest.param("The rowing club met. Its president, Karin Obst, said fees would rise.",
                 "Karin Obst", "person", id="person-after-a-title-set-off-by-a-comma"),
    pytest.param("Councillors Ana Ruiz and Bo Lind voted against it.", "Ana Ruiz", "person",
                 id="person-after-a-title-in-the-plural"),
    pytest.param("Farmers Against Dams said the reservoir plan was unfair.", "Farmers Against Dams",
                 "organization", id="a-plural-occupation-opening-a-name-is-no-title"),
    pytest.param("Selby United have agreed to sell their top scorer.", "Selby United",
                 "organization", id="org-a-club-by-its-last-word"),
    pytest.param("Riva Kostadin told the Northern Echo that her client wanted a change.",
                 "Northern Echo", "outlet", id="outlet-by-its-last-word"),
    pytest.param("The county's emergency manager, Tomas Okafor, said crews would work late.",
                 "Tomas Okafor", "person", id="person-after-a-noun-for-one-set-off-by-a-comma"),
    pytest.param("A judge blocked the sale of Maren Oil to a rival.", "Maren Oil",
                 "organization", id="org-two-capitalised-words-trade-noun"),
    pytest.param("Ivo Brandl of Tessel Bank said the rise was painful.", "Ivo Brandl", "person",
                 id="person-of-an-organization-the-model-does-not-know"),
    pytest.param("Ivo Brandl of Tessel Bank said the rise was painful.", "Tessel Bank",
                 "organization", id="organization-after-a-person-of"),
    pytest.param("Shares of Tamsin Foods fell 12 percent on Tuesday.", "Tamsin Foods",
                 "organization", id="org-after-shares-of"),
    pytest.param("Pia Varga, who leads the Marlow Dockers' Union, said the strike would go on.",
                 "Marlow Dockers' Union", "organization",
                 id="org-with-a-plural-possessive-inside"),
    pytest.param("The Dunmore Growers\u2019 Association met in May.",
                 "Dunmore Growers\u2019 Association", "organization",
                 id="org-with-a-curly-plural-possessive-inside"),
    pytest.param("Ana Ruiz, president of the Democratic Harbor Women Caucus, said the vote was "
                 "close.", "Democratic Harbor Women Caucus", "organization",
                 id="org-caucus-keyword-over-place-word"),
    pytest.param("Member of Harbour Council says the ferry must run. She is a member of the "
                 "council's transport panel.", "Harbour Council", "organization",
                 id="org-after-a-common-noun-opening-a-sentence"),
    pytest.param("Storms in the Gulf of Marlow worsened, Ana Ruiz said.", "Gulf of Marlow",
                 "place", id="place-keyword-gulf-of"),
    pytest.param("Former Secretary of State Ana Ruiz said the ferry would run.", "Ana Ruiz",
                 "person", id="person-after-title-of-an-office"),
    pytest.param("Director of Harbour Affairs Ana M. Ruiz left in May.", "Ana M. Ruiz",
                 "person", id="person-with-initial-after-title-of-an-office"),
    pytest.param("Deputy Attorney General Ana Ruiz resigned.", "Ana Ruiz", "person",
                 id="person-after-modified-title-of-two-words"),
    pytest.param("Assistant District Attorney Femi Okoro told jurors the fund was looted.",
                 "Femi Okoro", "person", id="person-after-modified-title-ending-in-a-title"),
    pytest.param("Deputy Police Chief Ivo Brandl closed the road.", "Ivo Brandl", "person",
                 id="person-after-a-title-with-an-organization-word"),
    pytest.param("Journalist Ana Ruiz asked the mayor about it.", "Ana Ruiz", "person",
                 id="person-after-an-occupation-as-title"),
    pytest.param("Parent Joel Ruud said he had changed his mind.", "Joel Ruud", "person",
                 id="person-after-parent-as-title"),
    pytest.param("Unlike Ana Ruiz, the mayor stayed.", "Ana Ruiz", "person",
                 id="person-after-a-preposition-opening-a-sentence"),
    pytest.param("Joseph R. Vasko Jr. stayed. Later, Vasko said the ferry would run.",
                 "Joseph R. Vasko Jr.", "person", id="person-with-a-suffix-keeps-its-period"),
    pytest.param("Voters in Marlow and Dunmore Springs backed the plan.", "Dunmore Springs",
                 "place", id="place-after-and"),
    pytest.param("The Dunmore Weekly Report said costs rose.", "Dunmore Weekly Report",
                 "outlet", id="outlet-keyword-report"),
    pytest.param("Sterling Vance, who runs the ferry, spoke first.", "Sterling Vance", "person",
                 id="person-before-who"),
    pytest.param("Pioneer Dales, 43, runs the ferry.", "Pioneer Dales", "person",
                 id="person-before-age"),
    pytest.param("Pioneer Dales's wife runs the ferry.", "Pioneer Dales", "person",
                 id="person-before-a-relative"),
    pytest.param("Sterling Vance spoke first. In May, Sterling Vance, who runs the ferry, left.",
                 "Sterling Vance", "person", id="person-by-a-later-use"),
    pytest.param("Park Min-jun met the press on Monday.", "Park Min-jun", "person",
                 id="person-whose-name-starts-with-a-place-word"),
    pytest.param("Ana Ruiz moved to Fort Anselm in May.", "Fort Anselm", "place",
                 id="place-starting-with-fort"),
    pytest.param("Rep. Tomas Vasko (R-Port Anselm) said no.", "Port Anselm", "place",
                 id="place-a-lawmaker-represents-after-party"),
    pytest.param("Sen. Ana Ruiz (D-Dunmore News) said the ferry would run.", "Dunmore News",
                 "place", id="place-after-party-even-with-an-outlet-word"),
    pytest.param("Mayor Ines Varga opened the depot on Monday.", "Ines Varga", "person",
                 id="person-after-title"),
    pytest.param("Councilwoman Dana Whitlock voted no.", "Dana Whitlock", "person",
                 id="title-not-part-of-name"),
    pytest.param("Acme Robotics CEO Gideon Vance resigned in 2019.", "Gideon Vance", "person",
                 id="person-after-org-and-title"),
    pytest.param("Acme Robotics CEO Gideon Vance resigned in 2019.", "Acme Robotics",
                 "organization", id="org-before-title-and-person"),
    pytest.param("The dam was designed by Priya Ramanathan.", "Priya Ramanathan", "person",
                 id="name-at-sentence-end-without-period"),
    pytest.param("The deal was signed by Anna Petrova. Tomas Lindqvist, her deputy, was not told.",
                 "Tomas Lindqvist", "person", id="name-after-a-name-ending-a-sentence"),
    pytest.param("The deal was signed by Anna Petrova. Tomas Lindqvist, her deputy, was not told.",
                 "Anna Petrova", "person", id="name-ending-a-sentence-before-a-name"),
    pytest.param("Dana Whitlock and Rafael Ostrowski met on Friday to sign it.", "Dana Whitlock",
                 "person", id="two-people-joined-by-and-first"),
    pytest.param("Dana Whitlock and Rafael Ostrowski met on Friday to sign it.",
                 "Rafael Ostrowski", "person", id="two-people-joined-by-and-second"),
    pytest.param("Hollis and Pryce said its profits rose.", "Hollis and Pryce", "organization",
                 id="firm-of-two-surnames-joined-by-and"),
    pytest.param("Delegates of the Democratic Farmers Association met in the hall.",
                 "Democratic Farmers Association", "organization",
                 id="party-adjective-starting-an-organization"),
    pytest.param("Republican Dana Whitlock voted no.", "Dana Whitlock", "person",
                 id="party-adjective-before-a-person"),
    pytest.param("Councilman Luis de Almeida said the budget was late.", "Luis de Almeida",
                 "person", id="particle-de-in-a-person-name"),
    pytest.param("Al Brennan and Van Whitfield opened the bakery.", "Al Brennan", "person",
                 id="capitalised-particle-starting-a-name-al"),
    pytest.param("Al Brennan and Van Whitfield opened the bakery.", "Van Whitfield", "person",
                 id="capitalised-particle-starting-a-name-van"),
    pytest.param("Prime Minister Rosa May arrived late.", "Rosa May", "person",
                 id="surname-that-is-a-month"),
    pytest.param("The plant was sold to the Halvorsen Company last year.", "Halvorsen Company",
                 "organization", id="company-ending-a-name"),
    pytest.param("Delegates heard Ohio's Dana Whitlock on Friday.", "Dana Whitlock", "person",
                 id="person-after-a-possessive-place"),
    pytest.param("Shares of Boston-based Halvorsen Freight rose.", "Halvorsen Freight",
                 "organization", id="company-after-a-based-adjective"),
    pytest.param("Staff of the Center for Harbour and Coastal Studies wrote it.",
                 "Center for Harbour and Coastal Studies", "organization",
                 id="organization-of-x-and-y-stays-whole"),
    pytest.param("Dana Whitlock and Halvorsen Freight signed the deal.", "Halvorsen Freight",
                 "organization", id="person-and-company-are-two-names"),
    pytest.param("Senator Dana Whitlock of Vermont spoke first.", "Dana Whitlock", "person",
                 id="person-of-a-state"),
    pytest.param("Rafael Ostrowski of Halvorsen Freight agreed.", "Rafael Ostrowski", "person",
                 id="person-of-a-company"),
    pytest.param("Rafael Ostrowski of Halvorsen Freight agreed.", "Halvorsen Freight",
                 "organization", id="company-of-a-person-of-it"),
    pytest.param("Secretary of State Tomas Lindqvist flew in.", "Tomas Lindqvist", "person",
                 id="person-after-a-title-with-of"),
    pytest.param("The Bank of Carolina sent staff.", "Bank of Carolina", "organization",
                 id="organization-with-of-stays-whole"),
    pytest.param("Attorney General Dana Whitlock spoke first.", "Dana Whitlock", "person",
                 id="person-after-a-title-of-two-words"),
    pytest.param("Longtime aide Tomas Lindqvist agreed with Whitlock.", "Tomas Lindqvist",
                 "person", id="person-after-an-adjective-and-a-noun"),
    pytest.param("The judge, Ohio-born Dana Whitlock, agreed.", "Dana Whitlock", "person",
                 id="person-after-a-born-adjective"),
    pytest.param("The study by Kathleen Hall Ruiz was published.", "Kathleen Hall Ruiz",
                 "person", id="place-keyword-inside-a-person-name"),
    pytest.param("The concert at Carnegie Hall was sold out.", "Carnegie Hall", "place",
                 id="place-keyword-ending-a-name"),
    pytest.param("\u201cIt was a surprise,\u201d said Marguerite Obi, a retail analyst at Kestrel "
                 "Partners.", "Marguerite Obi", "person", id="person-by-an-appositive-after-it"),
    pytest.param("\u201cIt was a surprise,\u201d said Marguerite Obi.", "Marguerite Obi", "person",
                 id="person-who-speaks-whatever-else-the-model-reads"),
    pytest.param("The merger of Halvorsen Foods and Brightmarket Stores collapsed.",
                 "Halvorsen Foods", "organization", id="two-firms-joined-by-and-first"),
    pytest.param("The merger of Halvorsen Foods and Brightmarket Stores collapsed.",
                 "Brightmarket Stores", "organization", id="two-firms-joined-by-and-second"),
    pytest.param("The delegation flew from France to Ohio on Monday.", "France", "place",
                 id="a-country-of-one-word-is-a-place"),
    pytest.param("The delegation flew from France to Ohio on Monday.", "Ohio", "place",
                 id="a-state-of-one-word-is-a-place"),
    pytest.param("The rally in Kelderton, Vermont, on Monday drew a crowd.", "Kelderton", "place",
                 id="a-town-before-its-state"),
    pytest.param("KELDERTON, Vt. (AP) \u2014 The dam held overnight, the mayor said.",
                 "Kelderton", "place", id="a-datelines-place-in-capitals"),
    pytest.param("KELDWICK, March 3 (Wirestream) - The dam held overnight, the mayor said.",
                 "Keldwick", "place", id="a-wire-datelines-place-before-a-month-and-a-hyphen"),
    pytest.param("The ministers met on Monday with officials from the ONRA.", "ONRA",
                 "organization", id="letters-in-capitals-the-recognizer-reads-as-a-body"),
    pytest.param("The delegates flew to Ostrelin and met officials there.", "Ostrelin", "place",
                 id="a-word-the-recognizer-reads-as-a-place"),
    pytest.param("The broadcaster Kanal Nord said the bridge was closed.", "Kanal Nord", "outlet",
                 id="an-outlet-named-after-a-noun-for-one"),
    pytest.param("Voters in Kelderton, Vt., were angry.", "Vermont", "place",
                 id="a-states-abbreviation-after-a-town"),
    pytest.param("Virginia Ruiz said Iowa voters were tired.", "Virginia Ruiz", "person",
                 id="a-person-named-like-a-state-who-speaks"),
    pytest.param("She grew up in the city of Ostrava and later moved away.", "Ostrava", "place",
                 id="the-city-of-X-is-a-place"),
    pytest.param("Eleanor Whitcombe, who served three terms as mayor of Ashby, died on Sunday.",
                 "Ashby", "place", id="mayor-of-X-is-a-place"),
    pytest.param("The town of Brevik voted on Monday.", "Brevik", "place",
                 id="the-town-of-X-is-a-place"),
    pytest.param("The premier named Deputy Transport Minister Ruth Albescu as acting minister.",
                 "Deputy Transport", None, id="a-title-modifier-and-a-portfolio-name-no-one"),
    pytest.param("Supervisor Nathan Pryce said he had not made up his mind.", "Nathan Pryce",
                 "person", id="a-local-office-is-a-title-not-a-name"),
    pytest.param("Meteorologist Keisha Albright said more rain was expected.", "Keisha Albright",
                 "person", id="an-occupation-before-a-name-is-a-title"),
    pytest.param("The museum's director, Sir Rupert Vayle, said the return was overdue.",
                 "Rupert Vayle", "person", id="sir-is-a-title-not-a-name"),
    pytest.param("Nadia Ferreira-Lund is running for mayor of Kelmarsh.", "Nadia Ferreira-Lund",
                 "person", id="a-given-name-then-a-surname-the-model-reads-as-a-body"),
    pytest.param("Ana Ruiz appeared on Morning Hour on Sunday.", "Morning Hour", None,
                 id="a-program-appeared-on-is-no-person"),
    pytest.param("Ana Ruiz said on Tomas Bell's show that she would run.", "Tomas Bell", "person",
                 id="a-person-whose-show-it-is-stays-a-person"),
    pytest.param("Ampervale, a four-year-old company that recovers nickel, said it had raised "
                 "money.", "Ampervale", "organization", id="one-word-then-a-company-apposed"),
    pytest.param("Lina Osei, an analyst at the research firm Quellmark, said plants were idle.",
                 "Quellmark", "organization", id="one-word-after-the-research-firm"),
    pytest.param("Vasko, the company spokeswoman, declined to comment.", "Vasko", None,
                 id="a-surname-before-a-companys-spokeswoman-is-no-company"),
    pytest.param("Vasko, a founder of the group, said the vote would go ahead.", "Vasko", None,
                 id="a-surname-before-a-founder-of-the-group-is-no-group"),
    pytest.param("Khalid bin Saeed Al-Maktari said he would vote for the deal.",
                 "Khalid bin Saeed Al-Maktari", "person", id="bin-inside-a-persons-name"),
    pytest.param("Joana Maria dos Reis said the ferry was late.", "Joana Maria dos Reis",
                 "person", id="dos-inside-a-persons-name"),
    pytest.param("The Bank of Italy said rates would rise.", "Bank of Italy", "organization",
                 id="a-registry-place-after-a-bodys-of-is-the-bodys-name"),
    pytest.param("The governor of Ohio said fees would rise.", "Ohio", "place",
                 id="a-registry-place-after-an-office-of-stays-a-place"),
    pytest.param("The Senate Rules Committee voted 9-4 to send the bill to the floor.",
                 "Senate Rules Committee", "organization",
                 id="a-registry-body-before-more-of-a-bodys-name-is-another-body"),
    pytest.param("Amsell said midfielder Tomasz Wielki, out since August with a knee injury, "
                 "could return for the derby.", "Tomasz Wielki", "person",
                 id="a-name-after-a-noun-only-a-person-is-is-a-persons"),
    pytest.param("Skyline Air is in talks to buy regional carrier Boreal Jet, the Tribune "
                 "reported.", "Boreal Jet", "organization",
                 id="org-a-bodys-noun-right-before-the-name"),
    pytest.param("The suspects entered Halden Jewelers on Main Street shortly after 2 p.m.",
                 "Halden Jewelers", "organization", id="a-name-before-on-and-a-street-ends-there"),
    pytest.param("The suspects entered Halden Jewelers on Main Street shortly after 2 p.m.",
                 "Main Street", "place", id="a-street-after-on-is-a-place-of-its-own"),
    pytest.param("Delegates arrived on Sunday for the Republican National Convention.",
                 "Republican National Convention", "organization",
                 id="a-convention-keeps-its-partys-name"),
    pytest.param("Majority Whip Dana Ruiz said the vote would be close.", "Dana Ruiz", "person",
                 id="a-whip-is-a-title"),
    pytest.param("Premier Dana Whitcombe said the province would appeal.", "Dana Whitcombe",
                 "person", id="a-premier-is-a-title"),
    pytest.param("President-elect Tomas Varga said he would keep the cabinet.", "Tomas Varga",
                 "person", id="an-office-elect-is-a-title"),
    pytest.param("Emir Khalid Nasser said the summit would be held in May.", "Khalid Nasser",
                 "person", id="an-emir-is-a-title"),
    pytest.param("Flooding closed roads across Upstate New York on Monday.", "Upstate New York",
                 "place", id="place-upstate-before-its-name"),
    pytest.param("The state-run Velnara News Agency reported the border had reopened.",
                 "Velnara News Agency", "outlet", id="outlet-a-news-agency"),
    pytest.param("The buyer, Tallis Maritime, maintained that the price was fair.",
                 "Tallis Maritime", "organization", id="org-a-trade-noun-ends-its-name"),
    pytest.param("Sandra Molina, whose two children attend Wexley High, backed the teachers.",
                 "Wexley High", "organization", id="org-a-school-by-its-last-word"),
    pytest.param("The Kremlin on Tuesday denied the report of secret talks.", "Kremlin",
                 "organization", id="a-seat-of-government-in-the-registry-is-a-body"),
    pytest.param("Dorrie Vancleave was arrested at her home in Pine Hollow on Wednesday.",
                 "Pine Hollow", "place", id="place-a-hollow"),
    pytest.param("Defender Ciaran Oduya was sent off in the second half.", "Ciaran Oduya",
                 "person", id="a-players-position-opening-a-sentence-is-no-part-of-the-name"),
]


def test_a_large_group_keeps_its_size_not_a_node_per_member() -> None:
    from kg.iris import Iris
    from kg.mapping.article import map_article
    from kg.mapping.sourcing import GROUP_MEMBERS
    from kg.namespaces import NKG, SDO

    x = article("Some 12,000 workers said the offer was too low.")
    [group] = [s for s in x.sources if s.kind == "group"]
    assert group.members == 12_000
    triples = map_article(x, Iris("https://kg.test/")).triples
    assert [o for _, p, o in triples if p == NKG.groupSize] == [Literal(12_000)]
    assert len([o for _, p, o in triples if p == SDO.member]) == GROUP_MEMBERS


def test_a_statement_the_source_did_not_make_is_marked_negated() -> None:
    from kg.iris import Iris
    from kg.mapping.article import map_article
    from kg.namespaces import NKG

    x = article("Gov. Marit Solvang has not said whether she would sign the bill. Her deputy "
                "said the votes were there.")
    assert [(c.span.text(x.article.text), c.hops[-1].negated) for c in x.claims] == [
        ("she would sign the bill", True), ("the votes were there", False)]
    triples = map_article(x, Iris("https://kg.test/")).triples
    assert [o for _, p, o in triples if p == NKG.negated] == [Literal(True)]


def test_a_year_before_people_is_no_count_of_them() -> None:
    x = article("2016 voters said the lines were long.")
    assert [s.members for s in x.sources if s.kind == "group"] == [2], x.sources


@pytest.mark.parametrize("body", ["52 percent of voters said the lines were long.",
                                  "Six in 10 voters said the lines were long."])
def test_a_share_of_people_is_no_count_of_them(body: str) -> None:
    x = article(body)
    assert [s.members for s in x.sources if s.kind == "group"] == [2], x.sources


def test_a_kind_of_story_before_a_colon_is_no_speaker() -> None:
    x = article("Forty buoys now chart the bay.", headline="Q&A: The diver charting the bay")
    assert described(x) == [], described(x)


def test_a_grocers_short_form_names_its_officers_employer() -> None:
    x = article("Brasker Markets said it would cut prices. Brasker's chief financial officer, "
                "Ines Quade, said margins would fall.")
    assert [(r.person, r.org) for r in x.roles] == [("ines-quade", "brasker-markets")]


def test_a_report_before_any_outlet_is_cited_is_no_outlets() -> None:
    x = article("Skyline Air is in talks to buy Pelican Airways. The Harbor Ledger, citing two "
                "people, reported that the price was $2 billion.",
                headline="Report: Airline in talks to buy rival")
    [first] = [s for s in x.sources if s.anchor and s.anchor.text(x.article.text) == "Report"]
    assert first.kind == "document", first


def test_a_registry_body_alone_is_still_that_body() -> None:
    kinds = {e.name: e.kind for e in article(
        "The Senate voted on Monday. Senate Republicans said the bill would fail.").entities}
    assert kinds.get("Senate") == "organization", kinds


def test_a_word_of_a_longer_name_given_is_no_name_of_its_own() -> None:
    x = article("Officials from Brantel Logistics met. The deal with Brantel is off.")
    assert {e.name for e in x.entities} == {"Brantel Logistics", "The Daily Ledger"}


def test_a_place_inside_a_longer_name_is_not_that_place() -> None:
    kinds = {e.name: e.kind for e in article(
        "She studied at Vermont Harbor College before moving to Western Montana.").entities}
    assert kinds.get("Vermont Harbor College") == "organization", kinds
    assert "Vermont" not in kinds and "Montana" not in kinds, kinds


@pytest.mark.parametrize(("body", "name", "kind"), ENTITY_KINDS)
def test_entity_kind(body: str, name: str, kind: str) -> None:
    kinds = {e.name: e.kind for e in article(body).entities}
    assert kinds.get(name) == kind, kinds


NOT_NAMES = [
    pytest.param("Three Conservative MPs told reporters they were uneasy.",
                 "Three Conservative MPs", id="people-counted-by-an-office-are-no-name"),
    pytest.param("Several Conservative MPs told reporters they were uneasy.",
                 "Several Conservative MPs", id="people-of-a-party-by-an-office-are-no-name"),
    pytest.param("Finally, France, Spain and Italy agreed.", "Finally",
                 id="a-sentences-opening-word-before-a-country-is-no-town"),
    pytest.param("Yesterday, Ohio officials met in private.", "Yesterday",
                 id="a-word-before-a-place-that-goes-on-is-no-town"),
    pytest.param("BREAKING \u2014 The dam held overnight.", "Breaking",
                 id="a-label-in-capitals-is-no-datelines-place"),
    pytest.param("But, Ohio, the vote went ahead.", "But",
                 id="only-stop-words-before-a-place-are-no-town"),
    pytest.param("The carpenter built the Ark. The choir sang at Mass.", "Arkansas",
                 id="a-word-like-a-states-abbreviation-is-no-state"),
    pytest.param("Officials from the Ukrainian side met.", "Ukrainian",
                 id="a-demonym-is-no-place"),
    pytest.param("The deal was signed by Anna Petrova. Tomas Lindqvist, her deputy, was not told.",
                 "Anna Petrova. Tomas Lindqvist", id="two-sentences-are-two-names"),
    pytest.param("The plan was approved on Friday. Later the board met again.", "Friday. Later",
                 id="day-ending-a-sentence-and-next-word"),
    pytest.param("Dana Whitlock and Rafael Ostrowski met on Friday to sign it.",
                 "Dana Whitlock and Rafael Ostrowski", id="two-people-are-not-an-organization"),
    pytest.param("The fair opened in Springfield May 3 with a parade.", "Springfield May",
                 id="month-before-a-day-is-a-date"),
    pytest.param("Delegates of the Democratic Farmers Association met in the hall.",
                 "Farmers Association", id="organization-keeps-its-first-word"),
    pytest.param("Senator Dana Whitlock of Vermont spoke first.", "Dana Whitlock of Vermont",
                 id="person-of-a-state-is-not-an-organization"),
    pytest.param("The Lindqvists' Labrador Rex barked all night.", "Lindqvists' Labrador Rex",
                 id="a-family-possessive-before-a-name-is-not-part-of-it"),
    pytest.param("Maria Costa came with Deputy Chief of Staff Anna Petrova.",
                 "Deputy Chief of Staff", id="a-title-is-not-a-name"),
    pytest.param("Attorney General Dana Whitlock spoke first.", "Attorney General Dana Whitlock",
                 id="a-title-of-two-words-is-not-part-of-the-name"),
    pytest.param("Assistant District Attorney Femi Okoro spoke.", "Assistant District",
                 id="the-start-of-a-title-is-no-name"),
    pytest.param("The Clean Harbors Act passed in 2019.", "Clean Harbors Act",
                 id="a-law-is-not-an-entity"),
    pytest.param("Voters in Vermont and North Dakota agreed.", "Vermont and North Dakota",
                 id="two-places-joined-by-and-are-not-an-organization"),
    pytest.param("Could the Harbour Commission act sooner?", "Could the Harbour Commission",
                 id="a-question-word-is-not-part-of-a-name"),
    pytest.param("The mayor defended the Clean Harbour Plan on Monday.", "Clean Harbour Plan",
                 id="a-plan-the-model-reads-as-a-law-is-no-person"),
    pytest.param("Ana Ruiz spoke on The Tom Vasko Morning Show about the ferry.",
                 "Tom Vasko Morning Show", id="a-show-the-model-reads-as-a-title-is-no-person"),
    pytest.param("Veterans of the Cold War gathered in Dunmore.", "Cold War",
                 id="an-event-is-no-person"),
    pytest.param("He wore the Silver Anchor on his coat. The anchor was silver.",
                 "Silver Anchor", id="common-words-capitalised-are-no-name"),
    pytest.param("Voters in Marlow and Dunmore Springs backed the plan.",
                 "Marlow and Dunmore Springs", id="two-places-joined-by-and-are-two"),
    pytest.param("Delegates from Vasko and Ruiz met in May.", "Vasko and Ruiz",
                 id="two-names-joined-by-and-are-no-organization"),
    pytest.param("The mayor quoted Game of Harbours on Monday.", "Game of Harbours",
                 id="a-title-with-of-the-model-reads-as-one-is-no-organization"),
    pytest.param("Member of Harbour Council says the ferry must run. She is a member of the "
                 "council's transport panel.", "Member of Harbour Council",
                 id="a-common-noun-opening-a-sentence-before-of-is-not-part-of-a-name"),
    pytest.param("Tomas Lindqvist, the former Brennick CEO, spoke first.", "Brennick CEO",
                 id="a-company-and-a-title-in-capitals-are-no-organization"),
    pytest.param("The vote went ahead, said Tomas Lindqvist, the former Brennick CEO.",
                 "Brennick CEO", id="a-company-and-a-title-ending-a-sentence-are-no-organization"),
]


def entity_names(body: str) -> dict[str, list[str]]:
    """Each entity's name and the words of its mentions, in text order."""
    x = article(body)
    text = x.article.text
    return {e.name: [m.span.text(text) for m in x.mentions if m.entity == e.key]
            for e in x.entities}


@pytest.mark.parametrize(("body", "name", "mentions"), [
    pytest.param("Enrique Vasko Ruiz opened the port. Later, Vasko Ruiz said it would grow.",
                 "Enrique Vasko Ruiz", ["Enrique Vasko Ruiz", "Vasko Ruiz"],
                 id="a-person-named-by-two-last-names"),
    pytest.param("The housing minister, Rachel Aldwyn, is under pressure. A source close to Ms "
                 "Aldwyn said she would stay.", "Rachel Aldwyn", ["Rachel Aldwyn", "Aldwyn"],
                 id="a-title-without-its-period-before-a-surname-as-british-papers-write-it"),
    pytest.param("The Centers for Disease Control and Prevention counted 412 cases. The CDC said "
                 "most were in children.", "Centers for Disease Control and Prevention",
                 ["Centers for Disease Control and Prevention", "CDC"],
                 id="a-bodys-initials-are-the-body"),
    pytest.param("National Public Radio aired the debate. NPR said ratings rose.", "NPR",
                 ["National Public Radio", "NPR"], id="a-registry-outlets-initials-spelt-out"),
    pytest.param("The Harbour Institute for Trade published the figures. The Harbour Institute "
                 "said costs rose.", "Harbour Institute for Trade",
                 ["Harbour Institute for Trade", "Harbour Institute"],
                 id="an-organization-named-by-its-first-words"),
    pytest.param("Ana Vasko said the vote was fair. A rival called her Sly Ana Vasko online.",
                 "Ana Vasko", ["Ana Vasko", "Sly Ana Vasko"],
                 id="the-name-the-article-gives-first-stays"),
    pytest.param("Enrique Vasko Ruiz spoke first. Later Vasko Ruiz said the ferry would run "
                 "later.", "Enrique Vasko Ruiz", ["Enrique Vasko Ruiz", "Vasko Ruiz"],
                 id="a-common-word-opening-a-sentence-is-not-part-of-the-name"),
    pytest.param("Brennick Tooling Inc. plans to close a plant. Brennick Tooling said the plant "
                 "lost money.", "Brennick Tooling Inc.",
                 ["Brennick Tooling Inc.", "Brennick Tooling"],
                 id="a-company-and-its-legal-form"),
    pytest.param("Brennick Tooling plans to close a plant. Brennick Tooling Inc. said the plant "
                 "lost money.", "Brennick Tooling", ["Brennick Tooling", "Brennick Tooling Inc."],
                 id="a-company-then-its-legal-form"),
    pytest.param("Brennick Tooling Inc. plans to close a plant. Brennick declined to comment.",
                 "Brennick Tooling Inc.", ["Brennick Tooling Inc.", "Brennick"],
                 id="a-company-with-its-legal-form-by-its-own-word"),
])
def test_one_entity_for_a_name_and_its_part(body: str, name: str, mentions: list[str]) -> None:
    names = entity_names(body)
    assert names.get(name) == mentions, names


def test_an_organization_is_not_one_with_a_longer_name_that_is_not_its_own() -> None:
    names = entity_names("The Harbour Council Transport Committee met. The Harbour Council "
                         "voted later.")
    assert {"Harbour Council", "Harbour Council Transport Committee"} <= set(names), names


def test_a_dateline_in_capitals_is_not_taken_for_an_organization() -> None:
    kinds = {e.name: e.kind for e in article("SPRINGFIELD RIVERS - The council met.").entities}
    assert kinds.get("SPRINGFIELD RIVERS") != "organization", kinds


@pytest.mark.parametrize(("body", "name"), NOT_NAMES)
def test_not_a_name(body: str, name: str) -> None:
    names = {e.name for e in article(body).entities}
    assert name not in names, names


def headline_entities(headline: str, body: str) -> dict[str, str]:
    return {e.name: e.kind for e in article(body, None, headline).entities}


def test_a_word_describing_a_name_where_a_sentence_starts_is_no_part_of_it() -> None:
    kinds = headline_entities("Chipmaker Orlen Semiconductor weighs sale of memory unit",
                              "Orlen Semiconductor is exploring a sale of its memory business.")
    assert "Chipmaker Orlen Semiconductor" not in kinds, kinds
    assert kinds.get("Orlen Semiconductor") == "organization", kinds


@pytest.mark.parametrize("body", [
    "Utility Coastline Power says about 80,000 customers are without electricity.",
    "Startup Coastline Power said it would cut 200 jobs.",
])
def test_a_companys_business_opening_a_sentence_is_no_part_of_its_name(body: str) -> None:
    kinds = {e.name: e.kind for e in article(body).entities}
    assert kinds.get("Coastline Power") == "organization", kinds


def test_a_title_case_headline_names_only_what_the_body_names() -> None:
    kinds = headline_entities("Dana Whitlock Tells Harbour Council To Wait For The Budget",
                              "Councillor Dana Whitlock said on Monday that the budget was late.")
    assert kinds == {"Dana Whitlock": "person"}


def test_a_sentence_case_headline_keeps_its_names() -> None:
    kinds = headline_entities("Rafael Ostrowski to leave the harbour board",
                              "Ostrowski said on Monday that he would go in May.")
    assert kinds.get("Rafael Ostrowski") == "person"


class _FirstReadWrong:
    """A recognizer that takes the first mention (before offset 30) for an organization."""

    def labels(self, begin: int, end: int) -> list[str]:
        return ["ORG"] if begin < 30 else ["PERSON"]

    def entities(self, begin: int, end: int) -> list[tuple[int, int, str]]:
        return []

    def prefetch(self, spans: list[tuple[int, int]]) -> None:
        pass

    def common(self, word: str) -> bool:
        return True


def test_a_persons_kind_is_put_to_a_vote_when_the_model_first_reads_otherwise() -> None:
    from kg.extract.entities import _FirstLabels

    text = "SPRINGFIELD - Dana Whitlock opened the depot. Whitlock spoke. Whitlock left."
    first = Span(14, 27)
    assert _FirstLabels(_FirstReadWrong(), text)("Dana Whitlock", first, "person") == ["PERSON"]
    # no guess of a person: the first reading stands; nor does one later reading outvote it
    assert _FirstLabels(_FirstReadWrong(), text)("Dana Whitlock", first, None) == ["ORG"]
    alone = "SPRINGFIELD - Dana Whitlock opened the depot. Others spoke."
    assert _FirstLabels(_FirstReadWrong(), alone)("Dana Whitlock", first, "person") == ["ORG"]


def _registry_with_a_person() -> Any:
    from kg.model import Entity
    from kg.registry import Registry, RegistryEntry

    person = Entity("dana-whitlock", "Dana Whitlock", "person", registry=True)
    return Registry([RegistryEntry(person, ("Whitlock",), ())])


# A person's name from the registry, or the short form of a name the article gave, inside a
# longer run of name words names someone or something else: (body, the words of the longer
# name, whether the registry's person is meant there)
LONGER_NAMES = [
    pytest.param("Whitlock spoke first. Later her brother Ines Whitlock spoke too.",
                 "Ines Whitlock", False, id="another-given-name-before-the-surname"),
    pytest.param("The port reopened. Ines Whitlock, her brother, was not told.", "Ines Whitlock",
                 False, id="a-given-name-starting-the-sentence-as-the-recognizer-reads-it"),
    pytest.param("The guests waited in the lobby of Whitlock Tower for an hour.",
                 "Whitlock Tower", False, id="a-building-named-after-someone"),
    pytest.param("At the ceremony Dana Whitlock Jr. thanked his father.",
                 "Dana Whitlock Jr", False, id="a-son-of-the-same-name"),
    pytest.param("Governor Whitlock said the port would reopen.", "Whitlock", True,
                 id="a-title-before-the-surname"),
    pytest.param("The report reached Whitlock on Monday.", "Whitlock", True,
                 id="a-stop-word-after-the-surname"),
    pytest.param("The harbour closed in Ohio. Whitlock said it would reopen.", "Whitlock", True,
                 id="a-word-ending-the-sentence-before"),
    pytest.param("Despite the storm, the harbour opened. Despite Whitlock the vote was held.",
                 "Whitlock", True, id="a-common-word-starting-the-sentence"),
]


@pytest.mark.parametrize(("body", "words", "meant"), LONGER_NAMES)
def test_a_registry_name_inside_a_longer_name(body: str, words: str, meant: bool) -> None:
    x = article(body, None, registry=_registry_with_a_person())
    text = x.article.text
    at = text.rindex(words)
    there = {m.entity for m in x.mentions if m.span.begin <= at + len(words) - 1
             and at <= m.span.end - 1}
    assert ("dana-whitlock" in there) == meant, there


def test_a_registry_outlet_inside_a_longer_name_is_not_that_outlet() -> None:
    x = article("The study appeared in the Journal of Rural Nursing on Monday.")
    assert "wall-street-journal" not in {e.key for e in x.entities}
    assert "journal-of-rural-nursing" in {e.key for e in x.entities}


def test_an_organizations_first_word_after_in_is_the_place() -> None:
    x = article("Dr. Tamsin Okafor of Westbrook University led the study. A nurse in Westbrook "
                "said shifts were long.")
    text = x.article.text
    at = text.rindex("Westbrook")
    assert not [m for m in x.mentions if m.span.begin == at]


@pytest.mark.parametrize(("body", "claimed"), [
    ("Asked about that meeting, the mayor smiled.", "that meeting"),
    ("Solberg said that the ferry was late.", "the ferry was late"),
])
def test_a_claims_text_drops_a_complementizer_not_a_determiner(body: str, claimed: str) -> None:
    x = article(body)
    assert [c.span.text(x.article.text) for c in x.claims][:1] == [claimed]


# A person's role in an organization said beside the name (kg/extract/roles.py): (person, org,
# role as written); the rows with none are phrases that say no role
ROLES = [
    ("Dana Pell, chief executive of Halvorsen Foods, said the merger would close by June.",
     {("dana-pell", "halvorsen-foods", "chief executive")}),
    ("Halvorsen Foods' chief executive, Dana Pell, said the merger would close by June.",
     {("dana-pell", "halvorsen-foods", "chief executive")}),
    ('"We are ready," said Brightmarket Stores CEO Oren Vasko.',
     {("oren-vasko", "brightmarket-stores", "CEO")}),
    ("Lina Okafor, a retail analyst at Corvane Partners, said prices would rise.",
     {("lina-okafor", "corvane-partners", "retail analyst")}),
    ("Marguerite Obi, a spokeswoman for the Kelderton Water Authority, declined to comment.",
     {("marguerite-obi", "kelderton-water-authority", "spokeswoman")}),
    ("Marcus Tiller, a nutrition scientist at the Ostravel Institute who was not involved, "
     "disagreed.", {("marcus-tiller", "ostravel-institute", "nutrition scientist")}),
    ("Tomas Reyes, a voter from Kelderton, said he had not decided.", set()),
    ("Ana Ruiz, a longtime fan of Calder United, cheered from the stands.", set()),
    ("Priya Natesan, an owner of Halvorsen Foods stock, said nothing.", set()),
]


@pytest.mark.parametrize(("body", "roles"), ROLES)
def test_a_role_beside_a_name(body: str, roles: set[tuple[str, str, str]]) -> None:
    x = article(body)
    assert {(r.person, r.org, r.name) for r in x.roles} == roles
    for r in x.roles:
        words = r.span.text(x.article.text)
        assert r.name in words and x.article.text[r.span.begin:r.span.end] == words


def test_a_role_said_twice_is_one_fact() -> None:
    x = article("Dana Pell, chief executive of Halvorsen Foods, spoke first. Later Dana Pell, "
                "chief executive of Halvorsen Foods, spoke again.")
    assert [(r.person, r.org) for r in x.roles] == [("dana-pell", "halvorsen-foods")]


def test_its_said_is_a_passive_not_a_perfect() -> None:
    """'It's said that ...' is "it is said": no one's word, never a statement of "It"."""
    x = article("It's said that the reservoir is low.")
    assert all(h.source_span is None or h.source_span.text(x.article.text) != "It"
               for c in x.claims for h in c.hops)


def test_a_title_and_a_surname_name_a_person() -> None:
    """'Mayor Kessler' with no first name anywhere: a person named with the title (so that
    another article's 'Dr. Kessler' is not the same one), the surname alone later the same
    person, and a pronoun after it hers (it went to the last person named in full)."""
    x = article("Councilwoman Ruth Okonkwo backed the plan. Mayor Kessler has not taken a "
                "position. Asked about the fares, she said every option was open. Kessler "
                "added that a vote could come in May.")
    people = {e.key: e.name for e in x.entities if e.kind == "person"}
    assert people.get("mayor-kessler") == "Mayor Kessler", people
    said_by = {" ".join(d["texts"]): d["hops"][0]["entity"] for d in described(x)}
    assert said_by["every option was open"] == "mayor-kessler", said_by
    assert said_by["that a vote could come in May"] == "mayor-kessler", said_by


@pytest.mark.parametrize(("body", "name"), [
    ("Mr. Tanaka said the shop would close.", "Mr. Tanaka"),  # an honorific names no one
    ("The Attorney General said the case was closed.", "Attorney General"),
    ("The talks were led by President Nadim al-Haddad on Monday.", "President Nadim"),
    ("The plan was backed by Lt. Gen. Ada Roe on Monday.", "Lt. Gen"),
    ("Voter Harbor, a database, was updated.", "Voter Harbor"),
])
def test_a_title_before_no_surname_alone(body: str, name: str) -> None:
    x = article(body)
    assert name not in {e.name for e in x.entities}, [e.name for e in x.entities]


def test_a_titled_person_of_a_place_is_the_person_not_a_place() -> None:
    """'Mayor Ana Ruiz of Kelderton': a person, of a place the recognizer reads as one (the
    whole run was taken for a place named 'Ana Ruiz of Kelderton')."""
    x = article("Mayor Ana Ruiz of Kelderton spoke on Monday.")
    kinds = {e.name: e.kind for e in x.entities}
    assert kinds.get("Ana Ruiz") == "person", kinds
    assert not any(" of " in name for name in kinds), kinds


def test_an_elementary_school_is_an_organization() -> None:
    x = article("Parents at Maple Street Elementary said they learned of the plan online.")
    assert {e.name: e.kind for e in x.entities}.get("Maple Street Elementary") == "organization"


def test_an_organization_named_with_of_stays_whole() -> None:
    x = article("The Northern Institutes of Tidal Research said the sea was rising.")
    assert "Northern Institutes of Tidal Research" in {e.name for e in x.entities}
