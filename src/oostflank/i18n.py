"""Every message and label in English and Dutch, in one place.

The core speaks in `Msg` values (a key and its arguments) and the edge turns them into text in
the user's language. Machine output (JSON, CSV, status values, ISO dates, the `FILE:LINE:
error:` prefix of `check`) never changes with the language.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from oostflank.dates import PartialDate

LANGUAGES = ("en", "nl")
ENV_VAR = "OOSTFLANK_LANG"


class Msg(NamedTuple):
    """A message not yet put into words: formatted per language at the edge."""

    key: str
    args: dict[str, Any]

    def text(self, lang: str = "en") -> str:
        template = CATALOGUE[self.key][lang]
        return template.format(**{name: localise(value, lang) for name, value in self.args.items()})

    def __str__(self) -> str:
        return self.text("en")


def msg(key: str, /, **args: Any) -> Msg:
    assert key in CATALOGUE, key
    return Msg(key, args)


def localise(value: object, lang: str) -> object:
    """A Msg or a date in the language; anything else unchanged (its format spec applies)."""
    if isinstance(value, Msg):
        return value.text(lang)
    if isinstance(value, PurePath):
        from oostflank.safetext import shown_path

        return shown_path(value)
    from oostflank.dates import PartialDate

    if isinstance(value, PartialDate):
        return human_date(value, lang)
    return value


def human_date(value: PartialDate | None, lang: str = "en", *, none: str = "—") -> str:
    """A date at the precision it was written: `Sep 2026`, `31 Dec 2026`, `Q2 2026`, `2017`;
    in Dutch `september 2026`, `31 december 2026`, `2e kwartaal 2026`."""
    if value is None:
        return none
    from oostflank.dates import Precision

    first, month = value.first, MONTHS[lang][value.first.month - 1]
    if value.precision is Precision.DAY:
        return f"{first.day} {month} {first.year}"
    if value.precision is Precision.MONTH:
        return f"{month} {first.year}"
    if value.precision is Precision.QUARTER:
        return (
            f"{value.quarter}e kwartaal {first.year}"
            if lang == "nl"
            else f"Q{value.quarter} {first.year}"
        )
    return str(first.year)


def human_day(day: dt.date, lang: str = "en") -> str:
    from oostflank.dates import PartialDate

    return human_date(PartialDate.of_day(day), lang)


def text_of(value: object, lang: str) -> str:
    """A message, an exception carrying one, or plain text, in the language."""
    if isinstance(value, Exception) and value.args and isinstance(value.args[0], Msg):
        value = value.args[0]
    return value.text(lang) if isinstance(value, Msg) else str(value)


def t(key: str, lang: str, /, **args: Any) -> str:
    """A label or message in the language, right away."""
    return Msg(key, args).text(lang)


def language(chosen: str | None) -> str:
    """`--lang`, else $OOSTFLANK_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG: the first
    one set) when it starts with `nl`, else English."""
    if chosen:
        return chosen
    from_env = os.environ.get(ENV_VAR, "").strip().lower()
    if from_env in LANGUAGES:
        return from_env
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return "nl" if value.lower().startswith("nl") else "en"
    return "en"


MONTHS = {
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "nl": [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
}

CATALOGUE: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------- kinds of TOML values
    "kind.boolean": {"en": "a boolean", "nl": "een booleaanse waarde"},
    "kind.text": {"en": "text", "nl": "tekst"},
    "kind.integer": {"en": "an integer", "nl": "een geheel getal"},
    "kind.number": {"en": "a number", "nl": "een getal"},
    "kind.datetime": {"en": "a date with a time", "nl": "een datum met tijd"},
    "kind.date": {"en": "a date", "nl": "een datum"},
    "kind.time": {"en": "a time", "nl": "een tijd"},
    "kind.list": {"en": "a list", "nl": "een lijst"},
    "kind.table": {"en": "a table", "nl": "een tabel"},
    # ------------------------------------------------------------- registry checks
    "value.text": {"en": "must be text, not {kind}", "nl": "moet tekst zijn, niet {kind}"},
    "value.empty": {"en": "must not be empty", "nl": "mag niet leeg zijn"},
    "value.texts": {
        "en": "must be a list of text, not {kind}",
        "nl": "moet een lijst met tekst zijn, niet {kind}",
    },
    "value.texts_item": {
        "en": "must be a list of text; it holds {kind}",
        "nl": "moet een lijst met tekst zijn; er staat {kind} in",
    },
    "value.flag": {
        "en": "must be true or false, not {kind}",
        "nl": "moet true of false zijn, niet {kind}",
    },
    "value.count": {
        "en": "must be a whole number, not {kind}",
        "nl": "moet een geheel getal zijn, niet {kind}",
    },
    "value.negative": {
        "en": "must not be negative (it is {value})",
        "nl": "mag niet negatief zijn (het is {value})",
    },
    "value.year": {"en": "{value} is not a year", "nl": "{value} is geen jaartal"},
    "value.datetime": {
        "en": "must be a date without a time, not {kind}",
        "nl": "moet een datum zonder tijd zijn, niet {kind}",
    },
    "value.date": {
        "en": 'must be a date such as 2026-09-30, "2026-09", "2026-Q3" or "2026", not {kind}',
        "nl": 'moet een datum zijn zoals 2026-09-30, "2026-09", "2026-Q3" of "2026", niet {kind}',
    },
    "value.country": {
        "en": "{code!r} is not an ISO 3166-1 alpha-2 country code (two capital letters, such as 'LT')",
        "nl": "{code!r} is geen ISO 3166-1 alpha-2-landcode (twee hoofdletters, zoals 'LT')",
    },
    "value.country_hint": {
        "en": "{code!r} is not an ISO 3166-1 alpha-2 country code; did you mean {hint!r}?",
        "nl": "{code!r} is geen ISO 3166-1 alpha-2-landcode; bedoelt u {hint!r}?",
    },
    "value.countries": {
        "en": "must be a list of country codes, not {kind}",
        "nl": "moet een lijst met landcodes zijn, niet {kind}",
    },
    "value.amount_kind": {
        "en": "must be an amount such as 38.5, not {kind}",
        "nl": "moet een bedrag zijn zoals 38.5, niet {kind}",
    },
    "value.amount": {
        "en": "{value!r} is not an amount such as 38.5",
        "nl": "{value!r} is geen bedrag zoals 38.5",
    },
    "value.amount_range": {
        "en": "{value} is not an amount: it must be a finite number, not negative",
        "nl": "{value} is geen bedrag: het moet een eindig getal zijn, niet negatief",
    },
    "value.amount_size": {
        "en": "amount out of range: {value} (at most {digits} digits before the point and {decimals} after)",
        "nl": "bedrag buiten bereik: {value} (hoogstens {digits} cijfers vóór de komma en {decimals} erna)",
    },
    "table.kind": {"en": "must be a table, not {kind}", "nl": "moet een tabel zijn, niet {kind}"},
    "table.list": {
        "en": "must be a list of tables, not {kind}",
        "nl": "moet een lijst met tabellen zijn, niet {kind}",
    },
    "key.unknown_hint": {
        "en": "unknown key {key!r}; did you mean {guess!r}?",
        "nl": "onbekende sleutel {key!r}; bedoelt u {guess!r}?",
    },
    "key.unknown": {
        "en": "unknown key {key!r}; known keys: {known}",
        "nl": "onbekende sleutel {key!r}; bekende sleutels: {known}",
    },
    "key.missing": {
        "en": "missing required key {key!r}",
        "nl": "verplichte sleutel {key!r} ontbreekt",
    },
    "text.unsafe": {
        "en": "{key} holds control or invisible characters; they are shown as escapes",
        "nl": "{key} bevat stuur- of onzichtbare tekens; die worden als escapes getoond",
    },
    "id.deployment": {
        "en": "id {id!r} must be lower-case letters, digits, '-', '.' or '_', starting with a letter or digit",
        "nl": "id {id!r} mag alleen kleine letters, cijfers, '-', '.' of '_' bevatten en moet met een letter of cijfer beginnen",
    },
    "id.kst": {
        "en": "id {id!r} starts with 'kst-' but is not a parliamentary paper id such as 'kst-29521-481' or 'kst-21501-28-296'",
        "nl": "id {id!r} begint met 'kst-' maar is geen Kamerstuk-id zoals 'kst-29521-481' of 'kst-21501-28-296'",
    },
    "dates.end_before_start": {
        "en": "end {end} is before start {start}",
        "nl": "einde {end} ligt vóór begin {start}",
    },
    "dates.at_least_no_end": {
        "en": "end_at_least is set but there is no end",
        "nl": "end_at_least staat aan maar er is geen einde",
    },
    "dates.decision_at_least_no_end": {
        "en": "end_at_least is set but the decision has no end",
        "nl": "end_at_least staat aan maar het besluit heeft geen einde",
    },
    "dates.latest_decision": {
        "en": "end is {end} but the latest decision ({date}) set it to {decided}",
        "nl": "einde is {end} maar het laatste besluit ({date}) zette het op {decided}",
    },
    "value.not_set": {"en": "not set", "nl": "niet ingevuld"},
    "repeat.decision": {
        "en": "{id}: decision {number} repeats an earlier one (same date, end and source); remove one",
        "nl": "{id}: besluit {number} herhaalt een eerder besluit (zelfde datum, einde en bron); verwijder er een",
    },
    "repeat.milestone": {
        "en": "{id}: milestone {number} repeats an earlier one (same due date, text and source); remove one",
        "nl": "{id}: mijlpaal {number} herhaalt een eerdere (zelfde datum, tekst en bron); verwijder er een",
    },
    "budget.total": {
        "en": "total {total} does not match its articles: {parts} = {sum}",
        "nl": "totaal {total} klopt niet met de artikelen: {parts} = {sum}",
    },
    "format.unknown": {
        "en": "format {value} is not known; this version reads format {known}",
        "nl": "formaat {value} is onbekend; deze versie leest formaat {known}",
    },
    "id.duplicate_deployment": {
        "en": "duplicate deployment id {id!r}",
        "nl": "dubbele inzet-id {id!r}",
    },
    "id.duplicate_source": {"en": "duplicate source id {id!r}", "nl": "dubbele bron-id {id!r}"},
    "source.unknown_hint": {
        "en": "unknown source {id!r}; did you mean {guess!r}?",
        "nl": "onbekende bron {id!r}; bedoelt u {guess!r}?",
    },
    "source.unknown": {
        "en": "unknown source {id!r}; add it as a [[source]] table",
        "nl": "onbekende bron {id!r}; voeg hem toe als [[source]]-tabel",
    },
    "stale.unconfirmed": {
        "en": "{id}: the mandate ran at least through {end} and no later decision is recorded; record the decision or the end",
        "nl": "{id}: het mandaat liep in ieder geval t/m {end} en er is geen later besluit vastgelegd; leg het besluit of het einde vast",
    },
    "stale.milestone": {
        "en": "{id}: milestone {number} was due {due} and is not marked done: {what}",
        "nl": "{id}: mijlpaal {number} moest uiterlijk {due} af zijn en is niet als gedaan gemarkeerd: {what}",
    },
    "registry.empty": {
        "en": "the registry holds no deployments",
        "nl": "het register bevat geen inzetten",
    },
    "toml.invalid": {"en": "not valid TOML: {detail}", "nl": "geen geldige TOML: {detail}"},
    "toml.partial_date": {
        "en": 'not valid TOML: {detail}; partial dates are text in TOML: quote it, as "{value}"',
        "nl": 'geen geldige TOML: {detail}; onvolledige datums zijn tekst in TOML: zet aanhalingstekens, zoals "{value}"',
    },
    "toml.deep": {
        "en": "not valid TOML: nested too deeply to read",
        "nl": "geen geldige TOML: te diep genest om te lezen",
    },
    "check.summary": {
        "en": "{file}: {errors} error(s), {warnings} warning(s)",
        "nl": "{file}: {errors} fout(en), {warnings} waarschuwing(en)",
    },
    "registry.has_errors": {
        "en": "{file}: the registry has {count} error(s); fix them (oostflank check lists them all)",
        "nl": "{file}: het register bevat {count} fout(en); herstel ze (oostflank check toont ze allemaal)",
    },
    # ------------------------------------------------------------- dates users type
    "date.not_a_date": {
        "en": "{text!r} is not a date; use 2026, 2026-Q2, 2026-09 or 2026-09-30",
        "nl": "{text!r} is geen datum; gebruik 2026, 2026-Q2, 2026-09 of 2026-09-30",
    },
    "date.year_zero": {"en": "{text!r}: there is no year 0", "nl": "{text!r}: er is geen jaar 0"},
    "date.no_month": {
        "en": "{text!r}: there is no month {month}",
        "nl": "{text!r}: er is geen maand {month}",
    },
    "date.no_day": {
        "en": "{text!r}: {month} has no day {day}",
        "nl": "{text!r}: {month} heeft geen dag {day}",
    },
    "date.accepted": {
        "en": "accepted: 2026-07-01, 2026-7-1, 2026/7/1, 2026.7.1, 2026 7 1, 20260701 (year first); 1-7-2026, 01/07/2026, 1.7.2026 (day first, year last); 1 July 2026, 1 juli 2026; months 2026-07, 7-2026, July 2026, juli 2026; 2026-Q3, Q3 2026; 2026; today, tomorrow, yesterday (or vandaag, morgen, gisteren)",
        "nl": "toegestaan: 2026-07-01, 2026-7-1, 2026/7/1, 2026.7.1, 2026 7 1, 20260701 (jaar eerst); 1-7-2026, 01/07/2026, 1.7.2026 (dag eerst, jaar laatst); 1 juli 2026, 1 July 2026; maanden 2026-07, 7-2026, juli 2026, July 2026; 2026-Q3, Q3 2026; 2026; vandaag, morgen, gisteren (of today, tomorrow, yesterday)",
    },
    "date.empty": {"en": "no date given; {accepted}", "nl": "geen datum opgegeven; {accepted}"},
    "date.with_accepted": {"en": "{error}; {accepted}", "nl": "{error}; {accepted}"},
    "date.unreadable": {
        "en": "cannot read {text!r} as a date; {accepted}",
        "nl": "{text!r} is niet als datum te lezen; {accepted}",
    },
    "date.time": {
        "en": "{text!r}: a time or time zone is not accepted, only the date; {accepted}",
        "nl": "{text!r}: een tijd of tijdzone is niet toegestaan, alleen de datum; {accepted}",
    },
    "date.two_digit_year": {
        "en": "{text!r}: write the year in four digits, a shorter one can be read more than one way; {accepted}",
        "nl": "{text!r}: schrijf het jaar in vier cijfers, een korter jaar is op meer manieren te lezen; {accepted}",
    },
    "date.mixed_separators": {
        "en": "{text!r}: use one separator between the numbers (-, /, . or a space); {accepted}",
        "nl": "{text!r}: gebruik één scheidingsteken tussen de getallen (-, /, . of een spatie); {accepted}",
    },
    "date.range": {"en": "that date is out of range", "nl": "die datum valt buiten het bereik"},
    "date.duration": {
        "en": "{text!r} is not a duration; use a number and d, w, m or y: 90d, 6w, 3m, 1y",
        "nl": "{text!r} is geen duur; gebruik een getal en d, w, m of y: 90d, 6w, 3m, 1y",
    },
    "date.past_9999": {
        "en": "{text!r} reaches past the year 9999",
        "nl": "{text!r} reikt voorbij het jaar 9999",
    },
    "option.bad": {"en": "{option}: {error}", "nl": "{option}: {error}"},
    # ------------------------------------------------------------- invocation
    "format.unsupported": {
        "en": "{command} cannot give --format {format}; choose one of {choices}",
        "nl": "{command} kan geen --format {format} geven; kies uit {choices}",
    },
    "expiring.one_bound": {
        "en": "expiring needs exactly one of --before DATE, --by DATE or --within DURATION",
        "nl": "expiring heeft precies één van --before DATUM, --by DATUM of --within DUUR nodig",
    },
    "id.unknown_hint": {
        "en": "no deployment {id!r}; did you mean {guesses}? (oostflank status lists them all)",
        "nl": "geen inzet {id!r}; bedoelt u {guesses}? (oostflank status toont ze allemaal)",
    },
    "id.unknown": {
        "en": "no deployment {id!r}; known ids: {known} (oostflank status lists them all)",
        "nl": "geen inzet {id!r}; bekende id's: {known} (oostflank status toont ze allemaal)",
    },
    "id.and_more": {"en": "{named} and {count} more", "nl": "{named} en nog {count}"},
    "or": {"en": " or ", "nl": " of "},
    "none": {"en": "none", "nl": "geen"},
    "interrupted": {
        "en": "interrupted; a registry being written is unchanged",
        "nl": "onderbroken; een register dat werd geschreven is ongewijzigd",
    },
    "internal": {
        "en": "internal error: {kind}: {error} (please report this)",
        "nl": "interne fout: {kind}: {error} (meld dit alstublieft)",
    },
    "args.not_utf8": {
        "en": "an argument is not valid UTF-8 text; nothing was done (check the terminal's or the script's encoding)",
        "nl": "een argument is geen geldige UTF-8-tekst; er is niets gedaan (controleer de codering van de terminal of het script)",
    },
    "output.failed": {
        "en": "could not write to standard output: {reason}",
        "nl": "kan niet naar standaarduitvoer schrijven: {reason}",
    },
    "output.failed_after_write": {
        "en": "written; could not print the summary: {reason} (the change is recorded: do not run it again)",
        "nl": "geschreven; kan de samenvatting niet tonen: {reason} (de wijziging is vastgelegd: voer haar niet nogmaals uit)",
    },
    # ------------------------------------------------------------- files
    "file.missing": {
        "en": "{path}: no such file; pass --registry PATH, set $OOSTFLANK_REGISTRY, or leave both unset for the bundled registry",
        "nl": "{path}: bestand bestaat niet; geef --registry PAD, zet $OOSTFLANK_REGISTRY, of laat beide weg voor het meegeleverde register",
    },
    "file.directory": {
        "en": "{path}: is a directory, not a registry file",
        "nl": "{path}: is een map, geen registerbestand",
    },
    "file.permission": {"en": "{path}: permission denied", "nl": "{path}: geen toegang"},
    "file.unreadable": {
        "en": "{path}: cannot be read: {reason}",
        "nl": "{path}: kan niet gelezen worden: {reason}",
    },
    "file.not_utf8": {
        "en": "{path}:{line}: not UTF-8 (byte 0x{byte:02x} at offset {offset}); save the file as UTF-8",
        "nl": "{path}:{line}: geen UTF-8 (byte 0x{byte:02x} op positie {offset}); sla het bestand op als UTF-8",
    },
    "file.lock_create": {
        "en": "{path}: cannot create the lock file: {reason}",
        "nl": "{path}: kan het vergrendelbestand niet maken: {reason}",
    },
    "file.locked": {
        "en": "{path}: another oostflank is writing this registry (lock {lock} held for over {seconds:g} s); nothing was written, try again",
        "nl": "{path}: een andere oostflank schrijft dit register (vergrendeling {lock} al meer dan {seconds:g} s bezet); er is niets geschreven, probeer het opnieuw",
    },
    "file.write_failed": {
        "en": "{path}: cannot write ({reason}); the registry is unchanged",
        "nl": "{path}: kan niet schrijven ({reason}); het register is ongewijzigd",
    },
    "file.lock_unsafe": {
        "en": "{path}: refusing the lock file {lock}: it is a symbolic link or not a regular file; nothing was written (remove it and oostflank makes a new one)",
        "nl": "{path}: vergrendelbestand {lock} geweigerd: het is een symbolische koppeling of geen gewoon bestand; er is niets geschreven (verwijder het en oostflank maakt een nieuw)",
    },
    "file.lock_timeout_bad": {
        "en": "${var}={value!r} is not a number of seconds >= 0 (such as 10 or 0.5); unset it for the default of {default:g} s",
        "nl": "${var}={value!r} is geen aantal seconden >= 0 (zoals 10 of 0.5); laat het weg voor de standaard van {default:g} s",
    },
    "file.not_regular": {
        "en": "{path}: not a regular file (a pipe, a device, a socket or standard input): it can be read once but never written; nothing was written (copy it to a file and pass that with --registry)",
        "nl": "{path}: geen gewoon bestand (een pipe, apparaat, socket of standaardinvoer): het kan eenmaal gelezen maar nooit geschreven worden; er is niets geschreven (kopieer het naar een bestand en geef dat met --registry)",
    },
    "file.hard_links": {
        "en": "{path}: has {links} hard links, and an atomic replace would leave the other names with stale data; nothing was written (keep one name; make the others symbolic links)",
        "nl": "{path}: heeft {links} harde koppelingen, en een atomaire vervanging zou de andere namen met verouderde gegevens achterlaten; er is niets geschreven (houd één naam; maak van de andere symbolische koppelingen)",
    },
    "file.output_is_registry": {
        "en": "{path} is the registry being read; choose another output file, or - for standard output",
        "nl": "{path} is het register dat gelezen wordt; kies een ander uitvoerbestand, of - voor standaarduitvoer",
    },
    "file.output_failed": {
        "en": "{path}: cannot write the output file ({reason})",
        "nl": "{path}: kan het uitvoerbestand niet schrijven ({reason})",
    },
    # ------------------------------------------------------------- writes
    "write.invalid": {
        "en": "{file}: refused: the change would make the registry invalid; nothing was written",
        "nl": "{file}: geweigerd: de wijziging zou het register ongeldig maken; er is niets geschreven",
    },
    "write.bundled": {
        "en": "refusing to write: the bundled registry is read-only; copy it with `oostflank init PATH`, then pass --registry PATH or set $OOSTFLANK_REGISTRY",
        "nl": "schrijven geweigerd: het meegeleverde register is alleen-lezen; kopieer het met `oostflank init PAD` en geef dan --registry PAD of zet $OOSTFLANK_REGISTRY",
    },
    "write.comments": {
        "en": "{path} has comments, which a rewrite would lose; move them into `notes` fields (every deployment, source, decision and budget year has one), or pass --drop-comments",
        "nl": "{path} bevat commentaar, dat bij herschrijven verloren gaat; zet het in `notes`-velden (elke inzet, bron, elk besluit en begrotingsjaar heeft er een), of geef --drop-comments",
    },
    "write.dry_run": {
        "en": "dry run: {summary}; nothing written",
        "nl": "proefrun: {summary}; er is niets geschreven",
    },
    "write.note": {"en": "note: {text}", "nl": "let op: {text}"},
    "init.exists": {
        "en": "{path} exists already; choose another path or remove it first",
        "nl": "{path} bestaat al; kies een ander pad of verwijder het eerst",
    },
    "init.no_folder": {"en": "{path} is not a folder", "nl": "{path} is geen map"},
    "init.done": {
        "en": "{path}: created from the bundled registry; use it with --registry {path} or export OOSTFLANK_REGISTRY={path}",
        "nl": "{path}: gemaakt van het meegeleverde register; gebruik het met --registry {path} of export OOSTFLANK_REGISTRY={path}",
    },
    "fmt.not_canonical": {
        "en": "{path}: not in canonical form; `oostflank fmt` rewrites it",
        "nl": "{path}: niet in de standaardvorm; `oostflank fmt` herschrijft het",
    },
    "fmt.done": {"en": "{path}: formatted", "nl": "{path}: opgemaakt"},
    "edit.unknown_source": {
        "en": "unknown source {id!r}; register it first: oostflank source add {id!r}",
        "nl": "onbekende bron {id!r}; registreer hem eerst: oostflank source add {id!r}",
    },
    "edit.shorter": {
        "en": "{id}: --until {until} is before the current end {end}; pass --shorten if the mandate was shortened",
        "nl": "{id}: --until {until} ligt vóór het huidige einde {end}; geef --shorten als het mandaat is ingekort",
    },
    "edit.extended": {
        "en": "{id}: mandate now runs {minimum}through {until} (decided {decided}, {source})",
        "nl": "{id}: mandaat loopt nu {minimum}t/m {until} (besloten {decided}, {source})",
    },
    "edit.at_least": {"en": "at least ", "nl": "in ieder geval "},
    "edit.ended": {
        "en": "{id}: ended; last active day {on}",
        "nl": "{id}: beëindigd; laatste actieve dag {on}",
    },
    "edit.exists": {
        "en": "a deployment {id!r} exists already; choose another id",
        "nl": "er is al een inzet {id!r}; kies een andere id",
    },
    "edit.added": {"en": "{id}: added", "nl": "{id}: toegevoegd"},
    "edit.source_exists": {
        "en": "a source {id!r} exists already",
        "nl": "er is al een bron {id!r}",
    },
    "edit.source_added": {"en": "source {id}: added", "nl": "bron {id}: toegevoegd"},
    "edit.milestone_added": {
        "en": "{id}: milestone {number} added, due {due}",
        "nl": "{id}: mijlpaal {number} toegevoegd, uiterlijk {due}",
    },
    "edit.no_milestone": {
        "en": "{id} has no milestone {number} (it has {have}; see oostflank show {id})",
        "nl": "{id} heeft geen mijlpaal {number} (het heeft {have}; zie oostflank show {id})",
    },
    "edit.milestone_range": {"en": "1 to {count}", "nl": "1 t/m {count}"},
    "edit.already": {
        "en": "already recorded, nothing written: {what}",
        "nl": "al vastgelegd, er is niets geschreven: {what}",
    },
    "edit.decision_recorded": {
        "en": "{id}: the decision of {decided} ({until}, {source})",
        "nl": "{id}: het besluit van {decided} ({until}, {source})",
    },
    "edit.older_decision": {
        "en": "{id}: --decided {decided} is older than the latest recorded decision ({latest}), which set the current end; an older decision would move the end back to it. Add it to the history by hand (`notes` can say why)",
        "nl": "{id}: --decided {decided} is ouder dan het laatst vastgelegde besluit ({latest}), dat het huidige einde bepaalde; een ouder besluit zou het einde terugzetten. Voeg het met de hand aan de geschiedenis toe (`notes` kan zeggen waarom)",
    },
    "edit.decided_future": {
        "en": "--decided {decided} lies after today ({today}): a decision is not dated in the future",
        "nl": "--decided {decided} ligt na vandaag ({today}): een besluit wordt niet in de toekomst gedateerd",
    },
    "edit.end_later": {
        "en": "{id}: --on {on} is after the current end {end}, which is firm; a longer mandate is a decision: record it with oostflank extend {id} --until DATE --decided DATE --source REF",
        "nl": "{id}: --on {on} ligt na het huidige einde {end}, dat vaststaat; een langer mandaat is een besluit: leg het vast met oostflank extend {id} --until DATUM --decided DATUM --source BRON",
    },
    "edit.done_already": {
        "en": "{id}: milestone {number} is marked done on {done} already; nothing written",
        "nl": "{id}: mijlpaal {number} staat al als gedaan op {done}; er is niets geschreven",
    },
    "edit.milestone_done": {
        "en": "{id}: milestone {number} done on {on}",
        "nl": "{id}: mijlpaal {number} gedaan op {on}",
    },
    # ------------------------------------------------------------- statuses and labels
    "status.planned": {"en": "planned", "nl": "gepland"},
    "status.active": {"en": "active", "nl": "actief"},
    "status.ended": {"en": "ended", "nl": "beëindigd"},
    "status.unconfirmed": {"en": "unconfirmed?", "nl": "onbevestigd?"},
    "col.id": {"en": "ID", "nl": "ID"},
    "col.name": {"en": "Name", "nl": "Naam"},
    "col.country": {"en": "Country", "nl": "Land"},
    "col.since": {"en": "Since", "nl": "Sinds"},
    "col.until": {"en": "Until", "nl": "Tot en met"},
    "col.days": {"en": "Days", "nl": "Dagen"},
    "col.status": {"en": "Status", "nl": "Status"},
    "col.year": {"en": "Year", "nl": "Jaar"},
    "col.article": {"en": "Article", "nl": "Artikel"},
    "col.eur_million": {"en": "EUR million", "nl": "EUR miljoen"},
    "col.decided": {"en": "Decided", "nl": "Besloten"},
    "col.new_end": {"en": "New end", "nl": "Nieuw einde"},
    "col.previous_end": {"en": "Previous end", "nl": "Vorig einde"},
    "col.source": {"en": "Source", "nl": "Bron"},
    "col.number": {"en": "#", "nl": "#"},
    "col.due": {"en": "Due", "nl": "Uiterlijk"},
    "col.what": {"en": "What", "nl": "Wat"},
    "col.done": {"en": "Done", "nl": "Gedaan"},
    "col.date": {"en": "Date", "nl": "Datum"},
    "col.title": {"en": "Title", "nl": "Titel"},
    "col.link": {"en": "Link", "nl": "Link"},
    "col.field": {"en": "Field", "nl": "Veld"},
    "col.value": {"en": "Value", "nl": "Waarde"},
    "field.name_nl": {"en": "Name (NL)", "nl": "Naam (EN)"},
    "field.area": {"en": "Area", "nl": "Gebied"},
    "field.framework": {"en": "Framework", "nl": "Kader"},
    "field.lead_nation": {"en": "Lead nation", "nl": "Leidende natie"},
    "field.partners": {"en": "Partners", "nl": "Partners"},
    "field.capabilities": {"en": "Capabilities", "nl": "Capaciteiten"},
    "field.units": {"en": "Units", "nl": "Eenheden"},
    "field.personnel": {"en": "Personnel", "nl": "Personeel"},
    "field.average": {"en": "{count} (average)", "nl": "{count} (gemiddeld)"},
    "field.days_left": {"en": "Days left", "nl": "Dagen over"},
    # "ended on <as-of date>" would read as the day it ended: say which date this is
    "field.status_on": {"en": "{status} (as of {date})", "nl": "{status} (peildatum {date})"},
    "label.no_end": {"en": "no end given", "nl": "geen einde vermeld"},
    "label.at_least": {"en": "≥ {date}", "nl": "in ieder geval t/m {date}"},
    "label.through": {"en": "{date}", "nl": "t/m {date}"},
    "label.not_given": {"en": "not given", "nl": "niet vermeld"},
    "label.not_yet": {"en": "not yet", "nl": "nog niet"},
    "label.unknown": {"en": "unknown", "nl": "onbekend"},
    "label.notes": {"en": "Notes", "nl": "Notities"},
    "title.deployments": {"en": "Deployments", "nl": "Inzetten"},
    "title.decisions": {"en": "Mandate decisions", "nl": "Mandaatbesluiten"},
    "title.milestones": {"en": "Milestones", "nl": "Mijlpalen"},
    "title.sources": {"en": "Sources", "nl": "Bronnen"},
    "title.expiring": {
        "en": "Mandates ending by {date}",
        "nl": "Mandaten die uiterlijk {date} aflopen",
    },
    "title.budget": {
        "en": "Budget by fiscal year and budget article (EUR million)",
        "nl": "Begroting per begrotingsjaar en -artikel (EUR miljoen)",
    },
    "footer.budget": {
        "en": "Amounts as the letter gives them; it gives none per deployment.",
        "nl": "Bedragen zoals de brief ze geeft; per inzet geeft hij er geen.",
    },
    "footer.status": {
        "en": "As of {date}. Registry last updated {updated}{source}.{legend}",
        "nl": "Peildatum {date}. Register bijgewerkt op {updated}{source}.{legend}",
    },
    # Only where a table shows `≥` (English writes a minimum end so; Dutch says it in words).
    "footer.at_least": {
        "en": " ≥: at least (a minimum end).",
        "nl": " ≥: in ieder geval (een minimaal einde).",
    },
    "footer.from": {"en": " from {source}", "nl": " uit {source}"},
    "budget.total_row": {"en": "total", "nl": "totaal"},
    # ------------------------------------------------------------- timeline, agenda, calendar
    "timeline.outside": {
        "en": "(as-of date {date} is outside this window)",
        "nl": "(peildatum {date} valt buiten dit venster)",
    },
    "timeline.firm": {"en": "mandate", "nl": "mandaat"},
    "timeline.minimum": {
        "en": "mandate with a minimum end",
        "nl": "mandaat met een minimaal einde",
    },
    "timeline.unknown": {
        "en": "unconfirmed after the minimum end",
        "nl": "onbevestigd na het minimale einde",
    },
    "timeline.open": {"en": "no end given", "nl": "geen einde vermeld"},
    "timeline.beyond": {
        "en": "starts before the window or no start given / ends after the window",
        "nl": "begint vóór het venster of geen begin vermeld / eindigt na het venster",
    },
    "timeline.as_of": {"en": "as-of date", "nl": "peildatum"},
    "timeline.width": {
        "en": "--width must be from {minimum} to {maximum} columns",
        "nl": "--width moet van {minimum} tot en met {maximum} kolommen zijn",
    },
    "timeline.window": {
        "en": "--to {to} is before --from {start}",
        "nl": "--to {to} ligt vóór --from {start}",
    },
    "title.timeline": {
        "en": "Mandates from {start} to {end}",
        "nl": "Mandaten van {start} tot {end}",
    },
    "title.agenda": {
        "en": "Agenda from {start} through {end}",
        "nl": "Agenda van {start} t/m {end}",
    },
    "col.when": {"en": "Date", "nl": "Datum"},
    "col.deployment": {"en": "Deployment", "nl": "Inzet"},
    "col.kind": {"en": "Kind", "nl": "Soort"},
    "col.days_left": {"en": "Days left", "nl": "Dagen"},
    "event.end": {"en": "mandate ends", "nl": "mandaat loopt af"},
    "event.minimum-end": {
        "en": "minimum end: a decision is due",
        "nl": "minimaal einde: besluit nodig",
    },
    "event.milestone": {"en": "milestone {number}", "nl": "mijlpaal {number}"},
    "event.overdue": {"en": "overdue", "nl": "te laat"},
    "event.end_what": {"en": "Mandate ends ({date})", "nl": "Mandaat loopt af ({date})"},
    "event.minimum_what": {
        "en": "Mandate runs at least through {date}; decide on what follows",
        "nl": "Mandaat loopt in ieder geval t/m {date}; besluit over het vervolg",
    },
    "agenda.one_bound": {
        "en": "agenda needs exactly one of --within DURATION, --before DATE or --by DATE",
        "nl": "agenda heeft precies één van --within DUUR, --before DATUM of --by DATUM nodig",
    },
    "ics.summary": {"en": "{name}: {what}", "nl": "{name}: {what}"},
    "ics.remind": {
        "en": "--remind takes days or weeks, such as 30d or 2w, not {text!r}",
        "nl": "--remind neemt dagen of weken, zoals 30d of 2w, niet {text!r}",
    },
    "ics.remind_range": {
        "en": "--remind takes 0d to {days}d or 0w to {weeks}w (about a hundred years), not {text!r}",
        "nl": "--remind neemt 0d tot en met {days}d of 0w tot en met {weeks}w (ongeveer honderd jaar), niet {text!r}",
    },
    "ics.written": {
        "en": "{path}: {count} event(s) written",
        "nl": "{path}: {count} gebeurtenis(sen) geschreven",
    },
    "sru.bad_url": {
        "en": "OOSTFLANK_SRU_URL must be an http:// or https:// address, not {url!r}",
        "nl": "OOSTFLANK_SRU_URL moet een http://- of https://-adres zijn, niet {url!r}",
    },
    "sru.unreachable": {
        "en": "the official record could not be reached at {host}, also not on a second try: {reason}",
        "nl": "de officiële publicaties op {host} zijn niet bereikbaar, ook niet bij een tweede poging: {reason}",
    },
    "sru.timeout": {
        "en": "the official record at {host} did not answer within {seconds} s, also not on a second try",
        "nl": "de officiële publicaties op {host} gaven binnen {seconds} s geen antwoord, ook niet bij een tweede poging",
    },
    "sru.http": {
        "en": "the official record at {host} answered HTTP {code} {reason}",
        "nl": "de officiële publicaties op {host} antwoordden met HTTP {code} {reason}",
    },
    "sru.truncated": {
        "en": "the answer from {host} broke off after {size} bytes, also on a second try",
        "nl": "het antwoord van {host} brak af na {size} bytes, ook bij een tweede poging",
    },
    "sru.too_large": {
        "en": "the answer from {host} is larger than {limit} MB: refused",
        "nl": "het antwoord van {host} is groter dan {limit} MB: geweigerd",
    },
    "sru.html": {
        "en": "{host} sent a web page instead of an SRU answer in XML: is OOSTFLANK_SRU_URL right, or is a portal or proxy in the way?",
        "nl": "{host} stuurde een webpagina in plaats van een SRU-antwoord in XML: klopt OOSTFLANK_SRU_URL, of zit er een portaal of proxy tussen?",
    },
    "sru.unsafe": {
        "en": "the answer from {host} declares a DTD or entities: refused as unsafe XML",
        "nl": "het antwoord van {host} declareert een DTD of entiteiten: geweigerd als onveilige XML",
    },
    "sru.malformed": {
        "en": "the answer from {host} is not well-formed XML (cut short?): {error}",
        "nl": "het antwoord van {host} is geen geldige XML (afgebroken?): {error}",
    },
    "sru.not_sru": {
        "en": "the answer from {host} is not an SRU search response (it starts with {root})",
        "nl": "het antwoord van {host} is geen SRU-zoekantwoord (het begint met {root})",
    },
    "sru.diagnostic": {
        "en": "the official record refused the query: {message} ({uri})",
        "nl": "de officiële publicaties weigerden de zoekvraag: {message} ({uri})",
    },
    "sru.paging": {
        "en": "the official record at {host} pages inconsistently: record {next} next, after starting at {start}",
        "nl": "de officiële publicaties op {host} bladeren inconsistent: volgende record {next}, na begin bij {start}",
    },
    "sru.later_page": {
        "en": "the official record failed part-way, at the page from record {start}: {error}",
        "nl": "de officiële publicaties faalden halverwege, bij de pagina vanaf record {start}: {error}",
    },
    "news.too_many": {
        "en": "{count} papers since {since}, more than {limit} at once: narrow it with --since",
        "nl": "{count} stukken sinds {since}, meer dan {limit} tegelijk: beperk het met --since",
    },
    "news.bad_dossier": {
        "en": "{text!r} is not a dossier number such as 36045 or 21501-28",
        "nl": "{text!r} is geen dossiernummer zoals 36045 of 21501-28",
    },
    "news.bad_number": {
        "en": "{text!r} is not a paper number such as 212",
        "nl": "{text!r} is geen ondernummer zoals 212",
    },
}
