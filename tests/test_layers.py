"""House rules that are cheaper to check than to remember."""

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parents[1] / "bot"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_services_import_nothing_from_slack():
    offenders = {
        str(path.relative_to(BOT)): sorted(n for n in _imports(path) if n.startswith("slack"))
        for path in (BOT / "services").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_only_dates_imports_dateparser():
    users = {
        str(path.relative_to(BOT))
        for path in BOT.rglob("*.py")
        if any(n.split(".")[0] == "dateparser" for n in _imports(path))
    }
    assert users <= {"dates.py"}


def test_handlers_do_no_sql_and_end_with_register():
    for path in (BOT / "handlers").glob("*.py"):
        if path.name == "__init__.py":
            continue
        names = _imports(path)
        assert not any(n.startswith(("sqlalchemy", "sqlmodel", "dateparser")) for n in names), path
        tree = ast.parse(path.read_text())
        last = tree.body[-1]
        assert isinstance(last, ast.FunctionDef) and last.name == "register", path


def test_nothing_but_the_clock_reads_the_time():
    for path in BOT.rglob("*.py"):
        if path.name == "clock.py":
            continue
        source = path.read_text()
        assert "datetime.now(" not in source and "datetime.utcnow(" not in source, path
