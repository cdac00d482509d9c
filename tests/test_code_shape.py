"""The shape of the code, checked from its syntax trees: which module stands on which (no circles,
imports inside functions and `if TYPE_CHECKING:` blocks included, as import-graph tools draw
them), and how long a function may grow."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent.parent / "src" / "oostflank"
MODULES = {path.stem: path for path in sorted(SOURCE.glob("*.py"))}
LONGEST_FUNCTION = 60


def _tree(name: str) -> ast.Module:
    return ast.parse(MODULES[name].read_text(encoding="utf-8"), filename=str(MODULES[name]))


def _statements(body: list[ast.stmt]) -> Iterator[ast.AST]:
    """Every node, at any depth: TYPE_CHECKING blocks too, whose imports tie the types of two
    modules together as surely as imports that run."""
    for node in body:
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.stmt):
                yield from _statements([child])
            else:
                yield from ast.walk(child)


def _imported(node: ast.AST) -> set[str]:
    """The package's modules a node imports: an import statement, or a dotted name in a string,
    as importlib is handed."""
    names: set[str] = set()
    if isinstance(node, ast.ImportFrom):
        module = node.module or ""
        if node.level and module:  # from .dates import x
            names.add(module.split(".")[0])
        elif node.level or module == "oostflank":  # from . import dates; from oostflank import x
            names |= {alias.name for alias in node.names}
        elif module.startswith("oostflank."):
            names.add(module.split(".")[1])
    elif isinstance(node, ast.Import):
        names |= {a.name.split(".")[1] for a in node.names if a.name.startswith("oostflank.")}
    elif isinstance(node, ast.Constant) and str(node.value).startswith("oostflank."):
        names.add(str(node.value).split(".")[1])  # a module named for importlib
    return names


def import_graph() -> dict[str, set[str]]:
    """Module -> the package's modules it imports anywhere in its code."""
    graph = {}
    for name in MODULES:
        found = set().union(*(_imported(node) for node in _statements(_tree(name).body)))
        graph[name] = {other for other in found if other in MODULES and other != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), plus self-loops."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while (top := stack.pop()) != node:
                group.append(top)
            if group:
                found.append(sorted([node, *group]))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_imports_inside_functions_and_type_checking_blocks():
    graph = import_graph()
    assert "app" in graph["read_commands"]  # top level
    assert {"read_commands", "write_commands", "view_commands"} <= graph[
        "commands"
    ]  # named for importlib
    assert "errors" in graph["dates"]
    assert "view_types" in graph["terminal"]  # under TYPE_CHECKING only
    assert "store" in graph["app"]  # inside a function
    assert graph["messages"] == set()


def test_no_module_stands_on_itself_through_others():
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_only_the_entry_point_imports_cli():
    importers = {name for name, imports in import_graph().items() if "cli" in imports}
    assert importers <= {"__main__"}


def _functions() -> Iterator[tuple[str, int]]:
    for name in MODULES:
        for node in ast.walk(_tree(name)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                yield f"{name}.py:{node.lineno} {node.name}", node.end_lineno - node.lineno + 1


def test_no_function_is_longer_than_sixty_lines():
    long = {where: lines for where, lines in _functions() if lines > LONGEST_FUNCTION}
    assert long == {}


@pytest.mark.parametrize("name", ["cli", "app", "i18n", "registry"])
def test_the_measures_see_real_code(name: str):
    assert any(where.startswith(f"{name}.py:") for where, _ in _functions())


def _decorator_name(node: ast.expr) -> str:
    target = node.func if isinstance(node, ast.Call) else node
    return target.id if isinstance(target, ast.Name) else ""


def _opens(function: ast.FunctionDef) -> bool:
    """Whether the function's body runs inside `with opening(...)`."""
    return any(
        isinstance(node, ast.With)
        and any(_decorator_name(item.context_expr) == "opening" for item in node.items)
        for node in ast.walk(function)
    )


def test_every_command_opens_through_the_one_guard():
    """`app.opening` gives a command its day, language, format and registry and turns whatever
    it raises into a message and an exit code: a command that skipped it would show a
    traceback. Commands registered by `write_command` open in its wrapper."""
    registered = {"command", "group_default"}
    found = []
    for name in MODULES:
        for node in ast.walk(_tree(name)):
            if not isinstance(node, ast.FunctionDef):
                continue
            decorators = {_decorator_name(d) for d in node.decorator_list}
            if decorators & registered:
                found.append(node.name)
                assert _opens(node), f"{name}.py: {node.name} does not open with `opening`"
            if node.name == "write_command":
                assert _opens(node), "write_command's wrapper does not open with `opening`"
    assert len(found) >= 10  # the measure sees the commands
