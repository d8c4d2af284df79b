"""Who is asking: the participant token and workshop code of this page.

Each page (and so each kernel) belongs to one visitor. Identity travels in
the page URL as ``?p=<token>`` and, when joined, ``&ws=<join code>``. A new
visitor gets ``secrets.token_urlsafe(16)`` (128 random bits); the app writes
it into the URL so a reload keeps it, and every link carries it on.

The resume code shown on screen is the same 128 bits written in Crockford
base32 with two check characters, in groups of four, so it can be typed back on
another computer. It is never shorter than the token it encodes.
"""

from __future__ import annotations

import base64
import logging
import json
import os
import re
import secrets
from dataclasses import dataclass, replace
from urllib.parse import parse_qs, urlencode

log = logging.getLogger("svkit.session")

#: Set by svkit serve for its kernels (the same names as in svkit.roomserver, which this module
#: does not import: it loads tornado).
QUERY_SECRET_ENV = "SVKIT_QUERY_SECRET"
QUERY_SECRET_HEADER = "X-Svkit-Kernel-Secret"

TOKEN_BYTES = 16  # 128 bits
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{22}$")  # token_urlsafe(16) is 22 characters

#: Crockford base32 digits; I, L, O and U are left out, and read as 1, 1, 0 and V.
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_READ_AS = {"I": "1", "L": "1", "O": "0", "U": "V"}
RESUME_GROUP = 4  # characters per group in a displayed resume code
CHECK_MODULUS = 1021  # the two check characters hold a weighted sum modulo this prime
DATA_DIGITS = 26  # base32 digits for 128 bits (26 x 5 = 130)
CHECK_DIGITS = 2


class ResumeCodeError(ValueError):
    """A typed resume code cannot be read; the message says why, for people."""


def new_token() -> str:
    """A fresh participant token (128 random bits, URL-safe)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def is_token(text: str | None) -> bool:
    """True when ``text`` has the shape of a participant token."""
    if not text or not TOKEN_PATTERN.match(text):
        return False
    try:
        return len(base64.urlsafe_b64decode(text + "==")) == TOKEN_BYTES
    except ValueError:
        return False


def _check_digits(digits: list[int]) -> list[int]:
    """Two base32 digits of a weighted sum modulo a prime larger than any weight x digit.

    Any one mistyped character, and any swap of two neighbours, changes it.
    """
    total = sum((i + 1) * d for i, d in enumerate(digits)) % CHECK_MODULUS
    return [total >> 5, total & 31]


def resume_code(token: str) -> str:
    """The typeable form of a participant token: 26 base32 digits + 2 check digits, in groups of 4."""
    if not is_token(token):
        raise ValueError("not a participant token")
    number = int.from_bytes(base64.urlsafe_b64decode(token + "=="), "big")
    digits = []
    for _ in range(DATA_DIGITS):
        digits.append(number & 31)
        number >>= 5
    digits.reverse()
    digits.extend(_check_digits(digits))
    text = "".join(CROCKFORD[d] for d in digits)
    return "-".join(text[i:i + RESUME_GROUP] for i in range(0, len(text), RESUME_GROUP))


def token_from_resume_code(code: str) -> str:
    """Read a typed resume code back into the participant token.

    Spaces, dashes and case do not matter; I, L, O and U are read as the
    digits they are easily mistaken for.

    Raises
    ------
    ResumeCodeError
        With a plain-English reason when the code cannot be read.
    """
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    cleaned = "".join(_READ_AS.get(ch, ch) for ch in cleaned)
    if not cleaned:
        raise ResumeCodeError("Please type your resume code.")
    expected = DATA_DIGITS + CHECK_DIGITS
    if len(cleaned) != expected:
        raise ResumeCodeError(
            f"A resume code has {expected} letters and digits; this one has {len(cleaned)}. Check that none are missing."
        )
    bad = sorted({ch for ch in cleaned if ch not in CROCKFORD})
    if bad:
        raise ResumeCodeError(f"A resume code never contains {', '.join(bad)}. Check for a typo.")
    digits = [CROCKFORD.index(ch) for ch in cleaned]
    if _check_digits(digits[:DATA_DIGITS]) != digits[DATA_DIGITS:]:
        raise ResumeCodeError("That resume code does not add up: one character is probably mistyped.")
    number = 0
    for d in digits[:DATA_DIGITS]:
        number = (number << 5) | d
    if number >> (8 * TOKEN_BYTES):
        raise ResumeCodeError("That resume code does not add up: one character is probably mistyped.")
    raw = number.to_bytes(TOKEN_BYTES, "big")
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@dataclass(frozen=True)
class Visitor:
    """The person behind this page."""

    token: str  # participant token
    workshop: str | None = None  # join code from the URL, not yet checked against the store
    fresh: bool = False  # True when the token was made for this page just now
    notice: str = ""  # something to tell the visitor about their link, in plain words

    @property
    def query(self) -> str:
        """The query string that carries this identity: ``p=...&ws=...``."""
        params = {"p": self.token}
        if self.workshop:
            params["ws"] = self.workshop
        return urlencode(params)

    def link(self, href: str) -> str:
        """``href`` with this identity added to its query string."""
        sep = "&" if "?" in href else "?"
        return f"{href}{sep}{self.query}"

    def with_workshop(self, code: str | None) -> "Visitor":
        return replace(self, workshop=code)


def visitor_from_query(query: str | None) -> Visitor:
    """Read the visitor from a query string; make a new token if it has none.

    A ``p`` that is not a well-formed token is never used: the visitor gets a
    fresh token and a notice saying so.
    """
    params = parse_qs((query or "").lstrip("?"), keep_blank_values=False)
    raw_token = (params.get("p") or [""])[0]
    raw_ws = (params.get("ws") or [""])[0]
    workshop = "".join(ch for ch in raw_ws.upper() if ch.isalnum())[:16] or None
    if is_token(raw_token):
        return Visitor(token=raw_token, workshop=workshop)
    notice = ""
    if raw_token:
        notice = "The participant code in this link was not recognised, so this page has started a fresh record for you."
    return Visitor(token=new_token(), workshop=workshop, fresh=True, notice=notice)


def request_query_string() -> str:
    """The query string of the page this kernel serves.

    In a preheated (pooled) kernel Voila sets ``VOILA_PREHEAT="True"`` and the
    request arrives later: wait for it (:func:`wait_for_request`).
    """
    if os.environ.get("VOILA_PREHEAT") == "True":
        wait_for_request()
    return os.environ.get("QUERY_STRING", "")


def wait_for_request() -> None:
    """Block until Voila hands this pooled kernel its page request, then put the request's
    details (``QUERY_STRING`` and the rest) into the environment.

    The same exchange as ``voila.utils.wait_for_request`` (Voila 0.5: one message on the
    ``voila/query/<kernel id>`` websocket), done with the ``websockets`` client alone: importing
    ``voila.utils`` loads Voila's server stack, about 48 MB and 1.5 s of CPU in every kernel.
    """
    from websockets.sync.client import connect

    protocol = os.environ.get("VOILA_WS_PROTOCOL", "ws")
    host = os.environ.get("VOILA_APP_IP", "127.0.0.1")
    port = os.environ.get("VOILA_APP_PORT", "8866")
    base = os.environ.get("VOILA_WS_BASE_URL", os.environ.get("VOILA_SERVER_URL", "/"))
    url = f"{protocol}://{host}:{port}{base}voila/query/{os.environ.get('VOILA_KERNEL_ID', '')}"
    # Only this kernel may read its visitor's request: svkit serve gives every kernel it starts
    # a secret to show (svkit.roomserver.KernelRequestSocket).
    headers = {QUERY_SECRET_HEADER: os.environ.get(QUERY_SECRET_ENV, "")}
    try:
        with connect(url, open_timeout=5, max_size=None, additional_headers=headers, proxy=None) as socket:
            info = socket.recv()
    except (OSError, TimeoutError, ValueError) as exc:  # no server to ask: carry on as a fresh visitor
        log.warning("could not read the page request: %s", type(exc).__name__)
        return
    for key, value in json.loads(info).items():
        os.environ[key] = str(value)


_current: Visitor | None = None


def request_pending() -> bool:
    """True in a pooled (preheated) kernel that has not yet read its page request."""
    return _current is None and os.environ.get("VOILA_PREHEAT") == "True"


def current() -> Visitor:
    """This kernel's visitor, read once from the request and then kept."""
    global _current
    if _current is None:
        _current = visitor_from_query(request_query_string())
    return _current


def set_current(visitor: Visitor | None) -> None:
    """Replace (or with None, forget) this kernel's visitor; used on join and in tests."""
    global _current
    _current = visitor
