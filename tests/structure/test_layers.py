"""The packages depend one way: knowledge, cardkit and forms at the bottom, dialogs above them,
bot on top. Read from the source, so a new import that turns an arrow round fails here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
OURS = ("bot", "cardkit", "dialogs", "forms", "knowledge")
# What each package may import of ours (besides itself).
ALLOWED = {
    "knowledge": set(),
    "cardkit": set(),
    "forms": set(),
    "dialogs": {"cardkit", "forms", "knowledge"},
    "bot": {"cardkit", "dialogs", "forms", "knowledge"},
}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & set(OURS)


@pytest.mark.parametrize("package", OURS)
def test_a_package_imports_only_the_layers_below_it(package: str) -> None:
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported - ALLOWED[package] - {package})
        for path in (ROOT / package).rglob("*.py")
        if (imported := imported_packages(path)) - ALLOWED[package] - {package}
    }
    assert wrong == {}


def test_the_rule_sees_a_wrong_import(tmp_path: Path) -> None:
    source = tmp_path / "module.py"
    source.write_text("from bot.cards import answer_card\nimport dialogs.prompts\n")
    assert imported_packages(source) == {"bot", "dialogs"}


def test_no_dialog_module_grows_past_the_size_of_one_concern() -> None:
    """The form loop lives in dialogs/form_dialog.py and each form's fields in its own module:
    a dialog module growing past this is a sign the skeleton is being copied again."""
    sizes = {
        path.name: len(path.read_text(encoding="utf-8").splitlines())
        for path in (ROOT / "dialogs").glob("*.py")
    }
    assert {name: n for name, n in sizes.items() if n > 420} == {}
