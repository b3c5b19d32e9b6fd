"""The layer rules that concern the interface: pages hold no SQL, nothing imports pages/ or app.py, and
the data layers (connectors/, metrics/) never import streamlit or the ui helpers."""

from __future__ import annotations

import ast
import re

from conftest import ROOT

SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE)\b\s+\S+.*\b(FROM|INTO|SET|TABLE)\b", re.S)


def imported_modules(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def python_files(*folders):
    return [p for folder in folders for p in sorted((ROOT / folder).glob("**/*.py"))]


def test_pages_hold_no_sql_and_no_database_calls():
    for path in python_files("pages"):
        source = path.read_text(encoding="utf-8")
        assert not SQL.search(source), f"{path.name} contains SQL"
        assert ".execute(" not in source and ".sql(" not in source, path.name
        assert "duckdb" not in imported_modules(path), path.name


def test_nothing_imports_pages_or_app():
    for path in python_files("pages", "ui", "connectors", "metrics", "data", "bench") + [ROOT / "app.py"]:
        for name in imported_modules(path):
            assert not name.startswith("pages") and name != "app", f"{path} imports {name}"


def test_data_layers_do_not_import_streamlit_or_ui():
    for path in python_files("connectors", "metrics"):
        for name in imported_modules(path):
            root = name.split(".")[0]
            assert root not in ("streamlit", "plotly", "ui"), f"{path} imports {name}"
