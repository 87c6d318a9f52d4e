"""`cases move --expect-status / --expect-version`: a move refused when the case has moved on.

Without them, two people moving one case at the same moment (to different states) would
both be told "done", the later quietly replacing the earlier. With them, the move is checked
inside the write transaction, so of several simultaneous moves from one state exactly one
succeeds and the others are refused as conflicts, whatever the timing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from caseworker.domain.errors import ConflictError
from caseworker.store.opening import open_store
from tests.cli.conftest import CLI_PASSWORD, Run
from tests.support.factories import new_case
from tests.support.stores import services_for

ROOT = Path(__file__).resolve().parents[2]
TARGETS = ["CONTACTING", "CONTACTED", "ON_HOLD", "WITHDRAWN", "CONTACTING", "CONTACTED"]


def _referred_case(cli: Run) -> str:
    cli("demo", "--cases", "20", "--seed", "4")
    _, out, _ = cli("cases", "list", "--status", "REFERRED", "--limit", "1", "--json")
    return str(json.loads(out)["cases"][0]["reference"])


def _status(cli: Run, ref: str) -> tuple[str, int]:
    _, out, _ = cli("cases", "show", ref, "--json")
    case = json.loads(out)
    return case["status"], case["version"]


def test_a_move_from_a_status_the_case_has_left_is_refused_and_changes_nothing(run_cli: Run) -> None:
    ref = _referred_case(run_cli)
    code, out, _ = run_cli("cases", "move", ref, "CONTACTING", "--reason", "called", "--expect-status", "REFERRED")
    assert code == 0 and f"{ref} is now CONTACTING" in out
    status, version = _status(run_cli, ref)

    code, out, err = run_cli("cases", "move", ref, "ON_HOLD", "--reason", "waiting", "--expect-status", "referred")
    assert code == 5 and out == ""
    assert f"case {ref} is CONTACTING, not REFERRED" in err and "by caseworker at" in err
    assert "nothing was moved" in err and "Traceback" not in err
    assert _status(run_cli, ref) == (status, version)


def test_a_move_from_an_older_version_is_refused(run_cli: Run) -> None:
    ref = _referred_case(run_cli)
    _, version = _status(run_cli, ref)
    code, _, err = run_cli("cases", "move", ref, "CONTACTING", "--reason", "x", "--expect-version", str(version - 1))
    assert code == 5 and f"case {ref} was changed" in err
    code, out, _ = run_cli("cases", "move", ref, "CONTACTING", "--reason", "x", "--expect-version", str(version),
                           "--json")
    assert code == 0 and json.loads(out)["status"] == "CONTACTING" and json.loads(out)["version"] == version + 1


@pytest.mark.slow
def test_simultaneous_moves_by_several_processes_let_exactly_one_through(run_cli: Run, cli_store: Path) -> None:
    ref = _referred_case(run_cli)
    go = cli_store.parent / "go"
    script = (
        "import os, sys, time\n"
        "from caseworker.cli.main import main\n"
        "while not os.path.exists(sys.argv[1]): time.sleep(0.005)\n"  # start together
        "sys.exit(main(sys.argv[2:]))\n"
    )
    env = dict(os.environ, CASEWORKER_STORE=str(cli_store), CASEWORKER_USER="caseworker",
               CASEWORKER_PASSWORD=CLI_PASSWORD, PYTHONPATH=str(ROOT))
    children = [subprocess.Popen(
        [sys.executable, "-c", script, str(go), "cases", "move", ref, target, "--reason", f"move {i}",
         "--expect-status", "REFERRED"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i, target in enumerate(TARGETS)]  # fmt: skip
    go.touch()
    results = [(child.wait(timeout=120), *child.communicate()) for child in children]
    winners = [(i, out) for i, (code, out, _) in enumerate(results) if code == 0]
    losers = [err for code, _, err in results if code != 0]
    assert len(winners) == 1, results
    assert all(f"case {ref} is " in err and "not REFERRED" in err for err in losers), losers
    assert _status(run_cli, ref)[0] == TARGETS[winners[0][0]]
    _, out, _ = run_cli("audit", "verify")
    assert "intact" in out


@pytest.mark.postgres
def test_simultaneous_moves_on_postgresql_let_exactly_one_through(postgres_templates) -> None:  # type: ignore[no-untyped-def]
    store = open_store(postgres_templates.fresh())
    try:
        services = services_for(store, "caseworker")
        case = new_case(services)
        barrier = threading.Barrier(len(TARGETS))
        results: list[object] = [None] * len(TARGETS)

        def move(i: int) -> None:
            mover = services_for(store, "caseworker")
            barrier.wait()
            try:
                results[i] = mover.cases.move(case.id, TARGETS[i], f"move {i}", expected_status="REFERRED").status
            except ConflictError as exc:
                results[i] = exc

        threads = [threading.Thread(target=move, args=(i,)) for i in range(len(TARGETS))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        moved = [r for r in results if isinstance(r, str)]
        assert len(moved) == 1, results
        assert all(isinstance(r, ConflictError) for r in results if not isinstance(r, str)), results
        assert services.cases.get(case.id).status == moved[0]
    finally:
        store.close()
