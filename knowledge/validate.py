"""Cross-reference checks that need the whole document: citations name real clauses, ids are
unique and exist, no alias is claimed by two tools, no rule is vacuous.

They read the raw YAML data, not the validated model, so that a file with a schema error still
gets its reference errors reported in the same run: an administrator mends everything at once.
Values of the wrong shape are skipped here; the schema check reports those.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from rapidfuzz import process

from .errors import PolicyIssue
from .lexicon import load_catalog, load_lexicon
from .normalise import compact_key, tokenise
from .tool_index import MAX_NGRAM
from .yaml_source import Located, PathKey, dotted, issue_at

_ID_LISTS = (
    "sections",
    "obligations",
    "roles",
    "signals",
    "data_classes",
    "tool_categories",
    "tools",
    "purposes",
    "rules",
    "faqs",
)
# Fields holding lists of ids, in any item, and what kind of thing they name.
_ITEM_REFERENCES = {
    "cites": "section",
    "obligations": "obligation",
    "implies": "data class",
    "cue_sets": "cue set",
    "data_allowed": "data class",
    "data_forbidden": "data class",
    "applies_to": "role",
    "needs_signals": "signal",
    "may_be_provided": "tool name",
    "likely_provided": "tool name",
}
_CONDITION_REFERENCES = {
    "tools": "tool",
    "tool_categories": "tool category",
    "purposes": "purpose",
    "data_any": "data class",
    "data_none": "data class",
    "signals_any": "signal",
    "signals_all": "signal",
    "signals_none": "signal",
    "roles": "role",
}
_LIST_OF = {
    "obligation": "obligations",
    "role": "roles",
    "signal": "signals (or use a shared one from knowledge/data/lexicon.yaml)",
    "data class": "data_classes",
    "tool category": "tool_categories",
    "tool": "tools",
    "tool name": "tools",
    "purpose": "purposes",
    "cue set": "cue_sets in knowledge/data/lexicon.yaml",
}
# Kinds of id a policy defines (and so could inherit); cue sets are only in the shared lexicon.
_DEFINED_BY_POLICIES = (frozenset(_LIST_OF) - {"cue set"}) | {"section"}
_SINGLE_SECTIONS = (
    "unlisted_tool",
    "no_tool_named",
    "claimed_tool",
    "no_ai_used",
    "outside_work",
    "taking_part",
    "approval",
    "incidents",
)


def check_references(located: Located, *, complete: bool = True) -> list[PolicyIssue]:
    """`complete=False` for a file whose `extends` could not be read: what the missing policy
    might define (a clause it cites, a rule's inherited condition) is not held against it, so
    only the file's own certain errors are listed beside the `extends` one."""
    data = located.data if isinstance(located.data, dict) else {}
    known = _known_ids(data)
    issues = list(_duplicate_ids(data, located))
    for path, kind, value in _references(data):
        if value not in known[kind] and (complete or kind not in _DEFINED_BY_POLICIES):
            issues.append(_unknown(located, path, kind, value, known[kind]))
    issues.extend(_alias_clashes(data, located))
    if complete:
        issues.extend(_vacuous_rules(data, located))
    return issues


def _items(data: dict[str, Any], name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    value = data.get(name)
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield index, item


def _strings(value: Any) -> Iterator[tuple[int, str]]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, str):
                yield index, item


def _known_ids(data: dict[str, Any]) -> dict[str, set[str]]:
    lexicon = load_lexicon()

    def ids(name: str) -> set[str]:
        return {str(item["id"]) for _, item in _items(data, name) if "id" in item}

    return {
        "section": ids("sections"),
        "obligation": ids("obligations"),
        "role": ids("roles"),
        "signal": ids("signals") | set(lexicon.signals),
        "data class": ids("data_classes"),
        "tool category": ids("tool_categories"),
        "tool": ids("tools"),
        "tool name": {str(item["name"]) for _, item in _items(data, "tools") if "name" in item}
        | {tool.name for tool in load_catalog()},
        "purpose": ids("purposes"),
        "cue set": set(lexicon.cue_sets),
    }


def _duplicate_ids(data: dict[str, Any], located: Located) -> Iterator[PolicyIssue]:
    for name in _ID_LISTS:
        seen: dict[str, int] = {}
        for index, item in _items(data, name):
            item_id = str(item.get("id"))
            if item_id in seen:
                issue = issue_at(
                    located,
                    (name, index, "id"),
                    f"id {item_id!r} is used twice",
                    "give each item its own id",
                )
                first = _place(located, (name, seen[item_id]), issue.file)
                yield replace(issue, message=f"{issue.message} (first at {first})")
            seen.setdefault(item_id, index)


def _place(located: Located, path: PathKey, here: str) -> str:
    """Where else a message points, named as its own file numbers it (`tools[0], line 7`)."""
    name = dotted(located.own_path(path))
    where = located.where(path)
    if where is None:
        return name
    file, line = where
    return f"{name}, line {line}" if file == here else f"{name} in {file}, line {line}"


def _references(data: dict[str, Any]) -> Iterator[tuple[PathKey, str, str]]:
    """Every (path, kind, id) the document refers to."""
    for index, value in _strings(data.get("always_obligations")):
        yield ("always_obligations", index), "obligation", value
    for key in _SINGLE_SECTIONS:
        if isinstance(data.get(key), dict):
            yield from _item_references((key,), data[key])
    for name in _ID_LISTS:
        for index, item in _items(data, name):
            yield from _item_references((name, index), item)


def _item_references(path: PathKey, item: dict[str, Any]) -> Iterator[tuple[PathKey, str, str]]:
    for field, kind in _ITEM_REFERENCES.items():
        for index, value in _strings(item.get(field)):
            yield (*path, field, index), kind, value
    if isinstance(item.get("category"), str):
        yield (*path, "category"), "tool category", item["category"]
    when = item.get("when")
    if isinstance(when, dict):
        for field, kind in _CONDITION_REFERENCES.items():
            for index, value in _strings(when.get(field)):
                yield (*path, "when", field, index), kind, value


def _unknown(
    located: Located, path: PathKey, kind: str, value: str, known: set[str]
) -> PolicyIssue:
    if kind == "section":
        hint = "cite a clause id as the document prints it, or add it under `sections`"
    elif kind == "tool name":
        hint = "name a tool as `tools` or the catalogue (knowledge/data/catalog.yaml) names it"
    else:
        hint = f"define it under `{_LIST_OF[kind]}` or correct the reference"
    close = process.extractOne(value, sorted(known)) if known else None
    if close and close[1] >= 70:
        hint = f"did you mean {close[0]!r}? " + hint
    return issue_at(located, path, f"unknown {kind} {value!r}", hint)


def _alias_clashes(data: dict[str, Any], located: Located) -> Iterator[PolicyIssue]:
    owner: dict[str, str] = {}
    for index, tool in _items(data, "tools"):
        tool_id = str(tool.get("id"))
        entries: list[tuple[PathKey, str]] = []
        if isinstance(tool.get("name"), str):
            entries.append((("tools", index, "name"), tool["name"]))
        entries += [(("tools", index, "aliases", i), a) for i, a in _strings(tool.get("aliases"))]
        for path, name in entries:
            # a name may be a description ("Built-in AI features of ..."); an alias is for matching
            if path[2] == "aliases" and len(tokenise(name)) > MAX_NGRAM:
                yield issue_at(
                    located,
                    path,
                    f"{name!r} has more than {MAX_NGRAM} words, so no question would ever match it",
                    f"shorten it to the {MAX_NGRAM} words that name the tool",
                )
            other = owner.setdefault(compact_key(name), tool_id)
            if other != tool_id:
                yield issue_at(
                    located,
                    path,
                    f"{name!r} is claimed by two tools: {other!r} and {tool_id!r}",
                    "an alias must lead to one tool; remove it from one of them",
                )


def _vacuous_rules(data: dict[str, Any], located: Located) -> Iterator[PolicyIssue]:
    for index, rule in _items(data, "rules"):
        when = rule.get("when")
        if isinstance(when, dict) and not any(v not in (None, [], {}) for v in when.values()):
            yield issue_at(
                located,
                ("rules", index, "when"),
                "the rule has no condition and would never fire",
                "say when it applies: tools, tool_categories, purposes, data_any, signals_any...",
            )
