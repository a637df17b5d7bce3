"""Waiting with a deadline: every wait in the tests names what it waits for and gives up."""

from __future__ import annotations

import time
from collections.abc import Callable


class WaitTimeoutError(AssertionError):
    """A wait ran past its deadline; the message says what was awaited."""


def wait_until(
    condition: Callable[[], object], timeout_s: float, what: str, poll_s: float = 0.05
) -> object:
    """`condition()`'s first true value, polled until `timeout_s` has passed; then WaitTimeoutError
    naming `what` and how long it waited."""
    deadline = time.monotonic() + timeout_s
    while True:
        found = condition()
        if found:
            return found
        if time.monotonic() > deadline:
            raise WaitTimeoutError(f"gave up after {timeout_s:.0f} s waiting for {what}")
        time.sleep(poll_s)
