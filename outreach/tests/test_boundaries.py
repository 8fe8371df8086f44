"""Imports go one way: cases -> outreach, never outreach -> cases (ARCHITECTURE.md)."""

import ast
import subprocess
import sys
from pathlib import Path

import outreach

APP_DIR = Path(outreach.__file__).parent
FORBIDDEN = ("cases", "planning")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
            "import_module",
            "__import__",
        ):
            names.update(
                a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
            )
    return names


def test_no_outreach_module_imports_cases_or_planning():
    offenders = {
        str(path.relative_to(APP_DIR)): sorted(
            m for m in _imported_modules(path) if m.split(".")[0] in FORBIDDEN
        )
        for path in APP_DIR.rglob("*.py")
    }
    assert {path: mods for path, mods in offenders.items() if mods} == {}


def test_the_checker_would_catch_an_import_of_cases(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from cases.models import Case\nimport cases.services\n", encoding="utf-8")
    assert _imported_modules(sample) == {"cases.models", "cases.services"}


def test_loading_outreach_alone_does_not_load_cases():
    """Importing every outreach module in a fresh interpreter pulls in no cases module."""
    modules = sorted(
        "outreach." + ".".join(p.relative_to(APP_DIR).with_suffix("").parts)
        for p in APP_DIR.rglob("*.py")
        if "tests" not in p.parts and "migrations" not in p.parts and p.name != "__init__.py"
    )
    code = (
        "import os, sys, importlib\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'legalaid.settings')\n"
        "from django.conf import settings\n"
        "import django\n"
        "settings.INSTALLED_APPS  # configure\n"
        "apps = [a for a in settings.INSTALLED_APPS if not a.startswith(('cases', 'planning'))]\n"
        "settings.INSTALLED_APPS = apps\n"
        "django.setup()\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('cases', 'planning'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=APP_DIR.parent,
        check=False,
        env={**__import__("os").environ, "DEBUG": "true"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == ""
