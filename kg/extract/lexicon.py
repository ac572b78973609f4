"""The extractor's word lists (``kg/data/lexicon.toml``), loaded once, as compiled patterns."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path

PATH = Path(__file__).resolve().parent.parent / "data" / "lexicon.toml"


def alternation(words: Iterable[str]) -> str:
    return _alternation(frozenset(words))


@lru_cache(maxsize=1024)  # bounded: each article brings its own sets of names
def _alternation(words: frozenset[str]) -> str:
    longest_first = sorted(words, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"[\s\u00a0]+") for w in longest_first)


@dataclass(frozen=True)
class Lexicon:
    titles: tuple[str, ...]
    role_nouns: dict[str, tuple[str, ...]]
    speech_verbs: frozenset[str]
    auxiliaries: frozenset[str]
    anonymous_nouns: frozenset[str]
    described_person_nouns: frozenset[str]
    plural_anonymous: frozenset[str]
    spokesperson_nouns: frozenset[str]
    document_nouns: frozenset[str]
    social_nouns: frozenset[str]
    social_verbs: frozenset[str]
    written_nouns: frozenset[str]
    written_verbs: frozenset[str]
    org_descriptions: tuple[str, ...]
    outlet_descriptions: tuple[str, ...]
    number_words: dict[str, int]
    stop_words: frozenset[str]
    org_keywords: frozenset[str]
    outlet_keywords: frozenset[str]
    place_keywords: frozenset[str]
    place_first_words: frozenset[str]
    name_joiners: frozenset[str]
    name_particles: frozenset[str]
    name_adjectives: frozenset[str]
    surname_months: frozenset[str]
    title_modifiers: frozenset[str]
    law_keywords: frozenset[str]
    name_suffixes: frozenset[str]
    he_titles: frozenset[str]
    she_titles: frozenset[str]
    name_adjective_endings: tuple[str, ...]
    legal_suffixes: frozenset[str] = frozenset()
    org_kind_nouns: dict[str, frozenset[str]] = field(default_factory=dict)
    kinds_in_name: frozenset[str] = frozenset()
    business_nouns: frozenset[str] = frozenset()
    financial_nouns: frozenset[str] = frozenset()
    org_last_words: frozenset[str] = frozenset()
    dateline_words: frozenset[str] = frozenset()
    not_single_names: frozenset[str] = frozenset()
    outlet_nouns: frozenset[str] = frozenset()
    demonym_endings: tuple[str, ...] = ()
    abstract_endings: tuple[str, ...] = ()
    job_nouns: frozenset[str] = frozenset()
    surname_titles: frozenset[str] = frozenset()
    place_of_nouns: frozenset[str] = frozenset()
    he_first_names: frozenset[str] = frozenset()
    she_first_names: frozenset[str] = frozenset()
    he_nouns: frozenset[str] = frozenset()
    she_nouns: frozenset[str] = frozenset()
    month_names: frozenset[str] = frozenset()
    weekday_names: frozenset[str] = frozenset()

    @cached_property
    def given_names(self) -> frozenset[str]:
        """The given names mostly given to one gender (``he_first_names``, ``she_first_names``)."""
        return self.he_first_names | self.she_first_names

    @cached_property
    def people_nouns(self) -> frozenset[str]:
        """Nouns for people who speak, in lower case, singular and plural: the roles, jobs,
        spokespeople, anonymous and described people (not 'office', 'campaign')."""
        nouns = {*self.org_role_nouns, *self.anonymous_nouns, *self.described_person_nouns,
                 *self.plural_anonymous, *self.spokesperson_nouns}
        return frozenset(w.lower() for w in nouns) - {"office", "campaign"}

    @cached_property
    def gender_nouns_re(self) -> tuple[re.Pattern[str], re.Pattern[str]]:
        """A noun for a man or a woman (``he_nouns``, ``she_nouns``) just before a name ('his
        daughter, ', 'the actress ') and just after one (', her sister'): group ``he`` or
        ``she`` says which."""
        he, she = alternation(self.he_nouns), alternation(self.she_nouns)
        noun = rf"(?:(?P<he>{he})|(?P<she>{she}))"
        owner = r"(?:(?:his|her|their|its|the|a|an|[A-Z][\w.-]*['\u2019]s?)[\s\u00a0]+)"
        words = r"(?:[\w-]+[\s\u00a0]+){0,2}?"
        return (re.compile(rf"\b{owner}{words}{noun},?[\s\u00a0]+\Z"),
                re.compile(rf",[\s\u00a0]+{owner}{words}{noun}\b"))

    @property
    def verb_re(self) -> str:
        return alternation(self.speech_verbs)

    @cached_property
    def title_re(self) -> re.Pattern[str]:
        return re.compile(r"(?:^|(?<=[\s(]))(?:" + alternation(set(self.titles)) + r")[\s\u00a0]+$")

    @cached_property
    def org_description_nouns(self) -> frozenset[str]:
        """The nouns of the descriptions of organizations ('company' of 'the company')."""
        return frozenset(d.split()[-1] for d in self.org_descriptions)

    @cached_property
    def employer_re(self) -> re.Pattern[str]:
        """An organization given by a description of its kind: 'a spokeswoman for the
        company', 'an engineer at the utility' (group ``at``), 'a company spokeswoman'
        (``own``)."""
        nouns = alternation(self.org_description_nouns | set(self.org_kind_nouns))
        persons = alternation(self.spokesperson_nouns | self.anonymous_nouns)
        return re.compile(rf"\b(?:(?:for|of|at|from|with) the (?P<at>{nouns})\b"
                          rf"|(?P<own>{nouns}) (?:{persons})\b)")

    @cached_property
    def org_role_nouns(self) -> frozenset[str]:
        """Nouns for what one person is in an organization (kg.extract.roles): ``job_nouns``,
        the titles of office (``role_nouns``, their keys and written forms) and nouns for a
        spokesperson, none in the plural."""
        titles = {t for ts in self.role_nouns.values() for t in ts if not t.endswith(".")}
        plural = self.plural_anonymous | {"spokespeople", "office"}
        return frozenset({*self.job_nouns, *self.role_nouns, *titles,
                          *self.spokesperson_nouns} - plural)

    @cached_property
    def office_plurals(self) -> frozenset[str]:
        """The titles of offices (``role_nouns``: 'Senator', 'Councillor') in the plural:
        'Senators Ana Ruiz and Bo Lind' names two people. Not every title: 'Farmers Against
        Dams' is a name."""
        def plural(w: str) -> str:
            return w[:-3] + "men" if w.endswith("man") else (
                w[:-1] + "ies" if w.endswith("y") else w + "s")

        return frozenset(plural(t) for ts in self.role_nouns.values() for t in ts
                         if " " not in t and t[:1].isupper() and t[-1].isalpha())

    @cached_property
    def title_apposed_re(self) -> re.Pattern[str]:
        """A title or a noun for one person set off by a comma just before a name ('its
        president, X', 'the city's emergency manager, X'), in any case."""
        plural = self.plural_anonymous | {"spokespeople", "people", "office"}
        nouns = {*self.role_nouns, *self.anonymous_nouns, *self.described_person_nouns,
                 *self.spokesperson_nouns} - plural
        words = {t for t in self.titles if not t.endswith(".")} | nouns
        return re.compile(r"(?:^|(?<=\s))(?:" + alternation(words) + r"),[\s\u00a0]+\Z",
                          re.IGNORECASE)


    @cached_property
    def person_apposed_re(self) -> re.Pattern[str]:
        """An appositive after a name that says it is a person's: a noun for one person after
        'a', 'an' or 'the' and at most three words, then a preposition or the phrase's end ('X, a
        retail analyst at ...', 'X, the agency's deputy director,')."""
        plural = self.plural_anonymous | {"spokespeople", "people", "office"}
        nouns = {*self.role_nouns, *self.anonymous_nouns, *self.described_person_nouns,
                 *self.spokesperson_nouns, *(t for t in self.titles if not t.endswith("."))}
        return re.compile(
            r",[\s\u00a0]+(?:a|an|the)[\s\u00a0]+(?:[\w'\u2019-]+[\s\u00a0]+){0,3}?(?:"
            + alternation(nouns - plural)
            + r")(?=[,.;]|[\s\u00a0]+(?:at|for|of|with|in|from|who|and)\b)", re.IGNORECASE)


@cache
def load(path: Path = PATH) -> Lexicon:
    with path.open("rb") as f:
        d = tomllib.load(f)
    lx = d["lexicon"]

    def fs(key: str) -> frozenset[str]:
        return frozenset(lx[key])

    return Lexicon(
        titles=tuple(d["titles"]),
        role_nouns={k: tuple(v) for k, v in d["role_nouns"].items()},
        speech_verbs=fs("speech_verbs"), auxiliaries=fs("auxiliaries"),
        anonymous_nouns=fs("anonymous_nouns"), plural_anonymous=fs("plural_anonymous"),
        described_person_nouns=fs("described_person_nouns"),
        spokesperson_nouns=fs("spokesperson_nouns"), document_nouns=fs("document_nouns"),
        social_nouns=fs("social_nouns"), social_verbs=fs("social_verbs"),
        written_nouns=fs("written_nouns"), written_verbs=fs("written_verbs"),
        org_descriptions=tuple(lx["org_descriptions"]),
        outlet_descriptions=tuple(lx["outlet_descriptions"]),
        number_words=dict(lx["number_words"]), stop_words=fs("stop_words"),
        org_keywords=fs("org_keywords"), outlet_keywords=fs("outlet_keywords"),
        place_keywords=fs("place_keywords"), place_first_words=fs("place_first_words"),
        name_joiners=fs("name_joiners"),
        name_particles=fs("name_particles"), name_adjectives=fs("name_adjectives"),
        surname_months=fs("surname_months"), title_modifiers=fs("title_modifiers"),
        law_keywords=fs("law_keywords"), name_suffixes=fs("name_suffixes"),
        he_titles=fs("he_titles"), she_titles=fs("she_titles"),
        name_adjective_endings=tuple(lx["name_adjective_endings"]),
        legal_suffixes=frozenset(lx.get("legal_suffixes", ())),
        org_kind_nouns={k: frozenset(v) for k, v in d.get("org_kind_nouns", {}).items()},
        kinds_in_name=frozenset(lx.get("kinds_in_name", ())),
        business_nouns=frozenset(lx.get("business_nouns", ())),
        financial_nouns=frozenset(lx.get("financial_nouns", ())),
        org_last_words=frozenset(lx.get("org_last_words", ())),
        dateline_words=frozenset(lx.get("dateline_words", ())),
        not_single_names=frozenset(lx.get("not_single_names", ())),
        outlet_nouns=frozenset(lx.get("outlet_nouns", ())),
        demonym_endings=tuple(lx.get("demonym_endings", ())),
        abstract_endings=tuple(lx.get("abstract_endings", ())),
        job_nouns=frozenset(lx.get("job_nouns", ())),
        surname_titles=frozenset(d.get("surname_titles", ())),
        place_of_nouns=frozenset(lx.get("place_of_nouns", ())),
        he_first_names=frozenset(lx.get("he_first_names", ())),
        she_first_names=frozenset(lx.get("she_first_names", ())),
        he_nouns=frozenset(lx.get("he_nouns", ())),
        she_nouns=frozenset(lx.get("she_nouns", ())),
        month_names=frozenset(lx.get("month_names", ())),
        weekday_names=frozenset(lx.get("weekday_names", ())),
    )


@cache
def cue_lemmas(path: Path = PATH) -> frozenset[str]:
    """Every word the lexicon lists as a cue of any kind (``[cues]`` and the speech verbs): a
    sentence without a form of one of them holds no attribution on a word. Not the light verbs
    ("has doubts", "made the claim"), which attribute only with one of the listed nouns as their
    object, in the same sentence: that noun is the word to look for; nor the verbs whose object
    speaks in their infinitive ("prompted her to say"), whose cue is that infinitive; nor the
    labels that name no speaker ("Update: ...")."""
    with path.open("rb") as f:
        d = tomllib.load(f)
    words = {
        w.split()[0] if k == "prep_object" else w  # ("verb preposition": the verb)
        for k, v in d["cues"].items()
        if isinstance(v, list)
        and k not in {"light_verbs", "object_control", "quoted_as", "not_labels"}
        for w in v
    }
    return frozenset(w.lower() for w in words | set(d["lexicon"]["speech_verbs"]))
