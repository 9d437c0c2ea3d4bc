"""House rules that are cheaper to check than to remember: the layers, as import contracts."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOT = ROOT / "bot"

# Highest first. A module may import its own layer and the layers below it, never one above.
LAYERS: list[tuple[str, ...]] = [
    (
        "bot.__main__",
        "bot.checkout",
        "bot.runner",
        "bot.doctor",
        "bot.slack.app",
        "bot.slack.web",
        "bot.slack.edge",
    ),
    ("bot.handlers", "bot.scheduler"),
    (
        "bot.slack.courier",
        "bot.slack.delivery",
        "bot.slack.directory",
        "bot.slack.history",
        "bot.slack.lanes",
        "bot.slack.lease",
        "bot.slack.outcomes",
        "bot.slack.pacing",
        "bot.slack.posting",
        "bot.slack.limits",
        "bot.slack.ahead",
        "bot.slack.reconcile",
        "bot.slack.replies",
        "bot.slack.wakeup",
    ),
    ("bot.blocks", "bot.commands", "bot.ical"),
    ("bot.config", "bot.deps"),
    ("bot.services",),
    ("bot.dates",),
    ("bot.courts",),
    (
        "bot.models",
        "bot.vocab",
        "bot.offsets",
        "bot.db",
        "bot.clock",
        "bot.health",
        "bot.logs",
        "bot.metrics",
    ),
]
# Lazy imports allowed only in the composition root (so `python -m bot dates` starts fast).
FUNCTION_IMPORTS_ALLOWED = {"bot.__main__"}


def module_name(path: Path) -> str:
    """'bot/services/cases.py' -> 'bot.services.cases'."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(source: str, module: str) -> list[tuple[str, bool]]:
    """Every product module imported by source, with whether the import is inside a function."""
    found: list[tuple[str, bool]] = []
    tree = ast.parse(source)
    nested: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            nested.update(id(n) for n in ast.walk(node) if n is not node)
    package = module.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        for name in names:
            if name.split(".")[0] in ("bot", "sandbox"):
                found.append((name, id(node) in nested))
    return found


def layer_of(name: str) -> int | None:
    """The index of the layer name belongs to (longest prefix wins), or None."""
    best: tuple[int, int] | None = None
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if name == prefix or name.startswith(prefix + "."):
                if best is None or len(prefix) > best[1]:
                    best = (index, len(prefix))
    return best[0] if best else None


def violations(module: str, source: str) -> list[str]:
    """What in source breaks the layer contracts, as readable lines."""
    found = []
    own = layer_of(module)
    for name, in_function in imports(source, module):
        if name.startswith("bot.migrations"):
            continue
        if name.split(".")[0] == "sandbox" and module.split(".")[0] == "bot":
            if module != "bot.__main__":
                found.append(f"{module} imports the sandbox ({name}); only the entry point may")
            continue
        target = layer_of(name)
        if own is not None and target is not None and target < own:
            found.append(f"{module} (layer {own}) imports {name} (layer {target}), a higher layer")
        if in_function and module not in FUNCTION_IMPORTS_ALLOWED:
            if not module.startswith("bot.migrations"):
                found.append(f"{module} imports {name} inside a function")
    return found


def _product_files() -> list[Path]:
    files = [*BOT.rglob("*.py"), *(ROOT / "sandbox").rglob("*.py")]
    return [p for p in files if "migrations" not in p.parts]


def test_every_product_module_keeps_the_layers():
    found = []
    for path in _product_files():
        found += violations(module_name(path), path.read_text())
    assert found == []


def test_every_bot_module_has_a_layer():
    missing = [module_name(p) for p in BOT.rglob("*.py") if "migrations" not in p.parts]
    assert [m for m in missing if m not in ("bot", "bot.slack") and layer_of(m) is None] == []


def test_the_contracts_catch_a_lower_layer_importing_a_higher_one():
    assert violations("bot.services.tasks", "from bot.blocks import task\n") != []
    assert violations("bot.models", "import bot.services.cases\n") != []
    assert violations("bot.dates.reader", "from bot.services import whens\n") != []
    assert violations("bot.services.cases", "def f():\n    from bot.services import x\n") != []
    assert violations("bot.services.tasks", "from sandbox import world\n") != []
    assert violations("bot.handlers.task", "from bot.services import tasks\n") == []


def test_services_blocks_dates_and_courts_import_nothing_from_slack():
    offenders = {}
    for folder in ("services", "blocks", "dates", "courts"):
        for path in (BOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text())
            names = {
                alias.name for n in ast.walk(tree) if isinstance(n, ast.Import) for alias in n.names
            } | {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
            slack = sorted(n for n in names if n.startswith("slack"))
            if slack:
                offenders[str(path.relative_to(BOT))] = slack
    assert offenders == {}


def test_only_the_date_reader_imports_dateparser():
    users = {
        str(path.relative_to(BOT))
        for path in BOT.rglob("*.py")
        if "import dateparser" in path.read_text() or "from dateparser" in path.read_text()
    }
    assert users <= {"dates/reader.py"}


def test_handlers_do_no_sql_and_end_with_register():
    for path in (BOT / "handlers").glob("*.py"):
        if path.name == "__init__.py":
            continue
        source = path.read_text()
        if path.name == "common.py":  # shared helpers, not a surface: nothing to register
            assert "def register" not in source
            continue
        assert "sqlalchemy" not in source and "sqlmodel" not in source, path
        assert "dateparser" not in source, path
        last = ast.parse(source).body[-1]
        assert isinstance(last, ast.FunctionDef) and last.name == "register", path


def test_nothing_but_the_clock_reads_the_time():
    for path in _product_files():
        if path.name == "clock.py":
            continue
        source = path.read_text()
        assert "datetime.now(" not in source and "datetime.utcnow(" not in source, path
