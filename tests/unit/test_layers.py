"""Imports run only downward, and no module imports itself in a circle.

The layers, bottom to top: the vocabulary (`events`), the drafter that reads an article
with its words (`drafting`), the aggregate and its application
(`domain`), the backends (`storage`), the views (`projections`), the reports told from
them (`reports`), the reads both front ends make (`reads`), the HTTP service (`service`),
the command line (`cli`, which starts the service) and the benchmark (`bench`). A module
may import its own layer and those below it, wherever the import stands (inside a
function or under `TYPE_CHECKING`: a lazy import is a dependency all the same).
"""

from __future__ import annotations

import ast
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).parent.parent.parent
LAYERS = ["events", "drafting", "domain", "storage", "projections", "reports", "reads", "service", "cli",
          "bench"]  # fmt: skip


def modules() -> dict[str, Path]:
    found = {}
    for layer in LAYERS:
        for path in [ROOT / f"{layer}.py", *sorted((ROOT / layer).rglob("*.py"))]:
            if path.exists() and "node_modules" not in path.parts:
                name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
                found[name.removesuffix(".__init__")] = path
    return found


def imports(path: Path, known: set[str]) -> set[str]:
    """The project's modules `path` imports (a name imported from a package counts as its
    module where it is one)."""
    named: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            named |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
        elif isinstance(node, ast.Import):
            named |= {alias.name for alias in node.names}
    return {n for n in named if n in known}


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports(path, set(found)) - {name} for name, path in found.items()}


def layer(module: str) -> int:
    return LAYERS.index(module.split(".")[0])


def upward(edges: dict[str, set[str]]) -> list[str]:
    return sorted(f"{a} -> {b}" for a, bs in edges.items() for b in bs if layer(b) > layer(a))


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Each group of modules that import one another in a circle (Tarjan's strongly
    connected components of more than one module)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_no_module_imports_a_layer_above_its_own() -> None:
    edges = graph()
    assert len(edges) > 100  # the walk found the project
    assert upward(edges) == []


def test_no_modules_import_one_another_in_a_circle() -> None:
    assert circles(graph()) == []


names = st.sampled_from([f"{layer}.m{n}" for layer in LAYERS for n in range(3)])


@given(
    st.lists(st.tuples(names, names), max_size=20),
    st.lists(names, min_size=2, max_size=6, unique=True),
)
def test_a_circle_planted_in_any_graph_is_found(
    edges: list[tuple[str, str]], ring: list[str]
) -> None:
    planted: dict[str, set[str]] = {}
    for a, b in [*edges, *zip(ring, ring[1:] + ring[:1], strict=True)]:
        planted.setdefault(a, set()).add(b)
    assert any(set(ring) <= set(group) for group in circles(planted))


@given(names, names)
def test_an_arrow_up_planted_in_any_graph_is_found(a: str, b: str) -> None:
    low, high = sorted([a, b], key=layer)
    assert upward({low: {high}}) == ([f"{low} -> {high}"] if layer(high) > layer(low) else [])
