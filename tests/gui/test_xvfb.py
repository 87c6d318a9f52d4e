"""The real application in a real X server: start, sign in, search, open a case, quit.

The application runs as `python -m caseworker` in its own process; xdotool
types into its windows like a person would. What happened is read back from
the store's audit trail. Needs Xvfb and xdotool (`.ci/run` installs both).
"""

from __future__ import annotations

import os
import random
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select as sql_select

from caseworker.store.models import AuditEvent
from tests.support.factories import new_case
from tests.support.stores import PASSWORD, SqliteTemplates, services_for

pytestmark = [pytest.mark.xvfb, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]


def _start_xvfb(number: int) -> subprocess.Popen[bytes] | None:
    """Xvfb on display `number`, once it accepts connections; None if that display is taken."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp",
         "-noreset"],
        pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(write_end)
    answer, deadline = b"", time.monotonic() + 20
    while not answer.endswith(b"\n") and time.monotonic() < deadline:  # Xvfb writes "N" then "\n"
        ready, _, _ = select.select([read_end], [], [], 1)
        chunk = os.read(read_end, 32) if ready else b""
        if ready and not chunk:
            break
        answer += chunk
    os.close(read_end)
    if answer.decode().strip() != str(number):
        server.kill()
        server.wait()
        return None
    return server


@pytest.fixture
def display() -> Iterator[str]:
    for tool, package in (("Xvfb", "xvfb"), ("xdotool", "xdotool")):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (apt-get install {package})")
    # A high, random display number: low ones may belong to other X servers on a shared machine.
    for number in random.sample(range(100, 900), 10):
        if Path(f"/tmp/.X{number}-lock").exists():
            continue
        server = _start_xvfb(number)
        if server is not None:
            break
    else:
        pytest.fail("could not start Xvfb on any free display")
    yield f":{number}"
    server.terminate()
    server.wait(10)


def xdotool(env: dict[str, str], *args: str, timeout: float = 30) -> str:
    done = subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise AssertionError(f"xdotool {' '.join(args)} on {env.get('DISPLAY')} failed: {done.stderr.strip()}")
    return done.stdout.strip()


def focus_window(env: dict[str, str], title: str) -> str:
    window = xdotool(env, "search", "--sync", "--onlyvisible", "--name", title).splitlines()[0]
    xdotool(env, "windowfocus", "--sync", window)
    return window


def audit(templates: SqliteTemplates, path: Path, action: str) -> list[tuple[str, int | None]]:
    from caseworker.store.location import StoreLocation

    store = templates.open(StoreLocation(path=path))
    try:
        with store.read() as session:
            rows = session.execute(
                sql_select(AuditEvent.actor_name, AuditEvent.case_id).where(AuditEvent.action == action)
            )
            return [tuple(row) for row in rows]  # type: ignore[misc]
    finally:
        store.close()


def test_start_sign_in_search_open_a_case_and_quit(display: str, sqlite_templates: SqliteTemplates, tmp_path: Path) -> None:
    location = sqlite_templates.fresh(tmp_path)
    store = sqlite_templates.open(location)
    services = services_for(store, "caseworker")
    karimi = new_case(services, given="Mohammad", surname="Karimi", original="محمد کریمی").id
    for given, surname in (("Fatima", "Haidari"), ("Abdul Rahman", "Wardak"), ("Gul", "Noori")):
        new_case(services, given=given, surname=surname, original="", passport=None, phone=None)
    services.cases.assign([karimi], "caseworker")
    store.close()
    assert location.path is not None
    env = {
        **os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT),
        "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }  # fmt: skip
    app = subprocess.Popen([sys.executable, "-m", "caseworker", "--store", str(location.path), "--user", "caseworker"],
                           env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    try:
        time.sleep(0.2)
        if app.poll() is not None:
            pytest.fail(f"the application stopped at once: {app.communicate()[0]}")
        focus_window(env, "Sign in to caseworker")
        xdotool(env, "type", "--delay", "15", PASSWORD)
        xdotool(env, "key", "Return")
        focus_window(env, "caseworker — store")
        assert audit(sqlite_templates, location.path, "auth.sign_in") == [("caseworker", None)] * 2  # set-up's and the window's
        xdotool(env, "key", "ctrl+f")
        xdotool(env, "type", "--delay", "15", "Muhammad")
        xdotool(env, "key", "Return")  # search now; the first result gets the focus
        deadline = time.monotonic() + 30
        while not audit(sqlite_templates, location.path, "view.case") and time.monotonic() < deadline:
            xdotool(env, "key", "Return")  # opens the selected case once the result is in
            time.sleep(0.5)
        assert audit(sqlite_templates, location.path, "view.case") == [("caseworker", karimi)]
        xdotool(env, "key", "ctrl+q")
        output, _ = app.communicate(timeout=30)
        assert app.returncode == 0, output
    except BaseException:
        if app.poll() is None:
            app.kill()
        print("application output:\n", app.communicate()[0])
        raise
