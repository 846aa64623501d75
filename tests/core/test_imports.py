"""Every module of the package imports on its own: no import cycle hides behind the order the app loads them.

A view module that imported another to register its routes (rules/views ↔ edit_views) worked when the app
imported them in one order and raised ImportError in another; each domain's blueprint.py gathers its views.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import registry

# Import each module in a fresh set of registry modules (third-party ones stay loaded, to keep this fast).
SCRIPT = """
import importlib, pkgutil, sys, traceback
import registry
names = sorted(m.name for m in pkgutil.walk_packages(registry.__path__, "registry."))
failed = []
for name in names:
    for loaded in [m for m in sys.modules if m == "registry" or m.startswith("registry.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception:
        failed.append(name + ": " + traceback.format_exc(limit=-3))
print(len(names))
print("\\n".join(failed))
sys.exit(1 if failed else 0)
"""


def test_every_module_imports_on_its_own():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300,
                            cwd=Path(registry.__file__).parent.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert int(result.stdout.split()[0]) > 150  # the walk found the package's modules, not nothing
