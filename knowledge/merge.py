"""`extends`: an organisation's policy built on another (usually the Socitm template).

The child wins field by field. Lists of items with an `id` are merged by id, so an adopter can
change one tool's status or add its own approved tools without copying the template; an item
with `remove: true` drops the inherited one. Other lists and scalars are replaced whole.
Locations travel with the values, so errors still point at the file that wrote the value, and
name the value by its position in that file.
"""

from __future__ import annotations

from typing import Any

from .yaml_source import Located, PathKey


def merge_located(base: Located, child: Located) -> Located:
    out = Located(None)
    out.data = _merge(base.data, (), base, child.data, (), child, (), out)
    _forget_removed_tools(out.data, child.data)
    return out


def _forget_removed_tools(merged: Any, child: Any) -> None:
    """A tool the adopter removes leaves the inherited rules that name it among others: "no
    personal data in ChatGPT, Claude or Gemini" still holds for ChatGPT and Gemini. A rule left
    naming only removed tools is left as written, so validation names it for the adopter to
    remove or rewrite."""
    if not (isinstance(merged, dict) and isinstance(child, dict)):
        return
    removed = {
        item["id"]
        for item in child.get("tools") or []
        if isinstance(item, dict) and item.get("remove") and isinstance(item.get("id"), str)
    }
    if not removed:
        return
    for rule in merged.get("rules") or []:
        when = rule.get("when") if isinstance(rule, dict) else None
        if not isinstance(when, dict) or not isinstance(when.get("tools"), list):
            continue
        kept = [tool for tool in when["tools"] if tool not in removed]
        if kept and len(kept) < len(when["tools"]):
            when["tools"] = kept


def _merge(
    b: Any,
    bpath: PathKey,
    bsrc: Located,
    c: Any,
    cpath: PathKey,
    csrc: Located,
    opath: PathKey,
    out: Located,
) -> Any:
    if isinstance(b, dict) and isinstance(c, dict):
        return _merge_mapping(b, bpath, bsrc, c, cpath, csrc, opath, out)
    if _is_id_list(b) and _is_id_list(c):
        return _merge_id_list(b, bpath, bsrc, c, cpath, csrc, opath, out)
    return _copy(c, cpath, csrc, opath, out)


def _merge_mapping(
    b: dict[str, Any],
    bpath: PathKey,
    bsrc: Located,
    c: dict[str, Any],
    cpath: PathKey,
    csrc: Located,
    opath: PathKey,
    out: Located,
) -> dict[str, Any]:
    _locate(out, opath, csrc, cpath)
    merged: dict[str, Any] = {}
    for key, value in b.items():
        if key not in c:
            merged[key] = _copy(value, (*bpath, key), bsrc, (*opath, key), out)
    for key, value in c.items():
        kpath = (*opath, key)
        if key in b:
            merged[key] = _merge(
                b[key], (*bpath, key), bsrc, value, (*cpath, key), csrc, kpath, out
            )
        else:
            merged[key] = _copy(value, (*cpath, key), csrc, kpath, out)
    return merged


def _merge_id_list(
    b: list[Any],
    bpath: PathKey,
    bsrc: Located,
    c: list[Any],
    cpath: PathKey,
    csrc: Located,
    opath: PathKey,
    out: Located,
) -> list[Any]:
    _locate(out, opath, csrc, cpath)
    child_by_id = {item["id"]: (index, item) for index, item in enumerate(c)}
    merged: list[Any] = []
    for bindex, item in enumerate(b):
        override = child_by_id.get(item["id"])
        opos = (*opath, len(merged))
        if override is None:
            merged.append(_copy(item, (*bpath, bindex), bsrc, opos, out))
        elif not override[1].get("remove"):
            cindex, citem = override
            merged.append(
                _merge(item, (*bpath, bindex), bsrc, citem, (*cpath, cindex), csrc, opos, out)
            )
    base_ids = {item["id"] for item in b}
    for cindex, item in enumerate(c):
        if item["id"] not in base_ids and not item.get("remove"):
            merged.append(_copy(item, (*cpath, cindex), csrc, (*opath, len(merged)), out))
    return merged


def _is_id_list(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(item, dict) and isinstance(item.get("id"), str) for item in value)
    )


def _copy(value: Any, spath: PathKey, src: Located, opath: PathKey, out: Located) -> Any:
    _locate(out, opath, src, spath)
    if isinstance(value, dict):
        return {k: _copy(v, (*spath, k), src, (*opath, k), out) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v, (*spath, i), src, (*opath, i), out) for i, v in enumerate(value)]
    return value


def _locate(out: Located, opath: PathKey, src: Located, spath: PathKey) -> None:
    where = src.locations.get(spath)
    if where:
        out.locations[opath] = where
        # through a chain of extends: the path in the file that wrote the value, not its path in
        # an intermediate merge
        out.origins[opath] = src.origins.get(spath, spath)
