"""YAML reading that remembers where every value came from.

Policies are written by administrators, so every error must name its file and line. We compose
the YAML node tree ourselves and record `path -> (file, line)` beside the plain data; merging an
`extends` chain carries those locations, and each value's path in its own file, along so an error
in an inherited clause still points at the template's own line and an error in the adopter's
file names the position written there, not the merged one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import PolicyError, PolicyIssue

# libyaml's parser where PyYAML was built with it (its wheels are): the same nodes and marks,
# several times faster on the question tables, which every test run reads many times over.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PathKey = tuple[str | int, ...]
Location = tuple[str, int]


@dataclass
class Located:
    """Plain YAML data plus the source location of each path inside it."""

    data: Any
    locations: dict[PathKey, Location] = field(default_factory=dict)
    # Merging an `extends` chain renumbers lists: the adopter's second tool may be `tools[15]` of
    # the merged policy. An administrator can only find `tools[1]` in their own file, so each
    # located path also remembers the path it had there. A file read on its own maps every path
    # to itself, which an empty map means.
    origins: dict[PathKey, PathKey] = field(default_factory=dict)

    def where(self, path: PathKey) -> Location | None:
        """The location of `path`, or of its nearest located ancestor (a missing field is
        reported at the line of the mapping that should have held it)."""
        anchor = self._anchor(path)
        return None if anchor is None else self.locations[anchor]

    def own_path(self, path: PathKey) -> PathKey:
        """`path` as the file that wrote it numbers it, measured from the same ancestor as
        `where`, so that the field named and the line given always agree."""
        anchor = self._anchor(path)
        if anchor is None:
            return tuple(path)
        return (*self.origins.get(anchor, anchor), *path[len(anchor) :])

    def _anchor(self, path: PathKey) -> PathKey | None:
        for end in range(len(path), -1, -1):
            prefix = tuple(path[:end])
            if self.locations.get(prefix):
                return prefix
        return None


def read_yaml(path: Path) -> Located:
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError([PolicyIssue(name, None, "(file)", f"cannot read: {exc}")]) from exc
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise PolicyError(
            [PolicyIssue(name, line, "(syntax)", f"not valid YAML: {problem}", _syntax_hint())]
        ) from exc
    if node is None:
        raise PolicyError([PolicyIssue(name, 1, "(file)", "the file is empty")])
    located = Located(None)
    duplicates: list[PolicyIssue] = []
    scalars = yaml.constructor.SafeConstructor()
    located.data = _convert(node, (), name, located.locations, duplicates, scalars)
    if duplicates:
        raise PolicyError(duplicates)
    return located


def _syntax_hint() -> str:
    return "check indentation and quoting on or just above this line; quote text containing ': '"


def _convert(
    node: yaml.Node,
    path: PathKey,
    name: str,
    locs: dict[PathKey, Location],
    duplicates: list[PolicyIssue],
    scalars: yaml.constructor.SafeConstructor,
) -> Any:
    locs[path] = (name, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in result:
                # YAML keeps the last of two equal keys: a second `near:` would silently drop
                # the first one's pairs.
                first = locs[(*path, key)][1]
                duplicates.append(
                    PolicyIssue(
                        name,
                        line,
                        dotted((*path, key)),
                        f"'{key}' is given twice here (first on line {first})",
                        "merge the two into one",
                    )
                )
            result[key] = _convert(value_node, (*path, key), name, locs, duplicates, scalars)
            locs[(*path, key)] = (name, line)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(item, (*path, index), name, locs, duplicates, scalars)
            for index, item in enumerate(node.value)
        ]
    return scalars.construct_object(node, deep=True)


def dotted(path: PathKey) -> str:
    """`("tools", 3, "status")` -> `tools[3].status`, the way the error names a field."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"


def issue_at(located: Located, path: PathKey, message: str, hint: str = "") -> PolicyIssue:
    where = located.where(path)
    file, line = where if where else ("(policy)", None)
    return PolicyIssue(file, line, dotted(located.own_path(path)), message, hint)
