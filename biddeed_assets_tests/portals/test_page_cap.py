"""Pages above BIDDEED_MAX_PAGE_BYTES are refused before parsing: by the HTTP layer and by `biddeed parse`."""

from __future__ import annotations

import httpx
import pytest

from biddeed_assets.app import cli
from biddeed_assets.portals import sale_lists
from biddeed_assets.portals.errors import PageTooLarge, ParseError
from biddeed_assets.portals.http import (
    DEFAULT_MAX_PAGE_BYTES,
    PortalHttp,
    max_page_bytes,
    read_capped,
    send_capped,
)
from biddeed_assets_tests.conftest import TODAY
from biddeed_assets_tests.fixtures import page

CLERK_PAGE = page("brevard_clerk/sale_list_2017-05.html")


def test_the_cap_is_20_mb_unless_the_environment_says_otherwise(monkeypatch):
    monkeypatch.delenv("BIDDEED_MAX_PAGE_BYTES", raising=False)
    assert max_page_bytes() == DEFAULT_MAX_PAGE_BYTES == 20_000_000
    monkeypatch.setenv("BIDDEED_MAX_PAGE_BYTES", "5000")
    assert max_page_bytes() == 5000
    for bad in ("lots", "-1", "0"):
        monkeypatch.setenv("BIDDEED_MAX_PAGE_BYTES", bad)
        with pytest.raises(ValueError, match="BIDDEED_MAX_PAGE_BYTES must be a positive whole number"):
            max_page_bytes()


def test_a_page_over_the_cap_from_the_simulator_is_refused_naming_url_and_cap(simulator, monkeypatch):
    monkeypatch.setenv("BIDDEED_MAX_PAGE_BYTES", "4000")  # the clerk's list of a sale day is larger
    url = f"{simulator.url}/clerk/Foreclosures/"
    with PortalHttp("clerk", min_interval_s=0) as http:
        with pytest.raises(PageTooLarge) as refused:
            sale_lists.clerk_list(http, url, TODAY.isoformat())
        assert isinstance(refused.value, ParseError)
        assert refused.value.source_url == url + "foreclosure_sales.html" and refused.value.limit == 4000
        assert "above the cap of 4,000 bytes" in str(refused.value) and "declares" in str(refused.value)
        assert http.stats["retries"] == 0 and http.stats["fallbacks"] == 0  # refused, not retried or replaced
    monkeypatch.setenv("BIDDEED_MAX_PAGE_BYTES", "2000000")
    with PortalHttp("clerk", min_interval_s=0) as http:
        assert sale_lists.clerk_list(http, url, TODAY.isoformat()).records


def _streamed(chunks: list[bytes], headers=None) -> httpx.Client:
    """A server that streams its body in chunks, without a Content-Length (as a chunked reply would)."""

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=headers or {}, content=iter(chunks))

    return httpx.Client(transport=httpx.MockTransport(handler))


def test_a_streamed_body_is_cut_off_as_soon_as_it_grows_past_the_cap():
    read = []

    def chunks():
        for n in range(100):
            read.append(n)
            yield b"x" * 1000

    client = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200, content=chunks())))
    with client, pytest.raises(PageTooLarge, match="grew past the cap") as refused:
        send_capped(client, client.build_request("GET", "http://portal.test/page"), limit=5500)
    assert refused.value.source_url == "http://portal.test/page"
    assert len(read) <= 7  # it stopped reading, it did not take the whole 100 kB first


def test_a_body_under_the_cap_arrives_whole_with_its_headers():
    client = _streamed([b"<html>", b"<body>ok</body>", b"</html>"], {"content-type": "text/html; charset=utf-8"})
    with client:
        response = send_capped(client, client.build_request("GET", "http://portal.test/page"), limit=1000)
    assert response.content == b"<html><body>ok</body></html>" and response.text.endswith("</html>")
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert str(response.url) == "http://portal.test/page"


def test_a_declared_content_length_over_the_cap_is_refused_unread():
    client = _streamed([b"x" * 10], {"content-length": "25000000"})
    with client:
        response = client.send(client.build_request("GET", "http://portal.test/big"), stream=True)
        with pytest.raises(PageTooLarge, match="declares 25,000,000 bytes"):
            read_capped(response, DEFAULT_MAX_PAGE_BYTES)
        response.close()


def test_biddeed_parse_refuses_a_file_over_the_cap_with_one_line(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("BIDDEED_MAX_PAGE_BYTES", "1000")
    assert cli.main(["parse", "clerk-sale-list", str(CLERK_PAGE)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "above the page cap of 1,000 bytes" in err[0] and "refused before parsing" in err[0]
    monkeypatch.setenv("BIDDEED_MAX_PAGE_BYTES", "100000")
    assert cli.main(["parse", "clerk-sale-list", str(CLERK_PAGE)]) == 0
    capsys.readouterr()
    assert cli.main(["parse", "clerk-sale-list", str(tmp_path / "missing.html")]) == 2
    assert capsys.readouterr().err.count("\n") == 1
