"""Lineage checks over a whole rules state: cycles and depth, found without recursion."""

from __future__ import annotations

MAX_LINEAGE = 64  # base steps from a model to its farthest ancestor; real lineages have a handful


def cycles(linked: dict[str, tuple[str, ...]]) -> list[list[str]]:
    """Every lineage cycle, found without recursion (a chain of thousands must not overflow).
    `linked` maps each model that has a known base to those bases."""
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1 visiting, 2 done
    for root in linked:
        if root in state:
            continue
        path = [root]
        stack = [iter(linked[root])]
        state[root] = 1
        while stack:
            base = next(stack[-1], None)
            if base is None:
                state[path.pop()] = 2
                stack.pop()
            elif base in linked and state.get(base) == 1:
                found.append([*path[path.index(base) :], base])
            elif base in linked and base not in state:
                state[base] = 1
                path.append(base)
                stack.append(iter(linked[base]))
    return found


def too_deep(linked: dict[str, tuple[str, ...]]) -> list[str]:
    """Models whose lineage is longer than MAX_LINEAGE steps (with no cycles: checked first); a
    model absent from `linked` has no known base, so its lineage is 0 steps."""
    depth: dict[str, int] = {}
    for root in linked:
        pending = [root]
        while pending:
            node = pending[-1]
            todo = [b for b in linked[node] if b in linked and b not in depth]
            if todo:
                pending.extend(todo)
                continue
            pending.pop()
            depth[node] = 1 + max(depth.get(b, 0) for b in linked[node])
    return [model_id for model_id, steps in depth.items() if steps > MAX_LINEAGE]
