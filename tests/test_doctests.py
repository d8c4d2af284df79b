"""Domain docstrings the way QuantEcon writes them: numpydoc, units, and examples that run.

Every public function of a domain module (svkit/*.py that is not ui, the ground or the serving
machinery) has a numpydoc docstring with a summary, a Parameters section when it takes any,
and an Examples section; the examples run here as doctests, so they stay true.
"""

from __future__ import annotations

import ast
import doctest
import importlib
from pathlib import Path

import pytest

SVKIT = Path(__file__).resolve().parents[1] / "svkit"
#: Not domain: serving, storage and the command line, and the ground every layer stands on
#: (content loading, export writers, charts, paths, data checks, printable handouts, the catalogue
#: of served apps, and the trainer's links and exports, which read the store).
NOT_DOMAIN = {
    "__init__", "__main__", "store", "session", "server", "roomserver", "pools", "kernelfork", "layout", "cli", "backup",
    "content", "export", "htmlcharts", "plots", "paths", "checks", "handouts", "catalogue", "trainer",
}
DOMAIN = sorted(p.stem for p in SVKIT.glob("*.py") if p.stem not in NOT_DOMAIN)
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def public_functions(name: str) -> list[tuple[str, ast.FunctionDef]]:
    tree = ast.parse((SVKIT / f"{name}.py").read_text())
    return [(name, n) for n in tree.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")]


def takes_arguments(fn: ast.FunctionDef) -> bool:
    a = fn.args
    return bool(a.posonlyargs or a.args or a.kwonlyargs or a.vararg or a.kwarg)


def docstring_problems(fn: ast.FunctionDef) -> list[str]:
    doc = ast.get_docstring(fn) or ""
    lines = [line.strip() for line in doc.splitlines()]
    problems = []
    if not doc.strip():
        return ["no docstring"]
    for section, needed in (("Parameters", takes_arguments(fn)), ("Returns", True), ("Examples", True)):
        if needed and not any(lines[i] == section and set(lines[i + 1]) == {"-"}
                              for i in range(len(lines) - 1)):
            problems.append(f"no {section} section")
    if "Examples" in lines and ">>> " not in doc:
        problems.append("an Examples section with no example")
    return problems


def test_the_domain_list_is_the_flat_modules_less_the_ground():
    assert {"tender", "lots", "zoning", "costofcare", "carefinance", "room"} <= set(DOMAIN)
    assert not {"store", "content", "server"} & set(DOMAIN)


@pytest.mark.parametrize("module", DOMAIN)
def test_every_public_domain_function_has_parameters_returns_and_examples(module):
    functions = public_functions(module)
    missing = {fn.name: p for _, fn in functions if (p := docstring_problems(fn))}
    assert missing == {}, f"svkit/{module}.py: numpydoc sections missing"


def test_the_docstring_check_catches_a_missing_section():
    def parse(source):
        return ast.parse(source).body[0]

    bare = parse('def f(x):\n    """Sum."""\n')
    assert docstring_problems(bare) == ["no Parameters section", "no Returns section", "no Examples section"]
    whole = parse('def f(x):\n    """Sum.\n\n    Parameters\n    ----------\n    x : float\n        GBP.\n\n'
                  '    Returns\n    -------\n    float\n\n    Examples\n    --------\n    >>> f(1)\n    1\n    """\n')
    assert docstring_problems(whole) == []
    no_args = parse('def g():\n    """Data.\n\n    Returns\n    -------\n    int\n\n    Examples\n    --------\n    >>> g()\n    1\n    """\n')
    assert docstring_problems(no_args) == []


@pytest.mark.parametrize("module", DOMAIN)
def test_the_domain_examples_run(module):
    mod = importlib.import_module(f"svkit.{module}")
    tests = [t for t in doctest.DocTestFinder(exclude_empty=True).find(mod, mod.__name__) if t.examples]
    assert tests or not public_functions(module), f"svkit/{module}.py has no examples"
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    for t in tests:
        runner.run(t)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in svkit/{module}.py failed (output above)"
