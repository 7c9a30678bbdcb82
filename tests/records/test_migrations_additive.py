"""Every migration only adds (tables, indexes, nullable columns, unique constraints), so
`policybot db upgrade` can run while instances of the previous release keep serving: their
queries name only what already existed, and what they insert leaves the new columns empty.
docs/operations.md gives the order of a rolling upgrade on the strength of this test."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

VERSIONS = Path(__file__).parents[2] / "bot" / "records" / "migrations" / "versions"
ADDING = {"create_table", "create_index", "add_column", "create_unique_constraint", "f"}
SCOPES = {"batch_alter_table"}
# 0001 creates the audit log's append-only trigger: part of creating the table; 0006 fills the
# register it creates from the decided approval requests (inserts into its own new tables only)
KNOWN_HELPERS = {"_make_audit_log_append_only", "_move_decided_approvals"}


def upgrade_of(path: Path) -> ast.FunctionDef:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    [upgrade] = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "upgrade"]
    return upgrade


def upgrade_calls(path: Path) -> list[ast.Call]:
    return [node for node in ast.walk(upgrade_of(path)) if isinstance(node, ast.Call)]


def added_columns(upgrade: ast.FunctionDef, call: ast.Call) -> list[ast.Call]:
    """The sa.Column(...) an add_column adds: its argument, or each column of the loop it is
    called in ("for column in (sa.Column(...), ...): batch.add_column(column)")."""
    [argument] = call.args
    if isinstance(argument, ast.Call):
        return [argument]
    assert isinstance(argument, ast.Name)
    loops = [
        loop for loop in ast.walk(upgrade)
        if isinstance(loop, ast.For) and isinstance(loop.target, ast.Name)
        and loop.target.id == argument.id
    ]  # fmt: skip
    return [c for loop in loops for c in ast.walk(loop.iter) if isinstance(c, ast.Call)
            and isinstance(c.func, ast.Attribute) and c.func.attr == "Column"]  # fmt: skip


def operation(call: ast.Call) -> str | None:
    """The migration operation a call makes (`op.x` or `batch.x`), None for column types."""
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        if func.value.id in {"op", "batch"}:
            return func.attr
        return None  # sa.Column, sa.String ...: building a table, not changing one
    if isinstance(func, ast.Name):
        return func.id
    return None


@pytest.mark.parametrize("path", sorted(VERSIONS.glob("0*.py")), ids=lambda p: p.stem)
def test_each_migration_only_adds(path: Path) -> None:
    upgrade = upgrade_of(path)
    for call in upgrade_calls(path):
        name = operation(call)
        if name is None:
            continue
        assert name in ADDING | SCOPES | KNOWN_HELPERS, f"{path.name}: {name} does not only add"
        if name != "add_column":
            continue
        columns = added_columns(upgrade, call)
        assert columns, f"{path.name}: cannot see which column is added"
        for column in columns:
            keywords = {k.arg: k.value for k in column.keywords}
            nullable = keywords.get("nullable")
            assert (
                isinstance(nullable, ast.Constant) and nullable.value is True
            ) or "server_default" in keywords, f"{path.name}: a new column must be nullable"


def test_the_rule_sees_a_destructive_migration(tmp_path: Path) -> None:
    bad = tmp_path / "0099_bad.py"
    bad.write_text(
        "def upgrade():\n    op.drop_column('interactions', 'answer')\n"
        "    op.add_column('x', sa.Column('y', sa.String(), nullable=False))\n"
    )
    names = [operation(call) for call in upgrade_calls(bad)]
    assert "drop_column" in names and not set(names) <= ADDING | SCOPES | {None}
