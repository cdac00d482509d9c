"""The official record: KOOP's SRU service for parliamentary papers, read over HTTP.

The imperative shell behind `news` and `source add --fetch`. It builds the CQL query, pages,
retries once, and turns every way the service can fail into `RecordUnavailable` (exit 4), so
"nothing new" is only ever said after a complete, readable answer. Answers are untrusted:
defusedxml refuses DTDs and entities, a body is capped at 20 MB, both SRU namespaces are read
and missing fields are tolerated. Text from the service is kept raw; rendering makes it inert.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from oostflank import __version__
from oostflank.errors import RecordUnavailable, UsageError
from oostflank.messages import msg
from oostflank.model import KST_LINK
from oostflank.refs import (
    dossier_number,
    is_kamerstuk_id,
    paper_number,
    paper_parts,
    source_id,
)

if TYPE_CHECKING:
    from http.client import HTTPMessage, HTTPResponse
    from typing import IO
    from urllib.parse import SplitResult
    from urllib.request import OpenerDirector, Request
    from xml.etree.ElementTree import Element

DEFAULT_URL = "https://repository.overheid.nl/sru"
URL_ENV = "OOSTFLANK_SRU_URL"
USER_AGENT = f"oostflank/{__version__}"
MAX_BODY = 20 * 1024 * 1024
MAX_PAPERS = 1000
DOSSIERS_PER_QUERY = 20
PAGE_SIZE = 50
RETRY_DELAY = 1.0
GRACE = 0.5  # seconds past --timeout before a request still running is given up
COLLECTION = "officielepublicaties"
SRU_NAMESPACES = (
    "http://docs.oasis-open.org/ns/search-ws/sruResponse",  # SRU 2.0, what we ask for
    "http://www.loc.gov/zing/srw/",  # SRU 1.2: same element names
)
DCTERMS = "http://purl.org/dc/terms/"
SRU_ACCEPT = "application/xml, text/xml;q=0.9"
PAPER_ACCEPT = "application/xml, text/xml;q=0.9, text/html;q=0.8"

Sleep = Callable[[float], None]


class Paper(NamedTuple):
    """One paper in the official record, as plain values. Text is raw service text."""

    id: str
    date: dt.date | None
    published: dt.date | None
    dossier: str
    number: str
    kind: str | None
    title: str | None
    link: str
    is_attachment: bool = False
    items: tuple[tuple[str, str], ...] = ()  # (manifestation, url): its html and xml


class Publication(NamedTuple):
    """A paper's text from the official record, with its id, date and title."""

    id: str
    date: dt.date | None
    title: str | None
    text: str


class Page(NamedTuple):
    """One searchRetrieve answer: `received` counts every record, kept or not, for paging."""

    total: int | None
    received: int
    next: int | None
    papers: tuple[Paper, ...]


class _Transient(Exception):
    """A failure worth one more try: timeout, dropped connection, HTTP 5xx."""


def endpoint(base_url: str | None = None) -> str:
    """The service address: `base_url`, else $OOSTFLANK_SRU_URL, else KOOP's. Only http(s):
    urllib would also open file:// and ftp:// addresses. No user name or password either: they
    would not be sent, but would be printed in messages (and CI logs)."""
    url = base_url if base_url is not None else os.environ.get(URL_ENV, "").strip()
    url = url or DEFAULT_URL
    parts = _split(url)
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise UsageError(msg("sru.bad_url", url=url))
    if parts.username is not None or parts.password is not None:
        raise UsageError(msg("sru.credentials", variable=URL_ENV))
    return url


def _split(url: str) -> SplitResult | None:
    """The parts of an address, or None for one urllib cannot read (`[::1`, a bad port, a
    space or control character)."""
    from urllib.parse import urlsplit

    if any(c.isspace() or not c.isprintable() for c in url):
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return None
    return parts


def cql(dossiers: Sequence[str], since: dt.date | None = None, number: str | None = None) -> str:
    """The query: Kamerstukken in the collection, any of the dossiers (quoted, so `21501-28`
    stays one term), published on or after `since`, or the one paper `number`."""
    wanted = " OR ".join(f'w.dossiernummer=="{dossier}"' for dossier in dossiers)
    parts = [f"c.product-area=={COLLECTION}", "w.publicatienaam==Kamerstuk"]
    parts.append(f"({wanted})" if len(dossiers) > 1 else wanted)
    if number is not None:
        parts.append(f'w.ondernummer=="{number}"')
    if since is not None:
        parts.append(f"dt.available>={since.isoformat()}")
    return " AND ".join(parts)


def fetch_papers(
    dossiers: Sequence[str],
    since: dt.date,
    *,
    timeout: float = 20.0,
    base_url: str | None = None,
    sleep: Sleep = time.sleep,
) -> list[Paper]:
    """Every paper in the dossiers published on or after `since`, attachments included (marked),
    in the order the service gives them. All or nothing: a failure on any page raises."""
    url = endpoint(base_url)
    wanted = list(dict.fromkeys(_dossier(text) for text in dossiers))
    found: dict[str, Paper] = {}
    seen = 0
    for first in range(0, len(wanted), DOSSIERS_PER_QUERY):
        group = wanted[first : first + DOSSIERS_PER_QUERY]
        seen = _search(url, cql(group, since), timeout, sleep, found, seen, since)
    return list(found.values())


def fetch_paper(
    dossier: str,
    number: str,
    *,
    timeout: float = 20.0,
    base_url: str | None = None,
    sleep: Sleep = time.sleep,
) -> Paper | None:
    """The paper `number` of `dossier`, or None when the record has no such Kamerstuk."""
    url = endpoint(base_url)
    wanted_dossier, wanted_number = _dossier(dossier), paper_number(number)
    if wanted_number is None:
        raise UsageError(msg("news.bad_number", text=number))
    found: dict[str, Paper] = {}
    _search(url, cql([wanted_dossier], number=wanted_number), timeout, sleep, found, 0, None)
    exact = f"kst-{wanted_dossier}-{wanted_number}"
    papers = [paper for paper in found.values() if not paper.is_attachment]
    return next((p for p in papers if p.id == exact), papers[0] if papers else None)


def fetch_publication(
    paper_id: str,
    *,
    timeout: float = 20.0,
    base_url: str | None = None,
    sleep: Sleep = time.sleep,
) -> Publication:
    """The paper's text from the record: its XML manifestation, else its HTML, read safely.
    `paper_id` is a Kamerstuk id (`kst-36045-212`) or a reference (`36 045, nr. 212`).
    UsageError when it is neither or the record has no such Kamerstuk; RecordUnavailable when
    the record gives nothing to read, or an address that is not http(s), or the download fails,
    or what it gives cannot be read (a DTD, not UTF-8): no fault of the command's.
    """
    from oostflank.papertext import PaperUnreadable, paper_text

    wanted = source_id(paper_id)
    parts = paper_parts(wanted) if is_kamerstuk_id(wanted) else None
    if parts is None:
        raise UsageError(msg("news.not_kst", text=paper_id))
    paper = fetch_paper(*parts, timeout=timeout, base_url=base_url, sleep=sleep)
    if paper is None or paper.id != wanted:
        raise UsageError(msg("news.unknown_paper", id=wanted))
    url = _text_url(paper)
    body, _ = _get(url, timeout, sleep, accept=PAPER_ACCEPT)
    try:
        text = paper_text(body, name=paper.id)
    except PaperUnreadable as error:
        raise RecordUnavailable(error.args[0]) from None
    return Publication(paper.id, paper.date, paper.title, text)


def _text_url(paper: Paper) -> str:
    """The address of the paper's XML, else its HTML. The answer is untrusted: an address that
    is not http(s) to a host (urllib would open file:// too), or that holds a user name or
    password, is refused rather than tried."""
    first = dict(reversed(paper.items))  # the first of each kind
    url = first.get("xml") or first.get("html")
    if url is None:
        raise RecordUnavailable(msg("sru.no_text", id=paper.id))
    parts = _split(url)
    if (
        parts is None
        or parts.scheme.lower() not in ("http", "https")
        or not parts.hostname
        or parts.username is not None
        or parts.password is not None
    ):
        raise RecordUnavailable(msg("sru.bad_item", id=paper.id, url=_short(url, 80)))
    return url


def _dossier(text: str) -> str:
    dossier = dossier_number(text)
    if dossier is None:
        raise UsageError(msg("news.bad_dossier", text=text))
    return dossier


def _search(
    url: str,
    query: str,
    timeout: float,
    sleep: Sleep,
    found: dict[str, Paper],
    seen: int,
    since: dt.date | None,
) -> int:
    """Page through one query into `found`; returns the records seen so far in this call.
    Refuses (rather than cuts short) past MAX_PAPERS, by the announced total or by the count."""
    start = 1
    for _ in range(MAX_PAPERS + 2):  # every page that goes on adds a record: bounded
        try:
            page = _page(url, query, start, timeout, sleep)
        except RecordUnavailable as error:
            if start == 1:
                raise
            raise RecordUnavailable(
                msg("sru.later_page", start=start, error=error.args[0])
            ) from None
        announced = (seen + (page.total or 0)) if start == 1 else 0
        seen += page.received
        if max(announced, seen) > MAX_PAPERS:
            count, day = max(announced, seen), since.isoformat() if since else "—"
            raise UsageError(msg("news.too_many", count=count, since=day, limit=MAX_PAPERS))
        for paper in page.papers:
            found.setdefault(paper.id, paper)
        following = _next_start(page, start, url)
        if following is None:
            return seen
        start = following
    raise RecordUnavailable(msg("sru.paging", host=_host(url), next=start, start=start))


def _next_start(page: Page, start: int, url: str) -> int | None:
    """nextRecordPosition when given; else on by what arrived, up to numberOfRecords. A page
    with no records that should hold some is refused: "nothing new" needs a readable answer."""
    if page.received == 0:
        if page.total is not None and start <= page.total:
            raise RecordUnavailable(msg("sru.no_records", host=_host(url), total=page.total))
        return None
    if page.next is not None:
        if page.next <= start:
            raise RecordUnavailable(msg("sru.paging", host=_host(url), next=page.next, start=start))
        return page.next
    following = start + page.received
    return None if page.total is not None and following > page.total else following


def _page(url: str, query: str, start: int, timeout: float, sleep: Sleep) -> Page:
    from urllib.parse import urlencode

    params = {
        "operation": "searchRetrieve",
        "version": "2.0",
        "query": query,
        "startRecord": str(start),
        "maximumRecords": str(PAGE_SIZE),
        "recordSchema": "gzd",
        "x-connection": COLLECTION,
    }
    full = url + ("&" if "?" in url else "?") + urlencode(params)
    body, content_type = _get(full, timeout, sleep)
    return parse_page(body, host=_host(url), content_type=content_type)


def _host(url: str) -> str:
    parts = _split(url)
    return parts.netloc if parts is not None else "?"


def _get(url: str, timeout: float, sleep: Sleep, *, accept: str = SRU_ACCEPT) -> tuple[bytes, str]:
    """One GET, tried again once after RETRY_DELAY when the failure may pass."""
    try:
        return _within(timeout, url, accept)
    except _Transient:
        sleep(RETRY_DELAY)
    try:
        return _within(timeout, url, accept)
    except _Transient as error:
        raise RecordUnavailable(error.args[0]) from None


def _within(timeout: float, url: str, accept: str = SRU_ACCEPT) -> tuple[bytes, str]:
    """_get_once, given `timeout` in all: a socket timeout bounds each read, so a server that
    sends its headers a byte at a time would otherwise hold the call for ever. The request runs
    in a daemon thread that is left behind if it overruns."""
    import threading

    outcome: list[tuple[bytes, str] | BaseException] = []

    def run() -> None:
        try:
            outcome.append(_get_once(url, timeout, accept))
        except BaseException as error:  # handed over to the caller's thread
            outcome.append(error)

    worker = threading.Thread(target=run, name="oostflank-sru", daemon=True)
    worker.start()
    worker.join(timeout + GRACE)
    if not outcome:
        raise _Transient(msg("sru.timeout", host=_host(url), seconds=timeout))
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def _get_once(url: str, timeout: float, accept: str = SRU_ACCEPT) -> tuple[bytes, str]:
    """Body and Content-Type; _Transient for what a retry may cure, RecordUnavailable else."""
    import urllib.error
    from http.client import HTTPException

    host = _host(url)
    try:
        with _opener().open(_request(url, accept), timeout=timeout) as response:
            return _read_capped(response, host, timeout), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        error.close()
        failure = msg("sru.http", host=host, code=error.code, reason=_short(str(error.reason)))
        if error.code >= 500:
            raise _Transient(failure) from None
        raise RecordUnavailable(failure) from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise _Transient(msg("sru.timeout", host=host, seconds=timeout)) from None
        reason = _short(str(error.reason))
        raise _Transient(msg("sru.unreachable", host=host, reason=reason)) from None
    except TimeoutError:
        raise _Transient(msg("sru.timeout", host=host, seconds=timeout)) from None
    except OSError as error:  # reset mid-answer, RemoteDisconnected
        raise _Transient(msg("sru.unreachable", host=host, reason=_short(str(error)))) from None
    except (HTTPException, UnicodeError) as error:  # a garbled status line or header
        raise _Transient(msg("sru.unreachable", host=host, reason=_short(str(error)))) from None
    except ValueError as error:  # urllib could not read where a redirect pointed
        raise RecordUnavailable(
            msg("sru.unreachable", host=host, reason=_short(str(error)))
        ) from None


def _request(url: str, accept: str = SRU_ACCEPT) -> Request:
    from urllib.request import Request

    headers = {"User-Agent": USER_AGENT, "Accept": accept}
    return Request(url, headers=headers)


def _opener() -> OpenerDirector:
    """urllib's usual opener (it honours HTTP(S)_PROXY and NO_PROXY), but redirects only to
    http(s): the stock handler would follow one to ftp://."""
    import urllib.request

    class Redirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(
            self,
            req: Request,
            fp: IO[bytes],
            code: int,
            msg: str,
            headers: HTTPMessage,
            newurl: str,
        ) -> Request | None:
            target = _split(newurl)
            if target is None or target.scheme.lower() not in ("http", "https"):
                return None  # urllib then raises the 3xx as an HTTPError
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return urllib.request.build_opener(Redirects)


def _read_capped(response: HTTPResponse, host: str, timeout: float) -> bytes:
    """At most MAX_BODY bytes, within `timeout` in all: a trickle must not hold us forever."""
    declared = response.headers.get("Content-Length", "")
    if declared.strip().isdigit() and int(declared) > MAX_BODY:
        raise RecordUnavailable(msg("sru.too_large", host=host, limit=MAX_BODY // 2**20))
    deadline = time.monotonic() + timeout
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_BODY:  # every pass adds a byte or ends
        chunk = response.read1(min(2**16, MAX_BODY + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if time.monotonic() > deadline:
            raise _Transient(msg("sru.timeout", host=host, seconds=timeout))
    if size > MAX_BODY:
        raise RecordUnavailable(msg("sru.too_large", host=host, limit=MAX_BODY // 2**20))
    if response.length:  # Content-Length promised more than arrived
        raise _Transient(msg("sru.truncated", host=host, size=size))
    return b"".join(chunks)


def parse_page(body: bytes, *, host: str, content_type: str = "") -> Page:
    """An SRU searchRetrieve answer read safely; RecordUnavailable for anything else,
    including a diagnostic (the service's way of refusing a query with HTTP 200)."""
    root = _parse_xml(body, host, content_type)
    namespace = _namespace(root.tag)
    if namespace not in SRU_NAMESPACES or _local(root.tag) != "searchRetrieveResponse":
        if _local(root.tag).lower() == "html" or "html" in content_type.lower():
            raise RecordUnavailable(msg("sru.html", host=host))
        raise RecordUnavailable(msg("sru.not_sru", host=host, root=_short(root.tag)))
    _raise_diagnostic(root)
    total = _number(root.find(f"{{{namespace}}}numberOfRecords"))
    records = list(root.iter(f"{{{namespace}}}record"))
    papers = (_paper(record, namespace, host) for record in records)
    return Page(
        total=total,
        received=len(records),
        next=_number(root.find(f"{{{namespace}}}nextRecordPosition")),
        papers=tuple(paper for paper in papers if paper is not None),
    )


def _parse_xml(body: bytes, host: str, content_type: str) -> Element:
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    if body[:200].lstrip().lower().startswith((b"<!doctype html", b"<html")):
        raise RecordUnavailable(msg("sru.html", host=host))
    try:
        return fromstring(body, forbid_dtd=True)
    except DefusedXmlException:
        raise RecordUnavailable(msg("sru.unsafe", host=host)) from None
    except (ParseError, ValueError) as error:
        if "html" in content_type.lower():
            raise RecordUnavailable(msg("sru.html", host=host)) from None
        raise RecordUnavailable(msg("sru.malformed", host=host, error=_short(str(error)))) from None


def _raise_diagnostic(root: Element) -> None:
    """The first diagnostic, in whichever namespace: its message, never "no results"."""
    holders = (child for child in root if _local(str(child.tag)) == "diagnostics")
    for element in (element for holder in holders for element in holder.iter()):
        if _local(str(element.tag)) == "diagnostic":
            texts = _texts(element.iter())
            message = texts.get("message") or texts.get("details") or "—"
            raise RecordUnavailable(
                msg("sru.diagnostic", message=_short(message), uri=_short(texts.get("uri", "—")))
            )


def _paper(record: Element, namespace: str, host: str) -> Paper | None:
    """A Kamerstuk (or an attachment, marked) from one record; None for other kinds. A record
    without a readable identifier is refused: dropping it could turn news into "nothing new"."""
    data = record.find(f".//{{{namespace}}}recordData")
    texts = _texts(data.iter()) if data is not None else {}
    if not (texts.get("dc:identifier") or texts.get("identifier") or texts.get("ondernummer")):
        raise RecordUnavailable(msg("sru.unreadable_record", host=host))
    kind = (texts.get("dc:type") or texts.get("type") or "").lower()
    parent = texts.get("hoofddocument")
    identifier = texts.get("dc:identifier") or texts.get("identifier") or ""
    parts = paper_parts(identifier) or paper_parts(parent or "")
    dossier = texts.get("dossiernummer") or (parts[0] if parts else "")
    number = texts.get("ondernummer") or (parts[1] if parts else "")
    if not identifier and dossier and number:
        identifier = f"kst-{dossier}-{number}"
    attachment = kind == "bijlage" or identifier.startswith("blg-") or parent is not None
    if identifier.lower().startswith("kst-") and not is_kamerstuk_id(identifier):
        raise RecordUnavailable(msg("sru.bad_id", host=host, id=_short(identifier, 40)))
    if not identifier.startswith("kst-") and not attachment:
        return None
    link = texts.get("preferredUrl", "")
    return Paper(
        id=identifier,
        date=_day(texts.get("dc:date")),
        published=_day(texts.get("dc:available")),
        dossier=dossier,
        number=number,
        kind=texts.get("subrubriek"),
        title=texts.get("documenttitel") or texts.get("dc:title") or texts.get("title"),
        link=link
        if link.lower().startswith(("https://", "http://"))
        else KST_LINK.format(id=identifier),
        is_attachment=attachment,
        items=_items(data) if data is not None else (),
    )


def _items(data: Element) -> tuple[tuple[str, str], ...]:
    """The record's itemUrl elements of the html and xml manifestations, in order."""
    found = []
    for element in data.iter():
        if isinstance(element.tag, str) and _local(element.tag) == "itemUrl":
            kind = (element.get("manifestation") or "").lower()
            url = (element.text or "").strip()
            if kind in ("html", "xml") and url:
                found.append((kind, url))
    return tuple(found)


def _texts(elements: Iterable[Element]) -> dict[str, str]:
    """First non-empty text per local name; Dublin Core terms also under `dc:` so that no
    other vocabulary's `date` or `title` can stand in for them."""
    texts: dict[str, str] = {}
    for element in elements:
        text = (element.text or "").strip()
        if text and isinstance(element.tag, str):
            local = _local(element.tag)
            texts.setdefault(local, text)
            if _namespace(element.tag) == DCTERMS:
                texts.setdefault(f"dc:{local}", text)
    return texts


def _namespace(tag: str) -> str:
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _number(element: Element | None) -> int | None:
    text = (element.text or "").strip() if element is not None else ""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _short(text: str, limit: int = 200) -> str:
    """Service text in a message: one line, bounded (a diagnostic can be any size)."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
