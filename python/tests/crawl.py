"""Writes a crawl for tests and benchmarks: a `.warc.gz` in the Common Crawl layout (a request,
a response and a metadata record per page, each its own gzip member) whose pages are made from
rhetor's bundled examples, varied per page, plus the awkward records a real crawl holds.

    python python/tests/crawl.py OUT.warc.gz PAGES
"""

import gzip
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def record(kind: str, uri: str, block: bytes, content_type="application/http; msgtype=response"):
    head = [
        "WARC/1.0",
        f"WARC-Type: {kind}",
        f"WARC-Target-URI: {uri}",
        "WARC-Date: 2024-05-01T10:00:00Z",
    ]
    if content_type is not None:
        head.append(f"Content-Type: {content_type}")
    head.append(f"Content-Length: {len(block)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


def http(body: bytes, content_type="text/html; charset=utf-8", status="200 OK") -> bytes:
    return f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n\r\n".encode() + body


def page(i: int) -> bytes:
    """A news page: the harbour example's paragraphs, rotated and numbered per page."""
    paragraphs = (EXAMPLES / "harbour-bridge.txt").read_text(encoding="utf-8").split("\n\n")
    title, body = paragraphs[0], paragraphs[1:]
    k = i % len(body)
    body = body[k:] + body[:k]
    html = (
        f"<html><head><title>{title} ({i})</title>"
        f'<meta property="article:published_time" content="2024-04-{1 + i % 28:02d}">'
        f"</head><body><nav>Home | News | Sport</nav><article><h1>{title} ({i})</h1>"
        + "".join(f"<p>{p}</p>" for p in body)
        + "</article><footer>Copyright Harbour Gazette</footer></body></html>"
    )
    return html.encode()


def write(path, pages: int, awkward: bool = True) -> int:
    """Writes the crawl; returns how many HTML responses it holds (each one row)."""
    rows = 0
    with open(path, "wb") as out:

        def member(data: bytes) -> None:
            out.write(gzip.compress(data, compresslevel=6))

        for i in range(pages):
            uri = f"https://gazette.example/news/{i}"
            member(
                record(
                    "request", uri, b"GET / HTTP/1.1\r\n\r\n", "application/http; msgtype=request"
                )
            )
            member(record("response", uri, http(page(i))))
            member(record("metadata", uri, b"fetchTimeMs: 120\r\n", "application/warc-fields"))
            rows += 1
        if awkward:
            # Not HTML: skipped, as `rhetor analyze` skips it.
            member(
                record(
                    "response", "https://gazette.example/logo.png", http(b"\x89PNG", "image/png")
                )
            )
            # No Content-Type in the WARC header: read as HTTP all the same.
            member(record("response", "https://gazette.example/bare", http(page(7)), None))
            # A 20 MB page: over the limit, an error row.
            member(
                record(
                    "response",
                    "https://gazette.example/huge",
                    http(b"<p>" + b"a" * 20_000_000 + b"</p>"),
                )
            )
            # A corrupt member, then a good page after it.
            bad = bytearray(
                gzip.compress(record("response", "https://gazette.example/bad", http(page(3))))
            )
            bad[30:60] = bytes(30)
            out.write(bad)
            member(record("response", "https://gazette.example/after", http(page(4))))
            # A truncated last record.
            out.write(
                gzip.compress(record("response", "https://gazette.example/cut", http(page(5))))[
                    :200
                ]
            )
            rows += 5
    return rows


if __name__ == "__main__":
    print(write(sys.argv[1], int(sys.argv[2])))
