"""The package's imports follow docs/architecture.md: no cycle between modules (lazy imports
included), and no part imports one of a layer above its own or a sibling on its line."""

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "sphinx_l10n"
ARCHITECTURE = ROOT / "docs" / "architecture.md"


def modules(package: pathlib.Path = PACKAGE) -> dict[str, pathlib.Path]:
    """Every module of the package by dotted name (a package by its own name)."""
    found = {}
    for path in package.rglob("*.py"):
        parts = path.relative_to(package.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imported(name: str, path: pathlib.Path, known: dict[str, pathlib.Path]) -> set[str]:
    """The package's modules a module imports, anywhere in it (a function's lazy import too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package.split(".")[:len(package.split(".")) - node.level + 1], *filter(None, [base])])
            found |= {base, *(f"{base}.{alias.name}" for alias in node.names)}
    # "from sphinx_l10n import L10nError" is the package's root, which every part may use.
    return {module for module in found if module in known and module not in (name, "sphinx_l10n")}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imported(name, path, known) for name, path in known.items()}


def part(module: str) -> str:
    """The part a module belongs to: its first name under the package (catalogs.reading: catalogs)."""
    return module.split(".")[1] if "." in module else module


def layers(text: str) -> list[list[str]]:
    block = text.split("```layers\n", 1)[1].split("```", 1)[0]
    return [[name.strip() for name in line.split("|")] for line in block.splitlines() if line.strip()]


def cycle(edges: dict[str, set[str]]) -> list[str]:
    """One cycle of the graph, as the modules on it ([] if there is none)."""
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for other in sorted(edges.get(node, ())):
            if state.get(other) == 1:
                return [*path[path.index(other):], other]
            if other not in state and (found := visit(other)):
                return found
        state[node] = 2
        path.pop()
        return []

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return []


def violations(edges: dict[str, set[str]], rows: list[list[str]]) -> list[str]:
    level = {name: number for number, row in enumerate(rows) for name in row}
    wrong = []
    for module, targets in sorted(edges.items()):
        for target in sorted(targets):
            source, destination = part(module), part(target)
            if source != destination and level[destination] <= level[source]:
                wrong.append(f"{module} imports {target}: {destination} is not below {source}")
    return wrong


def test_every_part_of_the_package_is_in_one_layer():
    named = [name for row in layers(ARCHITECTURE.read_text(encoding="utf-8")) for name in row]
    assert sorted(named) == sorted(set(named)), "a part listed twice"
    assert sorted({part(module) for module in modules() if module != "sphinx_l10n"}) == sorted(named)


def test_no_module_imports_one_that_imports_it_back():
    assert cycle(graph()) == []


def test_no_part_imports_one_above_it_or_beside_it():
    assert violations(graph(), layers(ARCHITECTURE.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("source, a_cycle, upward", [
    # The checker's own faults: a lazy import that closes a cycle, and an import against the layers.
    ({"a": "def f():\n    from sphinx_l10n import b\n", "b": "from sphinx_l10n import a\n"}, True, True),
    ({"a": "", "b": "from sphinx_l10n.a import x\n"}, False, True),
    ({"a": "from sphinx_l10n import b\n", "b": ""}, False, False),
])
def test_the_check_sees_lazy_cycles_and_upward_imports(tmp_path, source, a_cycle, upward):
    package = tmp_path / "sphinx_l10n"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for name, text in source.items():
        (package / f"{name}.py").write_text(text)
    known = modules(package)
    edges = {name: imported(name, path, known) for name, path in known.items()}
    found_cycle = cycle(edges)
    found_violations = violations({k: v for k, v in edges.items() if k != "sphinx_l10n"}, [["a"], ["b"]])
    assert bool(found_cycle) is a_cycle
    assert bool(found_violations) is upward
