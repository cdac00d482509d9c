"""Dutch for Dutch users, without breaking any script: machine output is the same in both."""

from __future__ import annotations

import string

import pytest

from oostflank.dates import parse_partial
from oostflank.i18n import CATALOGUE, LANGUAGES, human_date, language


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_message_exists_in_both_languages_with_the_same_fields(key):
    entry = CATALOGUE[key]
    assert set(entry) == set(LANGUAGES)
    assert all(entry[lang].strip() for lang in LANGUAGES)
    assert placeholders(entry["en"]) == placeholders(entry["nl"])


@pytest.mark.parametrize(
    ("text", "english", "dutch"),
    [
        ("2026-12-31", "31 Dec 2026", "31 december 2026"),
        ("2026-06", "Jun 2026", "juni 2026"),
        ("2026-Q2", "Q2 2026", "2e kwartaal 2026"),
        ("2017", "2017", "2017"),
    ],
)
def test_dates_the_dutch_way(text, english, dutch):
    value = parse_partial(text)
    assert (human_date(value, "en"), human_date(value, "nl")) == (english, dutch)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "en"),
        ({"OOSTFLANK_LANG": "nl"}, "nl"),
        ({"LANG": "nl_NL.UTF-8"}, "nl"),
        ({"LANG": "nl_BE.UTF-8", "LC_ALL": "en_GB.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "nl_NL"}, "nl"),
        ({"LANG": "nl_NL.UTF-8", "OOSTFLANK_LANG": "en"}, "en"),
        ({"OOSTFLANK_LANG": "fr", "LANG": "nl_NL"}, "nl"),
    ],
)
def test_language_from_the_environment(monkeypatch, env, expected):
    for variable in ("OOSTFLANK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in env.items():
        monkeypatch.setenv(variable, value)
    assert language(None) == expected
    assert language("en") == "en"


def test_status_in_dutch(cli, golden):
    run = cli("status", "--lang", "nl", "--as-of", "2026-07-01")
    assert run.exit_code == 0
    out = run.stdout
    for text in (
        "Naam",
        "Tot en met",
        "t/m 31 december 2026",
        "in ieder geval t/m juni 2026",
        "onbevestigd",
        "beëindigd",
        "actief",
        "Militaire bijdrage aan de Multinational Battlegroup vanuit Litouwen",
        "Peildatum 1 juli 2026",
    ):
        assert text in out, text
    golden("status-nl.table", out)


def test_planned_in_dutch_and_quarter(cli):
    out = cli("status", "--lang", "nl", "--as-of", "2025-10-15").stdout
    assert "gepland" in out
    show = cli("show", "mnbg-lithuania", "--lang", "nl", "--as-of", "2026-05-20").stdout
    assert "2e kwartaal 2026" in show and "Mijlpalen" in show and "Naam (EN)" in show


def test_locale_picks_dutch(cli):
    out = cli("status", "--as-of", "2026-05-20", env={"LANG": "nl_NL.UTF-8"}).stdout
    assert "Tot en met" in out
    forced = cli(
        "status", "--as-of", "2026-05-20", "--lang", "en", env={"LANG": "nl_NL.UTF-8"}
    ).stdout
    assert "Until" in forced


@pytest.mark.parametrize(
    "args",
    [
        ("status", "-f", "json"),
        ("status", "-f", "csv"),
        ("expiring", "--by", "2026", "-f", "json"),
        ("expiring", "--by", "2026", "-f", "csv"),
        ("show", "mnbg-lithuania", "-f", "json"),
        ("budget", "-f", "json"),
        ("budget", "-f", "csv"),
        ("check", "-f", "json"),
    ],
)
def test_machine_output_is_byte_identical(cli, args):
    english = cli(*args, "--as-of", "2026-07-01", "--lang", "en")
    dutch = cli(*args, "--as-of", "2026-07-01", "--lang", "nl")
    assert english.exit_code == dutch.exit_code == 0
    assert english.stdout == dutch.stdout


def test_check_keeps_its_prefix_and_translates_the_message(cli, write_registry):
    path = write_registry(
        'format = 1\n[[deployment]]\nid = "a"\nname = "x"\nstart = "2026-05"\nend = "2026-04"\n'
    )
    english = cli("check", "--registry", str(path), "--lang", "en").stdout
    dutch = cli("check", "--registry", str(path), "--lang", "nl").stdout
    assert english == f"{path}:6: error: deployment#1.end: end 2026-04 is before start 2026-05\n"
    assert dutch == f"{path}:6: error: deployment#1.end: einde 2026-04 ligt vóór begin 2026-05\n"


def test_errors_in_dutch(cli):
    run = cli("show", "amdtf", "--lang", "nl")
    assert run.exit_code == 2
    assert "geen inzet 'amdtf'; bedoelt u 'amdtf-poland'?" in run.stderr
    date = cli("status", "--as-of", "overmorgen", "--lang", "nl")
    assert date.exit_code == 2 and "is niet als datum te lezen" in date.stderr
    assert "toegestaan: 2026-07-01" in date.stderr
    short_year = cli("status", "--as-of", "1-7-26", "--lang", "nl")
    assert short_year.exit_code == 2 and "schrijf het jaar in vier cijfers" in short_year.stderr


def test_budget_uses_decimal_commas_in_dutch_tables(cli):
    out = cli("budget", "--lang", "nl").stdout
    assert "38,5" in out and "totaal" in out and "EUR miljoen" in out
