import socket

from biddeed_assets.portals import reachability


def test_a_listening_host_is_reachable_and_a_closed_port_is_not():
    with socket.create_server(("127.0.0.1", 0)) as listening:
        port = listening.getsockname()[1]
        failed = reachability.unreachable([f"http://127.0.0.1:{port}/clerk", "http://127.0.0.1:9/beca"], timeout_s=2)
    assert list(failed) == ["127.0.0.1:9"] and "refused" in failed["127.0.0.1:9"].lower()


def test_hosts_and_default_ports():
    assert reachability.host_port("https://www.duval.realforeclose.com") == ("www.duval.realforeclose.com", 443)
    assert reachability.host_port("http://vweb2.brevardclerk.us/Foreclosures/") == ("vweb2.brevardclerk.us", 80)
    assert reachability.is_loopback("http://127.0.0.1:8765/rf/duval")
