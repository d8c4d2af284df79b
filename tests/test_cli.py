import os
import shutil
import socket
import subprocess
import sys

import pytest

from svkit import __version__, cli, server
from svkit.paths import data_dir
from tests.harness import free_port


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "svkit", *args], capture_output=True, text=True, timeout=120, env=env)


def test_version():
    result = run("version")
    assert result.returncode == 0 and result.stdout.strip() == f"svkit {__version__}"


def test_check_data_passes_on_the_shipped_data():
    result = run("check-data")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "data OK" in result.stdout


def test_check_data_fails_clearly_on_a_broken_copy(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    (copy / "toolkit" / "section-1.yaml").write_text("id: Not An Id\nnumber: 9\n")
    (copy / "mystery.csv").write_text("a,b\n1,2\n")
    result = run("check-data", "--data-dir", str(copy))
    assert result.returncode == 1
    assert "toolkit/section-1.yaml: id:" in result.stdout
    assert "toolkit/section-1.yaml: number:" in result.stdout
    assert "mystery.csv: no check knows this file" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_check_data_on_an_unreadable_file(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    (copy / "glossary.yaml").write_bytes(b"\xff\xfe\x00bad")
    result = run("check-data", "--data-dir", str(copy))
    assert result.returncode == 1 and "glossary.yaml: is not UTF-8 text" in result.stdout


def test_workshop_new_prints_code_and_join_url(tmp_path):
    db = f"sqlite:///{tmp_path / 'a.db'}"
    result = run("workshop", "new", "Finance officers, March", "--db", db)
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(": ", 1) for line in result.stdout.strip().splitlines())
    code = lines["Join code"].replace("-", "")
    assert lines["Join URL"] == f"http://127.0.0.1:8866/voila/render/notebooks/00-start.ipynb?ws={code}"
    from svkit.store import AnswerStore

    assert AnswerStore(db).find_workshop(code).title == "Finance officers, March"


def test_workshop_new_needs_a_title(tmp_path):
    result = run("workshop", "new", "  ", "--db", f"sqlite:///{tmp_path / 'a.db'}")
    assert result.returncode == 1 and "needs a title" in result.stderr


def test_serve_on_a_port_in_use_is_one_line():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        result = run("serve", "--port", str(port))
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "already in use" in result.stderr and "Traceback" not in result.stderr


def test_serve_with_an_unwritable_store_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("serve", "--port", str(free_port()), "--db", f"sqlite:///{blocker / 'a.db'}")
    assert result.returncode == 1
    assert "answer store could not be opened" in result.stderr
    assert result.stderr.strip().count("\n") == 0


def test_serve_with_broken_data_is_one_line(tmp_path):
    import os

    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    (copy / "glossary.yaml").write_text("terms: [")
    env = {**os.environ, "SVKIT_DATA_DIR": str(copy)}
    result = run("serve", "--port", str(free_port()), env=env)
    assert result.returncode == 1
    assert "glossary.yaml" in result.stderr and "check-data" in result.stderr
    assert result.stderr.strip().count("\n") == 0


def test_serve_settings_follow_the_design(tmp_path):
    root = server.make_site_root()
    assert sorted(p.name for p in root.iterdir()) == ["exercises", "notebooks", "trainer"]
    assert sorted(p.name for p in (root / "trainer").iterdir()) == ["console.ipynb", "projector.ipynb"]
    c = server.voila_config(root, server.ServeOptions())
    vc = c.VoilaConfiguration
    assert vc.strip_sources is True and vc.show_tracebacks is False
    assert vc.allow_template_override == "NO" and vc.allow_theme_override == "NO"
    assert vc.progressive_rendering is False and vc.preheat_kernel is True
    assert c.MappingKernelManager.cull_connected is False  # never the kernel of an open tab
    assert 60 <= c.MappingKernelManager.cull_idle_timeout <= 3600  # the backstop for vanished pages
    assert c.Voila.tornado_settings["headers"]["Referrer-Policy"] == "no-referrer"
    assert c.Voila.tornado_settings["websocket_max_message_size"] > server.UPLOAD_LIMIT_BYTES
    pools = c.VoilaKernelManager.kernel_pools_config
    assert pools["notebooks/00-start.ipynb"]["pool_size"] == server.LESSON_POOL_SIZE
    arrival = server.arrival_pools(pools, server.ServeOptions())
    assert arrival == {server.START_APP: server.ROOM_SIZE, server.FIRST_LESSON: server.ROOM_SIZE}  # the room
    assert pools["default"]["pool_size"] == 0
    assert pools["exercises/1-1-values.ipynb"]["pool_size"] == server.EXERCISE_POOL_SIZE
    assert pools["trainer/console.ipynb"]["pool_size"] == 0  # one trainer: no warm kernels held
    assert c.VoilaExecutor.iopub_timeout >= 30  # a late output under load is waited for, not dropped
    if os.name == "posix":  # no TCP port races between kernels starting together
        assert c.KernelManager.transport == "ipc"
    timeout = c.VoilaExecutor.timeout_func
    assert timeout({"source": "app = build_start_app()\napp"}) is None  # waits for its visitor
    assert timeout({"source": "x = 1"}) == server.CELL_TIMEOUT_SECONDS


def test_kernels_reach_the_server_on_the_room_address():
    assert server.connect_host("0.0.0.0") == "127.0.0.1"
    assert server.connect_host("192.0.2.10") == "192.0.2.10"
    assert server.start_url("192.0.2.10", 8866).startswith("http://192.0.2.10:8866/voila/render/")


def test_unknown_command_prints_help(capsys):
    assert cli.main([]) == 2


def test_the_start_app_fills_first_then_the_first_lesson_then_lessons_then_exercises():
    root = server.make_site_root()
    order = server.fill_order(server.kernel_pools(root, server.ServeOptions()))
    assert order[:2] == [server.START_APP, server.FIRST_LESSON]
    lessons = [a for a in order if a.startswith("notebooks/")]
    assert order[:len(lessons)] == lessons and len(order) > len(lessons)


@pytest.mark.parametrize("memory_mb, expected", [(24_000, 120), (8_000, 40), (1_000, 5), (100, 4)])
def test_the_kernel_ceiling_follows_the_machine_memory(memory_mb, expected):
    # 75% of the available memory at 150 MB a kernel, never fewer than 4: worked by hand
    assert server.kernel_ceiling(server.ServeOptions(), memory_mb=memory_mb) == expected


def test_a_ceiling_set_by_hand_wins():
    assert server.kernel_ceiling(server.ServeOptions(max_kernels=12), memory_mb=24_000) == 12


@pytest.mark.parametrize("argv, message", [
    (["serve", "--room", "-1"], "--room cannot be negative"),
    (["serve", "--max-kernels", "0"], "--max-kernels must be at least 1"),
])
def test_bad_room_settings_are_one_line(argv, message, capsys):
    assert cli.main([*argv, "--port", "65001"]) == 1
    err = capsys.readouterr().err
    assert message in err and err.strip().count("\n") == 0


def test_room_warm_without_a_running_server_is_one_line(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert cli.main(["room", "warm", "2-2", "--port", "65002"]) == 1
    err = capsys.readouterr().err
    assert "No svkit server of yours is running on port 65002" in err and err.strip().count("\n") == 0


@pytest.mark.parametrize("name, path", [
    ("2-2", "exercises/2-2-tender-lab.ipynb"), ("2-2-tender-lab", "exercises/2-2-tender-lab.ipynb"),
    ("00-start", "notebooks/00-start.ipynb"), ("exercises/3-6-zoning.ipynb", "exercises/3-6-zoning.ipynb"),
])
def test_room_warm_finds_an_app_by_label_or_path(name, path):
    assert cli.resolve_app(name) == path


def test_room_warm_names_an_unknown_app():
    with pytest.raises(ValueError, match="No app called '9-9'"):
        cli.resolve_app("9-9")


# -- the trainer's workshop commands (issue 16) ------------------------------------
def _new_workshop(db, title="Finance officers, March"):
    result = run("workshop", "new", title, "--db", db)
    assert result.returncode == 0, result.stderr
    return dict(line.split(": ", 1) for line in result.stdout.strip().splitlines())


def _key_of(link):
    from urllib.parse import parse_qs, urlsplit

    query = parse_qs(urlsplit(link).query)
    return query["ws"][0], query["k"][0]


def test_workshop_new_prints_a_trainer_link_whose_key_opens_the_console(tmp_path):
    from svkit.store import AnswerStore

    db = f"sqlite:///{tmp_path / 'a.db'}"
    lines = _new_workshop(db)
    link = lines["Trainer link (keep it to yourself)"]
    assert link.startswith("http://127.0.0.1:8866/voila/render/trainer/console.ipynb?ws=")
    assert lines["Projector link"].startswith("http://127.0.0.1:8866/voila/render/trainer/projector.ipynb?ws=")
    code, key = _key_of(link)
    assert code == lines["Join code"].replace("-", "")
    assert AnswerStore(db).check_trainer_key(code, key)
    assert key not in lines["Join URL"]


def test_trainer_link_issues_a_new_key_and_the_old_one_stops_working(tmp_path):
    from svkit.store import AnswerStore

    db = f"sqlite:///{tmp_path / 'a.db'}"
    lines = _new_workshop(db)
    code, old = _key_of(lines["Trainer link (keep it to yourself)"])
    result = run("workshop", "trainer-link", lines["Join code"], "--db", db)
    assert result.returncode == 0, result.stderr
    new_link = dict(line.split(": ", 1) for line in result.stdout.splitlines() if ": " in line)
    _, new = _key_of(new_link["Trainer link (keep it to yourself)"])
    store = AnswerStore(db)
    assert store.check_trainer_key(code, new) and not store.check_trainer_key(code, old)
    assert run("workshop", "trainer-link", "ZZZ-ZZZ", "--db", db).returncode == 1


def test_workshop_list_shows_codes_titles_and_counts(tmp_path):
    from svkit.store import AnswerStore

    db = f"sqlite:///{tmp_path / 'a.db'}"
    assert "No workshops yet" in run("workshop", "list", "--db", db).stdout
    code = _new_workshop(db, "Alpha")["Join code"]
    _new_workshop(db, "Beta")
    store = AnswerStore(db)
    store.join("p1", code.replace("-", ""), "Asha")
    store.save("p1", "1-1", "summary", {"right": 1, "of": 2}, workshop=code.replace("-", ""))
    out = run("workshop", "list", "--db", db).stdout.splitlines()
    alpha = next(line for line in out if line.endswith("Alpha")).split()
    beta = next(line for line in out if line.endswith("Beta")).split()
    assert alpha[:3] == [code, "1", "1"]
    assert beta[1:3] == ["0", "0"]


def _room_with_answers(db):
    from svkit.store import AnswerStore

    code = _new_workshop(db)["Join code"].replace("-", "")
    store = AnswerStore(db)
    store.join("p1", code, "Asha")
    store.join("p2", code, "=HYPERLINK(\"http://evil.example\",\"click\")")
    store.save("p1", "3-7", "summary", {"service": "=HYPERLINK(\"http://evil.example\")", "texts": ["I choose"]},
               workshop=code)
    store.save("p2", "3-7", "summary", {"service": "Homecare", "texts": ["+1 I see friends"]}, workshop=code)
    store.save("p1", "2-2", "summary", {"bid_set": "community-meals", "weights": {"price": 60, "quality": 30,
                                        "social_value": 10}, "winner_menu": "A"}, workshop=code)
    return code


def test_workshop_export_xlsx_reopens_with_a_sheet_per_exercise_and_formulas_neutralised(tmp_path):
    from openpyxl import load_workbook

    db = f"sqlite:///{tmp_path / 'a.db'}"
    code = _room_with_answers(db)
    out = tmp_path / "room.xlsx"
    result = run("workshop", "export", code, "--out", str(out), "--db", db)
    assert result.returncode == 0, result.stderr
    wb = load_workbook(out)
    assert wb.sheetnames == ["2-2", "3-7"]
    rows = [[c.value for c in row] for row in wb["3-7"].iter_rows()]
    assert rows[0] == ["display name", "service", "texts", "saved at (UTC)"]
    assert len(rows) == 3  # one row per participant
    cells = [v for row in rows for v in row if isinstance(v, str)]
    assert "'=HYPERLINK(\"http://evil.example\")" in cells
    assert "'=HYPERLINK(\"http://evil.example\",\"click\")" in cells  # a display name too
    assert "'+1 I see friends" in cells
    assert not any(v.startswith(("=", "+", "-", "@")) for v in cells)
    assert [[c.value for c in row] for row in wb["2-2"].iter_rows()][1][:4] == [
        "Asha", "community-meals", 60, 30]


def test_workshop_export_csv_and_bad_targets(tmp_path):
    db = f"sqlite:///{tmp_path / 'a.db'}"
    code = _room_with_answers(db)
    out = tmp_path / "room.csv"
    assert run("workshop", "export", code, "--out", str(out), "--db", db).returncode == 0
    text = out.read_text(encoding="utf-8-sig")
    assert "Exercise 3-7" in text and "'=HYPERLINK(" in text and "\n=HYPERLINK" not in text
    wrong = run("workshop", "export", code, "--out", str(tmp_path / "room.pdf"), "--db", db)
    assert wrong.returncode == 1 and ".xlsx or .csv" in wrong.stderr
    unknown = run("workshop", "export", "ZZZZZZ", "--out", str(out), "--db", db)
    assert unknown.returncode == 1 and "no workshop" in unknown.stderr


def test_workshop_delete_needs_the_code_typed_and_leaves_others_untouched(tmp_path):
    from svkit.store import AnswerStore

    db = f"sqlite:///{tmp_path / 'a.db'}"
    code = _room_with_answers(db)
    other = _new_workshop(db, "Other")["Join code"].replace("-", "")
    store = AnswerStore(db)
    store.join("q1", other, "Quinn")
    store.save("q1", "1-1", "summary", {"right": 1}, workshop=other)
    refused = subprocess.run([sys.executable, "-m", "svkit", "workshop", "delete", code, "--db", db],
                             input="no\n", capture_output=True, text=True)
    assert refused.returncode == 1 and "Not deleted" in refused.stderr
    assert store.find_workshop(code) is not None
    done = subprocess.run([sys.executable, "-m", "svkit", "workshop", "delete", code, "--db", db],
                          input=f"{code[:3]}-{code[3:]}\n".lower(), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert store.find_workshop(code) is None and store.members(code) == {} and store.summaries(code) == {}
    assert store.members(other) == {"q1": "Quinn"} and store.summaries(other) == {("q1", "1-1"): {"right": 1}}
