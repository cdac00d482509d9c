"""`propose`'s reading, without the command line: every phrase of the grammar and every refusal,
in Dutch and in English, on short letters of our own; the source letter against the bundled
registry and against one that records none of its dates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oostflank import api
from oostflank.proposals import Paper, propose

REGISTRY = """format = 1
[[source]]
id = "kst-1-1"
[[deployment]]
id = "mq9"
name = "MQ-9 deployment"
aliases = ["MQ-9", "Reaper"]
start = "2024-03"
end = "2026-09"
decisions = [{ date = 2026-02-10, end = "2026-09", source = "kst-1-1" }]
sources = ["kst-1-1"]
[[deployment]]
id = "amdtf"
name = "Air defence in Poland"
aliases = ["AMDTF"]
start = "2025-12"
end = "2026-06"
end_at_least = true
[[deployment]]
id = "sentry"
name = "Baltic Sentry"
"""
PAPER_DAY = dt.date(2026, 3, 2)


def read(text: str, day: dt.date | None = PAPER_DAY, source: str | None = "kst-2-2"):
    registry = api.loads(REGISTRY)
    return propose(Paper(text, source, day), registry)


def one(text: str, day: dt.date | None = PAPER_DAY):
    found = read(text, day)
    assert len(found) == 1, found
    return found[0]


def said(proposal) -> tuple:
    date = proposal.date.iso() if proposal.date is not None else None
    return (proposal.deployment, proposal.change, date, proposal.at_least, proposal.status)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # ends, Dutch
        (
            "De inzet van de MQ-9 loopt tot en met 31 december 2026.",
            ("mq9", "extend", "2026-12-31"),
        ),
        ("De inzet van de MQ-9 wordt verlengd t/m juni 2027.", ("mq9", "extend", "2027-06")),
        ("De MQ-9 blijft tot en met eind 2027 in Roemenië.", ("mq9", "extend", "2027")),
        ("De MQ-9 blijft tot eind september 2027 in Roemenië.", ("mq9", "extend", "2027-09")),
        ("De inzet van de MQ-9 duurt tot het einde van 2027.", ("mq9", "extend", "2027")),
        ("De MQ-9 blijft uiterlijk 30 juni 2027 in Roemenië.", ("mq9", "extend", "2027-06-30")),
        (
            "De inzet van de MQ-9 loopt tot en met het vierde kwartaal van 2027.",
            ("mq9", "extend", "2027-Q4"),
        ),
        ("De inzet van de MQ-9 wordt verlengd tot en met Q1 2027.", ("mq9", "extend", "2027-Q1")),
        ("De inzet van de MQ-9 eindigde op 1 februari 2026.", ("mq9", "end", "2026-02-01")),
        # ends, English
        (
            "The MQ-9 deployment is extended through 31 December 2026.",
            ("mq9", "extend", "2026-12-31"),
        ),
        ("The MQ-9 mandate runs until the end of September 2027.", ("mq9", "extend", "2027-09")),
        ("The MQ-9 deployment runs through December 31, 2026.", ("mq9", "extend", "2026-12-31")),
        ("The MQ-9 deployment ended on 1 February 2026.", ("mq9", "end", "2026-02-01")),
        ("The MQ-9 stays no later than 30 June 2027.", ("mq9", "extend", "2027-06-30")),
        # an end before the paper's date is the deployment's end, not an extension
        ("De MQ-9 bleef tot en met januari 2026 in Roemenië.", ("mq9", "end", "2026-01")),
    ],
)
def test_end_phrases(sentence, expected):
    proposal = one(sentence)
    assert said(proposal)[:3] == expected
    assert proposal.at_least is False
    assert proposal.status == "proposed"


@pytest.mark.parametrize(
    ("sentence", "date"),
    [
        ("De inzet van de AMDTF loopt in ieder geval tot en met december 2026.", "2026-12"),
        ("De AMDTF blijft ten minste tot en met september 2026.", "2026-09"),
        ("De AMDTF blijft minimaal tot eind 2026 in Polen.", "2026"),
        ("The AMDTF mandate runs at least through December 2026.", "2026-12"),
        ("The AMDTF stays at least until the end of 2026.", "2026"),
    ],
)
def test_minimum_end_phrases(sentence, date):
    assert said(one(sentence)) == ("amdtf", "minimum-end", date, True, "proposed")


@pytest.mark.parametrize(
    ("sentence", "start", "end", "change"),
    [
        (
            "De MQ-9 wordt van september tot en met december 2026 ingezet.",
            "2026-09",
            "2026-12",
            "extend",
        ),
        (
            "De MQ-9 is in de periode 1 september tot en met 1 december 2025 ingezet.",
            "2025-09-01",
            "2025-12-01",
            "end",
        ),
        ("De MQ-9 is van november tot en met maart 2027 ingezet.", "2026-11", "2027-03", "extend"),
        (
            "The MQ-9 is deployed from September through December 2026.",
            "2026-09",
            "2026-12",
            "extend",
        ),
        (
            "The MQ-9 was deployed from 1 September to 1 December 2025.",
            "2025-09-01",
            "2025-12-01",
            "end",
        ),
    ],
)
def test_a_span_is_a_start_and_an_end(sentence, start, end, change):
    first, second = read(sentence)
    assert said(first)[:3] == ("mq9", "start", start)
    assert said(second)[:3] == ("mq9", change, end)
    assert first.evidence == second.evidence == sentence


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Vanaf december 2025 levert Nederland de AMDTF.",
            ("amdtf", "start", "2025-12", False, "already-recorded"),
        ),
        (
            "Nederland zet sinds maart 2024 de MQ-9 in.",
            ("mq9", "start", "2024-03", False, "already-recorded"),
        ),
        (
            "Nederland zet sinds 4 maart 2024 de MQ-9 in.",
            ("mq9", "start", "2024-03-04", False, "proposed"),
        ),
        (
            "Since March 2024 the Netherlands has deployed the MQ-9.",
            ("mq9", "start", "2024-03", False, "already-recorded"),
        ),
        (
            "Nederland neemt sinds januari 2025 deel aan Baltic Sentry.",
            ("sentry", "start", "2025-01", False, "proposed"),
        ),
    ],
)
def test_start_phrases(sentence, expected):
    assert said(one(sentence)) == expected


def test_a_start_that_moves_the_recorded_one_says_so_and_needs_correct():
    proposal = one("Nederland zet sinds mei 2023 de MQ-9 in.")
    assert said(proposal) == ("mq9", "start", "2023-05", False, "proposed")
    assert proposal.correct
    assert [n.key for n in proposal.notes] == ["propose.other_start"]


@pytest.mark.parametrize(
    "sentence",
    [
        # another actor: SACEUR's mandate is not the Dutch deployment's start
        "Sinds februari 2022 heeft SACEUR het mandaat om MQ-9-eenheden in te zetten.",
        "Sinds februari 2022 heeft SACEUR het mandaat over de MQ-9.",
        # a subordinate clause: when something else began
        "De MQ-9 is geïntegreerd in de ISR-structuur, waar de Nederlandse MQ-9 sinds 1 januari 2025 deel van uitmaakt.",
        "NATO has had ISR over the region, which the Dutch MQ-9 joined since January 2025.",
    ],
)
def test_a_start_belongs_to_the_dutch_part_in_the_main_clause(sentence):
    assert read(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "due"),
    [
        ("Uw Kamer wordt uiterlijk in Q2 2026 geïnformeerd over de MQ-9.", "2026-Q2"),
        ("Het kabinet informeert uw Kamer uiterlijk 1 juli 2026 over de MQ-9.", "2026-07-01"),
        ("Het kabinet besluit voor de zomer van 2026 over de MQ-9.", "2026-Q2"),
        ("Parliament will be informed by Q3 2026 about the MQ-9.", "2026-Q3"),
        ("The government will decide on the MQ-9 before the summer of 2026.", "2026-Q2"),
    ],
)
def test_a_promised_decision_is_a_milestone(sentence, due):
    assert said(one(sentence)) == ("mq9", "milestone", due, False, "proposed")


def test_before_the_summer_takes_the_papers_year_and_says_so():
    proposal = one("Het kabinet informeert uw Kamer voor de zomer over de MQ-9.")
    assert said(proposal) == ("mq9", "milestone", "2026-Q2", False, "proposed")
    assert [n.key for n in proposal.notes] == ["propose.from_paper_date"]
    assert said(one("Het kabinet informeert uw Kamer voor de zomer over de MQ-9.", day=None)) == (
        "mq9",
        "milestone",
        None,
        False,
        "needs-date",
    )


@pytest.mark.parametrize(
    ("sentence", "day", "expected"),
    [
        ("De inzet van de MQ-9 loopt tot en met eind dit jaar.", PAPER_DAY, "2026"),
        ("De inzet van de MQ-9 loopt tot en met eind volgend jaar.", PAPER_DAY, "2027"),
        ("The MQ-9 deployment runs through the end of next year.", PAPER_DAY, "2027"),
        ("De inzet van de MQ-9 loopt tot en met eind dit jaar.", None, None),
        ("De MQ-9 blijft tot en met eind maart.", PAPER_DAY, "2026-03"),
        ("De MQ-9 blijft tot en met eind februari.", PAPER_DAY, "2027-02"),
    ],
)
def test_relative_phrases_need_the_papers_date(sentence, day, expected):
    proposal = one(sentence, day)
    if expected is None:
        assert proposal.status == "needs-date" and proposal.date is None
        assert [n.key for n in proposal.notes] == ["propose.needs_anchor"]
    else:
        assert said(proposal)[2] == expected
        assert "propose.from_paper_date" in [n.key for n in proposal.notes]


@pytest.mark.parametrize(
    ("sentence", "deployment", "expected"),
    [
        ("De inzet van de MQ-9 wordt met een half jaar verlengd.", "mq9", "2027-03"),
        ("De inzet van de MQ-9 wordt met drie maanden verlengd.", "mq9", "2026-12"),
        ("The MQ-9 deployment is extended by six months.", "mq9", "2027-03"),
        ("The MQ-9 deployment is extended by a year.", "mq9", "2027-09"),
    ],
)
def test_an_extension_by_a_period_counts_from_the_recorded_end(sentence, deployment, expected):
    proposal = one(sentence)
    assert said(proposal)[:3] == (deployment, "extend", expected)
    assert [n.key for n in proposal.notes] == ["propose.from_recorded_end"]


def test_an_extension_by_a_period_without_a_recorded_end_needs_a_date():
    proposal = one("De inzet aan Baltic Sentry wordt met een half jaar verlengd.")
    assert said(proposal) == ("sentry", "extend", None, False, "needs-date")
    assert proposal.readings == ()


@pytest.mark.parametrize(
    ("sentence", "readings"),
    [
        ("De MQ-9 blijft tot 1 juni 2027 in Roemenië.", ["2027-05-31", "2027-06-01"]),
        ("De MQ-9 blijft tot juni 2027 in Roemenië.", ["2027-05", "2027-06"]),
        ("The MQ-9 stays until 1 June 2027.", ["2027-05-31", "2027-06-01"]),
        ("De MQ-9 is van maart tot juni 2027 ingezet.", ["2027-05", "2027-06"]),
        ("De MQ-9 blijft tot maart 2027 in Roemenië.", ["2027-02", "2027-03"]),
        ("De MQ-9 blijft tot 1 januari 2027 in Roemenië.", ["2026-12-31", "2027-01-01"]),
        ("De MQ-9 blijft tot Q1 2027 in Roemenië.", ["2026-Q4", "2027-Q1"]),
        ("De MQ-9 blijft tot 2027 in Roemenië.", ["2026", "2027"]),
    ],
)
def test_tot_without_en_met_is_ambiguous_with_both_readings(sentence, readings):
    proposals = read(sentence)
    proposal = proposals[-1]
    assert proposal.status == "ambiguous"
    assert proposal.date is None
    assert [r.iso() for r in proposal.readings] == readings


@pytest.mark.parametrize(
    "sentence",
    [
        "De inzet van de MQ-9 zou eind maart 2026 aflopen.",
        "De inzet van de MQ-9 was gepland tot en met maart 2026.",
        "De MQ-9 had een mandaat tot en met maart 2026.",
        "De MQ-9 zou oorspronkelijk tot en met maart 2026 blijven.",
        "The MQ-9 deployment would have ended through March 2026.",
        "The MQ-9 deployment was planned through March 2026.",
        "The MQ-9 deployment had been extended through March 2026.",
    ],
)
def test_a_superseded_plan_is_history_not_a_proposal(sentence):
    assert read(sentence) == []


def test_only_the_superseded_clause_is_left_out():
    sentence = "De inzet van de MQ-9, die tot en met maart 2026 zou lopen, wordt verlengd tot en met september 2027."
    assert [said(p)[:3] for p in read(sentence)] == [("mq9", "extend", "2027-09")]


@pytest.mark.parametrize(
    "text",
    [
        "De MQ-9 en de AMDTF blijven tot en met juni 2027.",
        "The MQ-9 and the AMDTF run through June 2027.",
        "De MQ-9 en de AMDTF zijn ingezet. Deze inzet loopt tot en met juni 2027.",
        "MQ-9 en AMDTF\nHet mandaat loopt tot en met juni 2027.",
    ],
)
def test_two_deployments_leave_it_unresolved(text):
    proposal = one(text)
    assert (proposal.deployment, proposal.status, proposal.date) == (None, "unresolved", None)
    assert "propose.two_deployments" in [n.key for n in proposal.notes]


@pytest.mark.parametrize(
    "sentence",
    [
        "De MQ-9 loopt tot en met juni 2027 en daarna tot en met december 2027.",
        "The MQ-9 runs through June 2027, or through December 2027.",
    ],
)
def test_two_end_dates_leave_it_unresolved(sentence):
    proposal = one(sentence)
    assert (proposal.deployment, proposal.status, proposal.date) == ("mq9", "unresolved", None)
    assert proposal.evidence == sentence
    assert [n.key for n in proposal.notes] == ["propose.two_ends"]


@pytest.mark.parametrize(
    ("text", "via"),
    [
        (
            "De MQ-9 vliegt vanuit Roemenië. Deze inzet loopt tot en met juni 2027.",
            "propose.via_sentence",
        ),
        ("Inzet MQ-9\nHet mandaat loopt tot en met juni 2027.", "propose.via_heading"),
        ("MQ-9 deployment\n\nThe mandate runs through June 2027.", "propose.via_heading"),
        (
            "De MQ-9 vliegt vanuit Roemenië. Het kabinet heeft besloten.[footnoteRef:1] [1:  Deze inzet loopt tot en met juni 2027.]",
            "propose.via_footnote",
        ),
        (
            "De MQ-9 vliegt vanuit Roemenië.[footnoteRef:3]\n\n[3: De inzet loopt tot en met juni 2027.]",
            "propose.via_footnote",
        ),
    ],
)
def test_a_pointing_word_takes_the_deployment_named_before(text, via):
    proposal = one(text)
    assert said(proposal)[:3] == ("mq9", "extend", "2027-06")
    assert [n.key for n in proposal.notes] == [via]


def test_a_sentence_that_names_nothing_and_points_nowhere_is_not_listed():
    assert (
        read("De MQ-9 vliegt vanuit Roemenië. De NAVO-oefening loopt tot en met juni 2027.") == []
    )
    assert read("Deze inzet loopt tot en met juni 2027.") == []  # no heading, nothing before


def test_a_term_glued_to_a_word_is_not_a_mention():
    assert read("Nederland levert sinds 2024 MQ-9-eenheden aan de NAVO.") == []


@pytest.mark.parametrize(
    ("sentence", "status", "notes"),
    [
        ("De inzet van de MQ-9 loopt tot en met september 2026.", "already-recorded", []),
        (
            "De inzet van de MQ-9 loopt tot en met 30 september 2026.",
            "proposed",
            ["propose.refines"],
        ),
        ("De inzet van de MQ-9 loopt tot en met eind 2026.", "proposed", []),
        ("De inzet van de MQ-9 loopt tot en met juni 2026.", "proposed", ["propose.shortens"]),
        ("De AMDTF blijft in ieder geval tot en met juni 2026.", "already-recorded", []),
        ("De AMDTF blijft tot en met juni 2026.", "proposed", ["propose.makes_firm"]),
        (
            "De AMDTF blijft in ieder geval tot en met maart 2026.",
            "proposed",
            ["propose.moves_back"],
        ),
        ("Nederland levert sinds december 2025 de AMDTF.", "already-recorded", []),
    ],
)
def test_held_against_the_registry(sentence, status, notes):
    proposal = one(sentence)
    assert proposal.status == status
    assert [n.key for n in proposal.notes] == notes
    assert proposal.shorten == bool({"propose.shortens", "propose.moves_back"} & set(notes))


def test_a_paper_that_gives_an_end_both_firmly_and_as_a_minimum_is_read_as_the_minimum():
    text = (
        "De inzet van de AMDTF loopt tot en met juni 2027.\n\n"
        "De inzet van de AMDTF loopt in ieder geval tot en met juni 2027."
    )
    first, second = read(text)
    assert said(first) == said(second) == ("amdtf", "minimum-end", "2027-06", True, "proposed")
    assert [n.key for n in first.notes] == ["propose.read_as_minimum"]


# The source letter: its statements are what the bundled registry records from it.
LETTER_SAYS = [
    ("mnbg-lithuania", "extend", "2026-12-31", False),
    ("mq9-romania", "start", "2024-03", False),
    ("mq9-romania", "extend", "2026-09", False),
    ("f35-poland", "start", "2025-09", False),
    ("f35-poland", "end", "2025-12", False),
    ("amdtf-poland", "start", "2025-12", False),
    ("amdtf-poland", "minimum-end", "2026-06", True),
    ("mnbg-lithuania", "start", "2017", False),
    ("mnbg-lithuania", "extend", "2026", False),
    ("mnbg-lithuania", "milestone", "2026-Q2", False),
    ("mq9-romania", "start", "2024-03", False),
    ("mq9-romania", "extend", "2026-09", False),
    ("f35-poland", "start", "2025-09-01", False),
    ("f35-poland", "end", "2025-12-01", False),
    ("amdtf-poland", "start", "2025-12", False),
    ("amdtf-poland", "minimum-end", "2026-06", True),
]
LETTER = Paper("", "mindef-20260027577", dt.date(2026, 5, 20))


def without_dates(registry):
    """The bundled registry's deployments with no start, end, decision or milestone."""
    bare = tuple(
        d._replace(start=None, end=None, end_at_least=False, decisions=(), milestones=())
        for d in registry.deployments
    )
    return registry._replace(deployments=bare)


def test_the_letter_is_already_recorded_in_the_bundled_registry(letter_text):
    found = propose(LETTER._replace(text=letter_text), api.load())
    assert [(*said(p)[:2], p.date.iso(), p.at_least) for p in found] == LETTER_SAYS
    assert {p.status for p in found} == {"already-recorded"}


def test_the_letter_proposes_what_the_bundled_registry_records_to_one_without_dates(letter_text):
    found = propose(LETTER._replace(text=letter_text), without_dates(api.load()))
    assert [(*said(p)[:2], p.date.iso(), p.at_least) for p in found] == LETTER_SAYS
    assert {p.status for p in found} == {"proposed"}


def test_the_letter_says_nothing_of_early_forward_presence_or_baltic_sentry(letter_text):
    found = propose(LETTER._replace(text=letter_text), without_dates(api.load()))
    assert not {p.deployment for p in found} & {"sof-efp-baltic", "baltic-sentry"}


def test_where_the_letter_points_back_it_says_how(letter_text):
    found = propose(LETTER._replace(text=letter_text), api.load())
    by_offset = {p.offset: [n.key for n in p.notes] for p in found}
    mnbg_body = letter_text.index("Het huidige mandaat van de inzet")
    assert by_offset[mnbg_body] == ["propose.via_heading"]
    footnote = letter_text.index("Met de Kamerbrief van 10 februari 2026")
    assert by_offset[footnote] == ["propose.via_footnote"]
    assert letter_text[footnote:].startswith(found[11].evidence[:40])


# Never a date from nowhere: whatever the words, a proposal's date is in its sentence or comes
# from a stated anchor (the paper's date, the recorded end), and says which.

WORDS = [
    "De",
    "MQ-9",
    "AMDTF",
    "inzet",
    "deze",
    "het",
    "mandaat",
    "loopt",
    "tot",
    "en",
    "met",
    "t/m",
    "eind",
    "einde",
    "van",
    "in",
    "ieder",
    "geval",
    "ten",
    "minste",
    "sinds",
    "vanaf",
    "Nederland",
    "uiterlijk",
    "geïnformeerd",
    "voor",
    "de",
    "zomer",
    "zou",
    "was",
    "gepland",
    "verlengd",
    "een",
    "half",
    "jaar",
    "dit",
    "volgend",
    "1",
    "15",
    "31",
    "juni",
    "september",
    "december",
    "maart",
    "Q2",
    "derde",
    "kwartaal",
    "2025",
    "2026",
    "2027",
    "through",
    "until",
    "at",
    "least",
    "since",
    "the",
    "end",
    "of",
    "by",
    "informed",
    "would",
    "extended",
    "six",
    "months",
    ",",
    ".",
    ";",
    "(",
    ")",
    "\n",
    "\n\n",
    "[footnoteRef:1]",
    "[1:",
    "]",
]
MONTH_WORDS = {
    1: ("januari", "january", "jan"),
    3: ("maart", "march", "mrt", "mar"),
    6: ("juni", "june", "jun"),
    9: ("september", "sept", "sep"),
    12: ("december", "dec"),
}
ANCHORED = {"propose.from_paper_date", "propose.from_recorded_end"}


def _stated(date, evidence: str) -> bool:
    """The date's own words are in the sentence: its year, month, day or quarter."""
    text = evidence.lower()
    words = [word.strip(".,;()[]") for word in text.split()]
    months = MONTH_WORDS.get(date.first.month, ("?",))
    month_said = date.precision.value not in ("month", "day") or any(m in text for m in months)
    day_said = date.precision.value != "day" or str(date.first.day) in words
    return str(date.first.year) in text and month_said and day_said


@settings(max_examples=600, deadline=None)
@given(
    words=st.lists(st.sampled_from(WORDS), max_size=40),
    dated=st.booleans(),
)
def test_no_proposal_carries_a_date_from_nowhere(words, dated):
    text = " ".join(words)
    for proposal in read(text, PAPER_DAY if dated else None):
        keys = {note.key for note in proposal.notes}
        if proposal.date is not None and not keys & ANCHORED and "propose.read_as" not in keys:
            assert _stated(proposal.date, proposal.evidence), proposal
        if keys & {"propose.from_paper_date"}:
            anchored = proposal.date or proposal.readings[-1]
            assert dated and anchored.first.year in (2026, 2027)
        if proposal.readings and not keys & ANCHORED:
            assert _stated(proposal.readings[-1], proposal.evidence), proposal
        assert proposal.evidence in " ".join(text.split())


# Linear, whatever the paper: the work (Python calls, regular expression calls included) for a
# hostile text twice as long is about twice as much. Counted, not timed.

HOSTILE = [
    "De MQ-9 loopt tot en met juni 2026 ",
    "Deze inzet loopt tot en met juni 2026. ",
    "[1:",
    "van 2020 tot ",
    "2026-",
    "MQ-9-",
    "zou, (tot en met 2026) ",
    "juni mei ",
    "[footnoteRef:1]",
    "1. ",
    "tot eind eind eind ",
    "in ieder geval in ieder geval tot ",
    "Inzet MQ-9\n",
    "De MQ-9 en de AMDTF. Het mandaat loopt tot 1 juni 2026. ",
]


def _calls(text: str) -> int:
    import sys

    count = 0

    def profile(frame, event, arg):
        nonlocal count
        count += 1

    registry = api.loads(REGISTRY)
    sys.setprofile(profile)
    try:
        propose(Paper(text, "kst-2-2", PAPER_DAY), registry)
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("unit", HOSTILE)
def test_reading_stays_linear_on_hostile_text(unit):
    size = 20_000
    small = _calls("Inzet MQ-9\n\n" + unit * (size // len(unit)))
    large = _calls("Inzet MQ-9\n\n" + unit * (2 * size // len(unit)))
    assert large <= 2.2 * small + 200, (small, large)


def test_a_paper_of_a_megabyte_is_read(letter_text):
    text = letter_text * (1_000_000 // len(letter_text) + 1)
    found = propose(Paper(text, "mindef-20260027577", dt.date(2026, 5, 20)), api.load())
    assert len(found) == 16 * (1_000_000 // len(letter_text) + 1)


@pytest.mark.parametrize(
    "sentence",
    [
        "De inzet van de MQ-9 loopt tot en met eind volgend jaar.",
        "De inzet van de MQ-9 loopt tot en met eind februari.",
    ],
)
def test_a_date_past_the_year_9999_needs_a_date_never_a_crash(sentence):
    proposal = one(sentence, dt.date(9999, 12, 31))
    assert (proposal.status, proposal.date) == ("needs-date", None)
    assert "propose.out_of_range" in [n.key for n in proposal.notes]


def test_an_extension_past_the_year_9999_needs_a_date():
    registry = api.loads(REGISTRY.replace('end = "2026-09"', 'end = "9999-06"', 1))
    text = "De inzet van de MQ-9 wordt met twaalf maanden verlengd."
    (proposal,) = propose(Paper(text, "kst-2-2", PAPER_DAY), registry)
    assert (proposal.status, proposal.date) == ("needs-date", None)
    assert "propose.out_of_range" in [n.key for n in proposal.notes]


def test_a_span_without_years_takes_the_papers_and_without_it_needs_a_date():
    text = "De MQ-9 is van november tot en met februari ingezet."
    start, end = read(text)
    assert (start.date.iso(), end.date.iso()) == ("2026-11", "2027-02")
    start, end = read(text, None)
    assert (start.status, end.status) == ("needs-date", "needs-date")


# No decision, whatever the dates: what a hostile review found proposed as firm extensions.
@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        (
            "Als de NAVO daarom vraagt, wordt de inzet van de MQ-9 verlengd tot en met maart 2027.",
            "Als",
        ),
        ("De inzet van de MQ-9 wordt niet verlengd tot en met maart 2027.", "niet"),
        (
            "Het kabinet overweegt de inzet van de MQ-9 te verlengen tot en met maart 2027.",
            "overweegt",
        ),
        ("Indien nodig wordt de inzet van de MQ-9 verlengd tot en met maart 2027.", "Indien"),
        ("De inzet van de MQ-9 wordt mogelijk verlengd tot en met maart 2027.", "mogelijk"),
        (
            "Het kabinet stelt voor de inzet van de MQ-9 te verlengen tot en met maart 2027.",
            "stelt",
        ),
        (
            "De inzet van de MQ-9 wordt verlengd tot en met maart 2027, mits de Kamer instemt.",
            "mits",
        ),
        ("The MQ-9 deployment is not extended through March 2027.", "not"),
        ("If NATO asks, the MQ-9 deployment is extended through March 2027.", "If"),
        ("The MQ-9 deployment may be extended through March 2027.", "may"),
    ],
)
def test_a_negation_condition_or_hedge_goes_to_a_person(sentence, word):
    proposal = one(sentence)
    assert (proposal.status, proposal.date.iso()) == ("unresolved", "2027-03")
    (note,) = [n for n in proposal.notes if n.key == "propose.doubt"]
    assert note.args["word"] == word


def test_a_promise_to_inform_about_a_possible_continuation_is_still_a_promise():
    proposal = one(
        "Uw Kamer wordt uiterlijk in Q2 2026 geïnformeerd over een mogelijk vervolg van de MQ-9."
    )
    assert (proposal.change, proposal.status) == ("milestone", "proposed")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "De inzet van de MQ-9 wordt verlengd tot en met maart 2027 of langer.",
            ("mq9", "minimum-end", "2027-03", True, "proposed"),
        ),
        (
            "De inzet van de MQ-9 wordt verlengd tot en met 2027-03-31.",
            ("mq9", "extend", "2027-03-31", False, "proposed"),
        ),
        (
            "De inzet van de MQ\u20119 wordt verlengd tot en met maart 2027.",
            ("mq9", "extend", "2027-03", False, "proposed"),
        ),
        (
            "De inzet van de MQ-9 eindigt niet later dan 30 juni 2027.",
            ("mq9", "extend", "2027-06-30", False, "proposed"),
        ),
    ],
)
def test_more_ways_to_write_an_end(sentence, expected):
    assert said(one(sentence)) == expected


@pytest.mark.parametrize("date", ["2026-13", "2027-02-30"])
def test_a_registry_style_date_that_is_no_date_says_nothing(date):
    assert read(f"De inzet van de MQ-9 wordt verlengd tot en met {date}.") == []
