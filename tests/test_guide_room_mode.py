"""The facilitator guide on room mode (issue 15, finding 8): `--host 0.0.0.0` only on a private
network, otherwise behind the organisation's HTTPS reverse proxy, with the proxy's own lines."""

from pathlib import Path

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "facilitator-guide.md"


def test_the_guide_says_where_0_0_0_0_is_safe_and_gives_the_reverse_proxy_lines():
    text = GUIDE.read_text(encoding="utf-8")
    words = " ".join(text.split())
    assert "0.0.0.0` only on a private network" in words
    assert "HTTPS reverse proxy" in words
    for line in ("proxy_pass http://127.0.0.1:8866;", "proxy_set_header Upgrade $http_upgrade;"):
        assert line in text  # the lines a proxy needs for the pages and their kernel websockets
