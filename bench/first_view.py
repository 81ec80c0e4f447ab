"""A phone's first view of a page, in bytes transferred: the page and what it loads (stylesheets,
scripts, icon, images), each asked for as a browser asks (`Accept-Encoding: gzip, deflate, br,
zstd`, nothing cached), counted as they come over the wire: status line, headers and body.

    python -m bench.first_view URL [URL ...]
"""

import http.client
import sys
import urllib.parse
from html.parser import HTMLParser

ACCEPT_ENCODING = "gzip, deflate, br, zstd"
USER_AGENT = "Mozilla/5.0 (Linux; Android 14) firmamos-bench"


class _Subresources(HTMLParser):
    """What a browser fetches for the first view: stylesheets, icons, scripts, images."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = (attrs.get("rel") or "").lower().split()
        if tag == "link" and attrs.get("href") and {"stylesheet", "icon"} & set(rel):
            self.urls.append(attrs["href"])
        elif tag in ("script", "img") and attrs.get("src"):
            self.urls.append(attrs["src"])


def fetch(url):
    """One GET: its status, encoding, bytes on the wire and body."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    headers = {"Accept-Encoding": ACCEPT_ENCODING, "User-Agent": USER_AGENT}
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()  # http.client does not decode: these are the bytes sent
        head = f"HTTP/1.1 {response.status} {response.reason}\r\n" + "".join(
            f"{name}: {value}\r\n" for name, value in response.getheaders()
        )
        encoding = response.getheader("Content-Encoding", "")
        return {
            "url": path,
            "status": response.status,
            "encoding": encoding,
            "bytes": len(head) + 2 + len(body),
            "body": body,
        }
    finally:
        connection.close()


def _decoded(page):
    if page["encoding"] == "gzip":
        import gzip

        return gzip.decompress(page["body"])
    if page["encoding"]:
        raise ValueError(f"cannot read a page encoded {page['encoding']!r}")
    return page["body"]


def measure(url):
    """The first view of `url`: total bytes, and each request's."""
    page = fetch(url)
    parser = _Subresources()
    parser.feed(_decoded(page).decode())
    requests = [page]
    for href in dict.fromkeys(parser.urls):
        requests.append(fetch(urllib.parse.urljoin(url, href)))
    return {
        "bytes": sum(r["bytes"] for r in requests),
        "requests": [{k: r[k] for k in ("url", "status", "encoding", "bytes")} for r in requests],
        "ok": all(r["status"] == 200 for r in requests),
    }


if __name__ == "__main__":
    for argument in sys.argv[1:]:
        result = measure(argument)
        print(f"{result['bytes']:,} bytes in {len(result['requests'])} requests: {argument}")
        for request in result["requests"]:
            print(f"  {request['bytes']:>7,} {request['encoding'] or '-':5} {request['url']}")
