"""Run `reminders send` in forked processes at the same moment, each with an app (engine, SMTP client) of its own."""

from __future__ import annotations

import multiprocessing
import os
import warnings
from datetime import date


def _send(settings: dict, instance: str | None, day: date, barrier, results) -> None:
    """In a child process: build the node's app (in its own instance folder if given), wait, run the command."""
    if instance is not None:
        os.environ["REGISTRY_INSTANCE_PATH"] = instance
    from registry import create_app

    runner = create_app(settings).test_cli_runner()
    barrier.wait(timeout=60)
    result = runner.invoke(args=["reminders", "send", "--today", day.isoformat()])
    results.put((result.exit_code, result.output + (repr(result.exception) if result.exit_code else "")))


def send_at_once(nodes: list[tuple[dict, str | None]], day: date) -> list[tuple[int, str]]:
    """Send reminders from every (settings, instance folder) at once; assert each run succeeded; return outputs."""
    # Forked processes start fast (modules already imported); each builds its own app, engine and SMTP client.
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(len(nodes)), context.Queue()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # Python 3.12+: fork with threads running
        runs = [context.Process(target=_send, args=(dict(settings), instance, day, barrier, results))
                for settings, instance in nodes]
        for run in runs:
            run.start()
    outputs = [results.get(timeout=120) for _ in runs]
    for run in runs:
        run.join(timeout=30)
    assert [code for code, _ in outputs] == [0] * len(runs), outputs
    return outputs
