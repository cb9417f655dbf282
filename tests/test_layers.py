"""The layers of docs/ARCHITECTURE.md, held by reading every import in the source.

Arrows point down only: `web` and `cli` → `store` → the domain (`practice`, `measures`, `signals`).
The domain packages (and `figures`, which only `practice` may import) import no other part of
psoas (not even `config`, nor each other: signals takes plain time windows and knows nothing of
a plan's phases); `store` imports no `web`, `cli` or `config`; `web` imports no `cli`. Imports
inside functions and under TYPE_CHECKING count too: they are arrows all the same.
"""

import ast
from pathlib import Path

import psoas

SOURCE = Path(psoas.__file__).parent
DOMAIN = ("practice", "measures", "signals", "figures")

# For each part of psoas, the parts it must never import.
FORBIDDEN: dict[str, frozenset[str]] = {
    **{part: frozenset({"store", "web", "cli", "config", *DOMAIN} - {part}) for part in DOMAIN},
    "store": frozenset({"web", "cli", "config"}),
    "web": frozenset({"cli"}),
}
# The one arrow inside the domain: an exercise's content file carries its pose, so practice reads
# figures; figures knows nothing of exercises.
FORBIDDEN["practice"] = FORBIDDEN["practice"] - {"figures"}


def _imported_parts(tree: ast.Module, module: tuple[str, ...]) -> list[tuple[int, str]]:
    """(line, part of psoas) for every import of psoas in a module named by its dotted path."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name.split(".") for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            # Relative: from the module's own package, then up `level - 1` more.
            base = list(module[: len(module) - node.level]) if node.level else []
            target = base + (node.module.split(".") if node.module else [])
            # `from psoas import web` names the part in the imported names, not the module.
            names = [[*target, alias.name] for alias in node.names] if target == ["psoas"] else [target]
        else:
            continue
        found += [(node.lineno, name[1]) for name in names if len(name) > 1 and name[0] == "psoas"]
    return found


def upward_imports(root: Path) -> list[str]:
    """Every import in the package at `root` (a folder named psoas) that points up a layer."""
    problems = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root.parent).with_suffix("")
        module = relative.parts[:-1] if relative.name == "__init__" else relative.parts
        part = module[1] if len(module) > 1 else ""
        forbidden = FORBIDDEN.get(part, frozenset())
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, imported in _imported_parts(tree, tuple(relative.parts)):
            if imported in forbidden:
                problems.append(f"{path.relative_to(root.parent)}:{line}: {part} imports {imported}")
    return problems


def test_no_part_of_psoas_imports_a_layer_above_it() -> None:
    assert upward_imports(SOURCE) == []


def test_an_upward_import_is_found_however_it_is_written(tmp_path: Path) -> None:
    root = tmp_path / "psoas"
    files = {
        "practice/planner.py": "from psoas.store.models import Person\n",
        "signals/tremor.py": "def f():\n    import psoas.practice.session_plan\n",
        "measures/scoring.py": "from psoas import config\n",
        "store/people.py": "from ..web import app\n",
        "web/pages/home.py": "from ...cli.app import main\n",
        "web/api.py": "from psoas.store import models\nfrom . import schemas\n",  # both allowed
        "cli/app.py": "from psoas.web.app import create_app\n",  # allowed: `psoas serve`
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    assert upward_imports(root) == [
        "psoas/measures/scoring.py:1: measures imports config",
        "psoas/practice/planner.py:1: practice imports store",
        "psoas/signals/tremor.py:2: signals imports practice",
        "psoas/store/people.py:1: store imports web",
        "psoas/web/pages/home.py:1: web imports cli",
    ]
