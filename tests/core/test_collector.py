"""The served process's garbage-collector thresholds (registry/collector.py), set by wsgi.py."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from registry.collector import tune_collector
from registry.settings_types import InvalidSettings

ROOT = Path(__file__).resolve().parents[2]
PRINT_THRESHOLDS = "import gc, wsgi; print(gc.get_threshold())"


def _served_thresholds(tmp_path, **settings) -> subprocess.CompletedProcess:
    env = {**os.environ, "REGISTRY_INSTANCE_PATH": str(tmp_path / "instance"),
           "REGISTRY_SECRET_KEY": "collector-test-secret-0123456789abcdef", **settings}
    env.pop("REGISTRY_DATABASE_URL", None)  # the instance's own SQLite file: nothing is read from it here
    return subprocess.run([sys.executable, "-c", PRINT_THRESHOLDS], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_served_app_collects_less_often_than_python_does(tmp_path):
    result = _served_thresholds(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "(20000, 20, 50)"


def test_the_thresholds_come_from_the_environment_and_empty_keeps_pythons(tmp_path):
    chosen = _served_thresholds(tmp_path, REGISTRY_GC_THRESHOLDS="5000,15,30")
    assert chosen.stdout.strip() == "(5000, 15, 30)", chosen.stderr
    default = subprocess.run([sys.executable, "-c", "import gc; print(gc.get_threshold())"],
                             capture_output=True, text=True, timeout=60).stdout
    assert _served_thresholds(tmp_path, REGISTRY_GC_THRESHOLDS="").stdout == default


def test_a_threshold_that_would_stop_collecting_is_refused_at_start(tmp_path):
    result = _served_thresholds(tmp_path, REGISTRY_GC_THRESHOLDS="0,10,10")
    assert result.returncode != 0
    assert "REGISTRY_GC_THRESHOLDS" in result.stderr and "at least 1" in result.stderr


@pytest.mark.parametrize("thresholds", [(1, 2, 3, 4), (100, -1)])
def test_more_than_three_or_negative_thresholds_are_refused(thresholds):
    before = gc.get_threshold()
    with pytest.raises(InvalidSettings):
        tune_collector(thresholds)
    assert gc.get_threshold() == before
