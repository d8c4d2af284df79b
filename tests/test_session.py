import base64

import pytest
from hypothesis import assume, given, strategies as st

from svkit import session

tokens = st.binary(min_size=16, max_size=16).map(lambda b: base64.urlsafe_b64encode(b).decode().rstrip("="))


@given(tokens)
def test_resume_code_round_trips_every_token(token):
    assert session.token_from_resume_code(session.resume_code(token)) == token


@given(tokens)
def test_resume_code_carries_at_least_the_tokens_bits(token):
    code = session.resume_code(token).replace("-", "")
    assert len(code) - session.CHECK_DIGITS >= 26  # 26 base32 digits = 130 bits >= 128
    assert all(ch in session.CROCKFORD for ch in code)


@given(tokens)
def test_resume_code_is_forgiving_about_case_spaces_and_lookalikes(token):
    code = session.resume_code(token)
    typed = code.lower().replace("-", " ").replace("1", "l").replace("0", "o")
    assert session.token_from_resume_code(typed) == token


@given(tokens, st.data())
def test_a_single_mistyped_character_is_caught(token, data):
    code = session.resume_code(token).replace("-", "")
    i = data.draw(st.integers(0, len(code) - 1))
    replacement = data.draw(st.sampled_from([c for c in session.CROCKFORD if c != code[i]]))
    mistyped = code[:i] + replacement + code[i + 1:]
    with pytest.raises(session.ResumeCodeError):
        session.token_from_resume_code(mistyped)


@pytest.mark.parametrize("typed, reason", [
    ("", "Please type"),
    ("ABCD-EFGH", "28 letters"),
    ("ABCD-EFGH-!!", "28 letters"),
    ("É" * 28, "never contains"),
])
def test_bad_resume_codes_get_plain_reasons(typed, reason):
    with pytest.raises(session.ResumeCodeError, match=reason):
        session.token_from_resume_code(typed)


def test_new_visitor_gets_a_fresh_128_bit_token():
    v = session.visitor_from_query("")
    assert v.fresh and session.is_token(v.token)
    assert len(base64.urlsafe_b64decode(v.token + "==")) == 16


def test_visitor_is_read_from_the_query_string():
    token = session.new_token()
    v = session.visitor_from_query(f"p={token}&ws=k7p-4qx")
    assert (v.token, v.workshop, v.fresh) == (token, "K7P4QX", False)


@pytest.mark.parametrize("bad", ["abc", "x" * 40, "../../etc", "%3Cscript%3E"])
def test_a_malformed_token_is_never_used(bad):
    v = session.visitor_from_query(f"p={bad}")
    assert v.token != bad and v.fresh and "not recognised" in v.notice


def test_links_carry_identity():
    v = session.Visitor(token=session.new_token(), workshop="K7P4QX")
    assert v.link("../exercises/1-1-values.ipynb") == f"../exercises/1-1-values.ipynb?p={v.token}&ws=K7P4QX"
    assert v.link("a.ipynb?x=1").startswith("a.ipynb?x=1&p=")


def test_preheated_kernel_reads_the_request_from_voilas_query_socket(monkeypatch):
    """The real exchange: a websocket on voila/query/<kernel id> sends one JSON message."""
    import json
    import threading

    from websockets.sync.server import serve

    seen = []

    def handler(socket):
        seen.append(socket.request.path)
        socket.send(json.dumps({"QUERY_STRING": "p=late&ws=K7P4QX", "SERVER_PORT": "8866"}))

    with serve(handler, "127.0.0.1", 0) as server:
        port = server.socket.getsockname()[1]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        monkeypatch.setenv("VOILA_PREHEAT", "True")
        monkeypatch.setenv("VOILA_APP_IP", "127.0.0.1")
        monkeypatch.setenv("VOILA_APP_PORT", str(port))
        monkeypatch.setenv("VOILA_SERVER_URL", "/")
        monkeypatch.delenv("VOILA_WS_BASE_URL", raising=False)
        monkeypatch.setenv("VOILA_KERNEL_ID", "abc-123")
        monkeypatch.setenv("QUERY_STRING", "")
        assert session.request_query_string() == "p=late&ws=K7P4QX"
        server.shutdown()
    assert seen == ["/voila/query/abc-123"]


def test_a_missing_query_server_leaves_a_fresh_visitor(monkeypatch):
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("VOILA_APP_IP", "127.0.0.1")
    monkeypatch.setenv("VOILA_APP_PORT", "9")  # nothing listens here
    monkeypatch.setenv("QUERY_STRING", "")
    assert session.request_query_string() == ""


def test_plain_kernel_does_not_wait(monkeypatch):
    monkeypatch.setattr(session, "wait_for_request", lambda: pytest.fail("waited"))
    monkeypatch.setenv("VOILA_PREHEAT", "False")
    monkeypatch.setenv("QUERY_STRING", "p=now")
    assert session.request_query_string() == "p=now"


@given(tokens, st.data())
def test_swapping_two_neighbouring_characters_is_caught(token, data):
    code = session.resume_code(token).replace("-", "")
    i = data.draw(st.integers(0, len(code) - 2))
    assume(code[i] != code[i + 1])
    swapped = code[:i] + code[i + 1] + code[i] + code[i + 2:]
    with pytest.raises(session.ResumeCodeError):
        session.token_from_resume_code(swapped)
