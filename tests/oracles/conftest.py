"""Fixtures shared by the outside checks: a scratch folder, the moto server, and the closing
summary of what was checked and what was not."""

import atexit
import os
import shutil
import signal
import tempfile
from pathlib import Path

import pytest

import mock_aws
import plans
import report


def _interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def pytest_sessionstart(session):
    # A terminated run stops like an interrupted one: fixtures are torn down, so the moto
    # server is stopped and the scratch folder removed.
    signal.signal(signal.SIGTERM, _interrupt)
    path = plans.binary()
    if path is None or not path.is_file():
        raise pytest.UsageError(
            f"SSM_PLAN names no ssm-plan binary ({path}): run the oracles with tests/oracles/run, "
            "which builds it and sets SSM_PLAN"
        )


@pytest.fixture(scope="session")
def workdir():
    """Scratch space: the entry point's folder (it removes it however the run ends), or one
    of our own when pytest is run directly."""
    given = os.environ.get("ORACLES_WORKDIR")
    if given:
        yield Path(given)
        return
    path = Path(tempfile.mkdtemp(prefix="ssm-plan-oracles-"))
    atexit.register(shutil.rmtree, path, True)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def moto(workdir):
    server = mock_aws.MotoServer(workdir, plans.ACCOUNT)
    try:
        yield server
    finally:
        server.stop()


def _skipped(terminalreporter):
    out = []
    for rep in terminalreporter.stats.get("skipped", []):
        reason = rep.longrepr[2] if isinstance(rep.longrepr, tuple) else str(rep.longrepr)
        out.append((rep.nodeid, reason.removeprefix("Skipped: ")))
    return out


def pytest_terminal_summary(terminalreporter):
    terminalreporter.section("oracle summary")
    for line in report.lines(_skipped(terminalreporter)):
        terminalreporter.write_line(line)
