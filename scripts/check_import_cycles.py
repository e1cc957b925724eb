"""Fail when modules of the project import each other in a cycle, and print every cycle found.

Counts every import grimp finds in ot_portal, cases, meetings and clo: at module top and inside functions
(moving an import into a function hides a cycle, it does not remove it). Imports under `if TYPE_CHECKING:`
never run and are left out. import-linter's contracts check packages and layers; this checks single modules.

Run from anywhere: `python scripts/check_import_cycles.py` (`make lint` runs it). Exit status 1 on a cycle.
"""

from __future__ import annotations

import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("ot_portal", "cases", "meetings", "clo")


def build_graph() -> grimp.ImportGraph:
    sys.path.insert(0, str(ROOT))
    return grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True, cache_dir=None)


def find_cycles(graph: grimp.ImportGraph) -> list[tuple[str, ...]]:
    """One shortest cycle through each import that lies on a cycle, without repeats (rotations count once)."""
    seen: set[tuple[str, ...]] = set()
    cycles = []
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back is None:
                continue
            cycle = (importer, *back[:-1])
            start = cycle.index(min(cycle))
            canonical = cycle[start:] + cycle[:start]
            if canonical not in seen:
                seen.add(canonical)
                cycles.append(canonical)
    return cycles


def describe(graph: grimp.ImportGraph, cycle: tuple[str, ...]) -> str:
    lines = [" -> ".join((*cycle, cycle[0]))]
    for importer, imported in zip(cycle, (*cycle[1:], cycle[0]), strict=True):
        for detail in graph.get_import_details(importer=importer, imported=imported):
            lines.append(f"    {importer}:{detail['line_number']}: {detail['line_contents']}")
    return "\n".join(lines)


def main() -> int:
    graph = build_graph()
    cycles = find_cycles(graph)
    if not cycles:
        print(f"No import cycles among the modules of {', '.join(PACKAGES)}.")
        return 0
    print(f"{len(cycles)} import cycle(s) among the project's modules; move the shared piece to the lower module:")
    for cycle in cycles:
        print(describe(graph, cycle))
    return 1


if __name__ == "__main__":
    sys.exit(main())
