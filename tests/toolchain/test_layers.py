"""The dependency direction, held over the imports: spec → permissions → sandbox and contract kit; the kit
imports no sandbox module outside its CLI wiring (sandbox_target); the toolchain depends on the toolkit,
never the reverse; no import cycles (imports under ``if TYPE_CHECKING:`` do not count)."""

from __future__ import annotations

import ast
from pathlib import Path

from ..conftest import REPO

ROOTS = {
    "sequence_toolkit": REPO / "src" / "sequence_toolkit",
    "sequence_toolchain": REPO / "scripts" / "sequence_toolchain",
}


def module_name(package: str, root: Path, path: Path) -> str:
    parts = [package, *path.relative_to(root).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> dict[str, set[str]]:
    """Each hand-written module and the project modules it imports at run time."""
    graph: dict[str, set[str]] = {}
    for package, root in ROOTS.items():
        for path in root.rglob("*.py"):
            name = module_name(package, root, path)
            is_package = path.name == "__init__.py"
            tree = ast.parse(path.read_text(encoding="utf-8"))
            skipped = {
                id(n)
                for node in ast.walk(tree)
                if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
                for n in ast.walk(node)
            }
            found: set[str] = set()
            for node in ast.walk(tree):
                if id(node) in skipped:
                    continue
                if isinstance(node, ast.Import):
                    found |= {a.name for a in node.names}
                elif isinstance(node, ast.ImportFrom):
                    base = node.module or ""
                    if node.level:
                        anchor = name.split(".")[: len(name.split(".")) - node.level + (1 if is_package else 0)]
                        base = ".".join([*anchor, *([base] if base else [])])
                    found |= {base} | {f"{base}.{a.name}" for a in node.names}
            graph[name] = {m for m in found if m.split(".")[0] in ROOTS and m != name}
    known = set(graph)
    return {m: {d for d in deps if d in known} for m, deps in graph.items()}


GRAPH = imports()


def test_the_spec_reader_and_the_permission_model_sit_at_the_bottom() -> None:
    assert GRAPH["sequence_toolkit.spec"] == set()
    permissions = {m for m in GRAPH if m.startswith("sequence_toolkit.permissions")}
    assert len(permissions) > 1
    for module in permissions:
        assert GRAPH[module] <= {"sequence_toolkit.spec", *permissions}, module


def test_the_toolkit_never_imports_the_toolchain() -> None:
    offending = {
        m: d for m, d in GRAPH.items() if m.startswith("sequence_toolkit") and any("toolchain" in x for x in d)
    }
    assert offending == {}


def test_the_kit_and_the_sandbox_do_not_import_each_other() -> None:
    for module, deps in GRAPH.items():
        if module.startswith("sequence_toolkit.sandbox"):
            assert not {d for d in deps if d.startswith("sequence_toolkit.contract")}, module
        if module.startswith("sequence_toolkit.contract") and module != "sequence_toolkit.contract.sandbox_target":
            assert not {d for d in deps if d.startswith("sequence_toolkit.sandbox")}, module


def test_no_import_cycles() -> None:
    cycles: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for dep in sorted(GRAPH[module]):
            if state.get(dep) == 1 and not module.startswith(dep + "."):  # a package's __init__ importing its parts
                cycles.append([*path[path.index(dep) :], dep] if dep in path else [module, dep])
            elif dep not in state:
                visit(dep, [*path, dep])
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
    assert cycles == []
