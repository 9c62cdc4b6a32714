"""The Dagster UI in a real browser: `biddeed ui` over a home with a materialized bid sheet, driven by Playwright
on the operating system's Chromium (no browser download). `.ci/run` installs Chromium when it is missing;
BIDDEED_SKIP_BROWSER=1 skips this module on purpose, a missing Chromium otherwise fails it."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import dagster as dg
import httpx
import psycopg
import pytest

from biddeed_assets.app import runtime
from biddeed_assets.defs.analyze.case_analysis import case_analysis
from biddeed_assets.defs.analyze.recommendations import recommendations
from biddeed_assets.defs.resources import DatabaseResource, NarratorResource
from biddeed_assets.store import migrations, server
from biddeed_assets_tests.defs.test_analyze_assets import BANK, DATE, HOA, KEY, store_partition

CHROMIUM = os.environ.get("BIDDEED_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
UI_START_S = 180  # the webserver, the daemon and the code location on a busy 2-core machine
OWN_VARIABLES = ("BIDDEED_DATABASE_URL", "BIDDEED_OWNER_DATABASE_URL", "BIDDEED_DAGSTER_PG_URL", "DAGSTER_HOME")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(proc: subprocess.Popen) -> None:
    """`dg dev` and its webserver, daemon and code servers share the process group started for it."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGINT)
    try:
        proc.wait(timeout=3)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # children that outlived the interrupt
    except ProcessLookupError:
        pass
    proc.wait(timeout=10)


def _wait_until_up(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + UI_START_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"biddeed ui exited with {proc.returncode}: {log.read_text()[-2000:]}")
        try:
            if httpx.get(url + "/server_info", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    pytest.fail(f"biddeed ui did not answer within {UI_START_S} s: {log.read_text()[-2000:]}")


@pytest.fixture(scope="module")
def ui():
    """`biddeed ui` on a free loopback port over its own home, whose instance has one materialized bid sheet."""
    if os.environ.get("BIDDEED_SKIP_BROWSER") == "1":
        pytest.skip("BIDDEED_SKIP_BROWSER=1")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: apt-get install -y chromium (or set BIDDEED_SKIP_BROWSER=1)")
    # Outside pytest's basetemp, which concurrent sessions prune from under a running server (as conftest's).
    home = Path(tempfile.mkdtemp(prefix="biddeed-test-ui-"))
    log = home / "ui.log"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("BIDDEED_HOME", str(home))
        env.setenv("BIDDEED_COUNTIES", "brevard")  # 1,500 partitions to draw, not 55,000
        for name in OWN_VARIABLES:
            env.delenv(name, raising=False)
        srv = server.up()
        proc = None
        try:
            migrations.migrate(srv.owner_url)
            port = _free_port()
            # Started before the partition is materialized: the UI loads the definitions meanwhile.
            proc = subprocess.Popen([str(Path(sys.executable).parent / "biddeed"), "ui", "--port", str(port)],
                                    env=dict(os.environ), cwd=runtime.PROJECT_ROOT, stdin=subprocess.DEVNULL,
                                    stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
            with psycopg.connect(srv.owner_url, autocommit=True) as conn:
                store_partition(conn)
            for name, value in runtime.environment(srv).items():
                env.setenv(name, value)
            with dg.DagsterInstance.get() as instance:
                result = dg.materialize([case_analysis, recommendations], partition_key=KEY,
                                        instance=instance, resources={"database": DatabaseResource(url=srv.url),
                                                   "narrator": NarratorResource()})
            assert result.success
            base = f"http://127.0.0.1:{port}"
            _wait_until_up(base, proc, log)
            yield base
        finally:
            if proc is not None:
                _stop(proc)
            server.stop_embedded(home / "pgdata")
            shutil.rmtree(home, ignore_errors=True)


def test_the_bid_sheet_of_a_partition_is_visible_in_the_ui(ui, tmp_path, record_property):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=60_000)

    shot = tmp_path / "bid_sheet.png"
    with sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1600, "height": 1000})
        page = browser.new_page()
        page.set_default_timeout(60_000)
        # Dagster's first-visit "join the community" dialog, whenever it covers the page.
        page.add_locator_handler(page.get_by_role("button", name="Skip"), lambda skip: skip.click())
        try:
            page.goto(ui + "/locations/biddeed/asset-groups/analyze/lineage")  # the analyze group's asset graph
            node = page.get_by_text("recommendations", exact=True).first
            expect(node).to_be_visible()
            node.click()
            page.get_by_role("link", name="View in Asset Catalog").click()  # the asset's page, in the same tab
            page.get_by_role("tab", name="Partitions", exact=True).click()
            page.get_by_placeholder("Filter by county…").fill("brevard")
            page.get_by_text("brevard", exact=True).first.click()
            page.get_by_placeholder("Filter by date…").fill(DATE)
            page.get_by_text(DATE, exact=True).first.click()
            expect(page.get_by_text(f"brevard|{DATE}", exact=True).first).to_be_visible()
            page.get_by_text("[Show Markdown]").first.click()  # bid_sheet, the first markdown entry (report follows)
            sheet = page.get_by_role("dialog")
            expect(sheet.get_by_role("row").filter(has_text=BANK)).to_contain_text("BID")
            expect(sheet.get_by_role("row").filter(has_text=HOA)).to_contain_text("DO_NOT_BID")
        finally:
            page.screenshot(path=str(shot))
            record_property("screenshot", str(shot))
            print(f"screenshot: {shot}")
            browser.close()
    assert shot.stat().st_size > 10_000
