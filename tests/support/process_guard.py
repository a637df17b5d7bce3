"""Test groups that mean what they say: a test that starts another program must say so.

`make test-fast` leaves out the groups `browser`, `server` and `slow`, so it is fast only
while every test that starts gunicorn, Chromium (Playwright's or Kaleido's), node or the
command line in a process of its own carries one of those marks. This plugin records every
program started through `subprocess.Popen` (asyncio, Playwright's driver and Kaleido's
browser all start theirs through it) while a test is set up and run, and fails an unmarked
test that started one, naming the program and the mark to add. A fixture whose set-up started
a program (a session's export browser, a live server) counts as starting it for every test that
uses the fixture, not only for the first one to set it up.

The conftest at the top of `tests/` imports the hooks below, so they apply to every test.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator, Sequence

import pytest

#: Marks that say "this test starts other programs"; `make test-fast` deselects them.
PROCESS_MARKS = ("browser", "server", "slow")

_started: list[str] = []
#: Fixture name -> the programs its set-up started.
_fixture_programs: dict[str, list[str]] = {}
_popen_init = subprocess.Popen.__init__


def _program(args: object) -> str:
    if isinstance(args, str | bytes | os.PathLike):
        text = os.fsdecode(args)
        first = text.split()[0] if text.strip() else text
    elif isinstance(args, Sequence) and args:
        first = os.fsdecode(args[0])
    else:
        first = repr(args)
    return os.path.basename(first)


def _recording_init(self: subprocess.Popen, args: object, *rest: object, **options: object):
    _started.append(_program(args))
    _popen_init(self, args, *rest, **options)


def unmarked_start(marks: set[str], programs: list[str]) -> str | None:
    """Why a test that started `programs` and carries `marks` is in the wrong group, if it is."""
    if not programs or marks & set(PROCESS_MARKS):
        return None
    names = ", ".join(sorted(set(programs)))
    return (
        f"this test started {names} in another process but is not marked "
        f"{' / '.join(PROCESS_MARKS)}: add @pytest.mark.server (or slow), "
        "so that `make test-fast` stays fast"
    )


def pytest_configure(config: pytest.Config) -> None:
    subprocess.Popen.__init__ = _recording_init


def pytest_unconfigure(config: pytest.Config) -> None:
    subprocess.Popen.__init__ = _popen_init


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    _started.clear()
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef: pytest.FixtureDef, request: pytest.FixtureRequest):
    before = len(_started)
    try:
        return (yield)
    finally:
        if len(_started) > before:
            _fixture_programs[fixturedef.argname] = _started[before:]


def _programs_of(item: pytest.Item) -> list[str]:
    fixtures = getattr(item, "fixturenames", ())
    return [*_started, *(p for name in fixtures for p in _fixture_programs.get(name, ()))]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    report = yield
    if call.when == "call" and report.passed:
        marks = {mark.name for mark in item.iter_markers()}
        reason = unmarked_start(marks, _programs_of(item))
        if reason:
            report.outcome = "failed"
            report.longrepr = f"{item.nodeid}: {reason}"
    return report
