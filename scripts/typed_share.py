"""Share of fully annotated functions per package (every parameter but self/cls, and the return).

    python scripts/typed_share.py [package ...]

Counts every def (methods and nested functions too) outside migrations; `__init__` needs no
return annotation when a parameter is annotated (mypy's rule). Stand-alone: reads source with ast.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = [
    "ot_portal/core",
    "cases/consent",
    "cases/actions",
    "cases",
    "meetings",
    "clo",
    "ot_portal/dashboards",
    "ot_portal/web",
    "ot_portal/demo",
]


def _params(fn: ast.FunctionDef | ast.AsyncFunctionDef, is_method: bool) -> list[ast.arg]:
    a = fn.args
    params = [*a.posonlyargs, *a.args]
    if is_method and params and params[0].arg in ("self", "cls"):
        params = params[1:]
    params += a.kwonlyargs
    params += [p for p in (a.vararg, a.kwarg) if p is not None]
    return params


def fully_typed(fn: ast.FunctionDef | ast.AsyncFunctionDef, is_method: bool) -> bool:
    params = _params(fn, is_method)
    if any(p.annotation is None for p in params):
        return False
    if fn.returns is None:
        return fn.name == "__init__" and bool(params)
    return True


def count(path: Path) -> tuple[int, int]:
    total = typed = 0
    for file in path.rglob("*.py"):
        if "migrations" in file.parts:
            continue
        tree = ast.parse(file.read_text(), filename=str(file))
        methods = {
            id(node)
            for cls in ast.walk(tree)
            if isinstance(cls, ast.ClassDef)
            for node in cls.body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                total += 1
                typed += fully_typed(node, id(node) in methods)
    return typed, total


def main(packages: list[str]) -> None:
    for package in packages or DEFAULT:
        typed, total = count(ROOT / package)
        share = 100 * typed / total if total else 100.0
        print(f"{package:24} {typed:5} / {total:5} fully typed  {share:5.1f} %")


if __name__ == "__main__":
    main(sys.argv[1:])
