"""A stand-in for KOOP's SRU service on 127.0.0.1: answers built to the documented shape
(docs: /work/shared/reference/officiele-publicaties-sru.md), scripted per request, and a record
of every request it received. Reusable by the tests of the `news` command."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, NamedTuple
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

SRU2 = "http://docs.oasis-open.org/ns/search-ws/sruResponse"
SRU12 = "http://www.loc.gov/zing/srw/"
DIAG = "http://docs.oasis-open.org/ns/search-ws/diagnostic"
NAMESPACES = (
    'xmlns:gzd="http://standaarden.overheid.nl/sru" '
    'xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:overheidwetgeving="http://standaarden.overheid.nl/wetgeving/" '
    'xmlns:c="http://standaarden.overheid.nl/collectie/"'
)


def record(
    paper_id: str,
    *,
    available: str | None = "2030-01-03",
    date: str | None = "2030-01-02",
    dossier: str | None = None,
    number: str | None = None,
    kind: str | None = "Brief",
    type_: str = "Kamerstuk",
    title: str | None = "Testdossier; Brief regering; Voorbeeld van een brief",
    document_title: str | None = None,
    url: str | None = "",
    parent: str | None = None,
    items: Sequence[tuple[str, str]] = (),
) -> str:
    """One sru:record like the reference's synthetic one; None leaves an element out, and the
    dossier and number default to those in the id (`kst-21501-28-296`). `items` are further
    manifestations, (kind, url), after the pdf every record has."""
    parts = paper_id.split("-")
    dossier = "-".join(parts[1:-1]) if dossier is None else dossier
    number = parts[-1] if number is None else number
    url = f"https://zoek.officielebekendmakingen.nl/{paper_id}.html" if url == "" else url

    def element(name: str, value: str | None) -> str:
        return "" if value is None else f"<{name}>{escape(value)}</{name}>"

    ow = "overheidwetgeving"
    return (
        "<sru:record><sru:recordData><gzd:gzd><gzd:originalData><overheidwetgeving:meta>"
        "<overheidwetgeving:owmskern>"
        + element("dcterms:identifier", paper_id)
        + element("dcterms:title", title)
        + element("dcterms:type", type_)
        + element("dcterms:creator", "Tweede Kamer der Staten-Generaal")
        + "</overheidwetgeving:owmskern><overheidwetgeving:owmsmantel>"
        + element("dcterms:available", available)
        + element("dcterms:date", date)
        + "</overheidwetgeving:owmsmantel><overheidwetgeving:tpmeta>"
        + element("c:product-area", "officielepublicaties")
        + element(f"{ow}:dossiernummer", dossier or None)
        + element(f"{ow}:ondernummer", number or None)
        + element(f"{ow}:documenttitel", document_title)
        + element(f"{ow}:subrubriek", kind)
        + element(f"{ow}:hoofddocument", parent)
        + "</overheidwetgeving:tpmeta></overheidwetgeving:meta></gzd:originalData>"
        + "<gzd:enrichedData>"
        + element("gzd:preferredUrl", url)
        + '<gzd:itemUrl manifestation="pdf">https://example.invalid/x.pdf</gzd:itemUrl>'
        + "".join(
            f'<gzd:itemUrl manifestation="{kind}">{escape(link)}</gzd:itemUrl>'
            for kind, link in items
        )
        + "</gzd:enrichedData></gzd:gzd></sru:recordData></sru:record>"
    )


def response(
    records: Sequence[str] = (),
    *,
    total: int | None = None,
    next_position: int | None = None,
    namespace: str = SRU2,
    diagnostic: tuple[str, str] | None = None,
) -> bytes:
    """A searchRetrieveResponse; `total` defaults to the number of records given."""
    total = len(records) if total is None else total
    parts = [
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sru:searchRetrieveResponse xmlns:sru="{namespace}" {NAMESPACES}>',
        "<sru:version>2.0</sru:version>",
        f"<sru:numberOfRecords>{total}</sru:numberOfRecords>" if total >= 0 else "",
        f"<sru:records>{''.join(records)}</sru:records>" if records else "",
        f"<sru:nextRecordPosition>{next_position}</sru:nextRecordPosition>"
        if next_position
        else "",
    ]
    if diagnostic is not None:
        uri, message = diagnostic
        parts.append(
            f'<sru:diagnostics><diag:diagnostic xmlns:diag="{DIAG}"><diag:uri>{escape(uri)}</diag:uri>'
            f"<diag:message>{escape(message)}</diag:message></diag:diagnostic></sru:diagnostics>"
        )
    parts.append("</sru:searchRetrieveResponse>")
    return "".join(parts).encode()


class Seen(NamedTuple):
    """One request as the server received it."""

    path: str
    params: dict[str, str]
    headers: dict[str, str]


# A reply: (status, body, headers) sent whole, or a function that writes to the handler itself.
Reply = tuple[int, bytes, dict[str, str]] | Callable[[BaseHTTPRequestHandler], None]


def xml(body: bytes, status: int = 200) -> Reply:
    return (status, body, {"Content-Type": "application/xml; charset=utf-8"})


def html(body: bytes, status: int = 200) -> Reply:
    return (status, body, {"Content-Type": "text/html; charset=utf-8"})


def raw(body: bytes, content_type: str = "application/octet-stream", status: int = 200) -> Reply:
    """Any bytes, as any type: a paper's manifestation need not be what it says."""
    return (status, body, {"Content-Type": content_type})


class FakeSru:
    """The server: `replies` are used in order, the last one again once they run out."""

    def __init__(self) -> None:
        self.replies: list[Reply] = []
        self.files: dict[str, Reply] = {}  # a paper's manifestations, by path: not the SRU answers
        self.seen: list[Seen] = []
        self.fetched: list[Seen] = []  # the requests for `files`, each time
        self.finished = threading.Event()  # set when a streaming reply has stopped writing
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                query = parse_qs(urlsplit(self.path).query)
                params = {name: values[0] for name, values in query.items()}
                path = urlsplit(self.path).path
                if path in fake.files:
                    fake.fetched.append(Seen(self.path, params, dict(self.headers.items())))
                    reply = fake.files[path]
                else:
                    fake.seen.append(Seen(self.path, params, dict(self.headers.items())))
                    reply = fake.replies[min(len(fake.seen), len(fake.replies)) - 1]
                if callable(reply):
                    reply(self)
                    return
                status, body, headers = reply
                self.send_response(status)
                for name, value in {"Content-Length": str(len(body)), **headers}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: object, client_address: object) -> None:
                pass  # a client that hangs up on a huge body is expected here

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sru"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def __enter__(self) -> FakeSru:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def serve(self, path: str, reply: Reply) -> str:
        """Serve `reply` at `path` (a paper's html or xml); its full address."""
        self.files[path] = reply
        return self.url.removesuffix("/sru") + path

    def paper(self, paper_id: str, manifestations: dict[str, Reply], **fields: Any) -> str:
        """Answer every search with the one record of `paper_id`, its manifestations (`xml`,
        `html`, in the order given) served here: a paper `fetch_publication` can read."""
        items = [
            (kind, self.serve(f"/{paper_id}.{kind}", reply))
            for kind, reply in manifestations.items()
        ]
        self.replies = [xml(response([record(paper_id, items=items, **fields)]))]
        return paper_id

    @property
    def queries(self) -> list[str]:
        return [seen.params.get("query", "") for seen in self.seen]

    @property
    def starts(self) -> list[int]:
        return [int(seen.params["startRecord"]) for seen in self.seen]
