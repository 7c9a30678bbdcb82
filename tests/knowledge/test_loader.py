"""The loader reports every error at once, each with file, line, field and a hint."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from knowledge import PolicyError, UnknownPolicyError, bundled_ids, load_document, load_policy
from knowledge.errors import PolicyIssue

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = FIXTURES / "minimal.yaml"
EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "example-borough.yaml"


def write_variant(tmp_path: Path, edit) -> Path:
    """The minimal policy with one edit applied, written out so errors have real lines."""
    data = yaml.safe_load(MINIMAL.read_text())
    edit(data)
    path = tmp_path / "policy.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return path


def issues_of(path: Path) -> list[PolicyIssue]:
    with pytest.raises(PolicyError) as caught:
        load_document(path)
    return caught.value.issues


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def test_minimal_policy_loads_and_fills_placeholders() -> None:
    document = load_document(MINIMAL)
    assert document.sections[0].text == "Only the AI Board may approve a tool for Test Council."
    assert document.faqs[0].answer == "the AI Board owns it."


@pytest.mark.parametrize(
    "policy_id", ["socitm-template", "mid-kent", "oadby-wigston", "school-model"]
)
def test_every_bundled_policy_loads(policy_id: str) -> None:
    assert policy_id in bundled_ids()
    policy = load_policy(policy_id)
    assert policy.id == policy_id
    assert policy.document.sections


def test_unknown_clause_in_a_citation(tmp_path: Path) -> None:
    path = write_variant(tmp_path, lambda d: d["tools"][0].update(cites=["99"]))
    [issue] = issues_of(path)
    assert issue.field == "tools[0].cites[0]"
    assert "unknown section '99'" in issue.message
    assert issue.line == line_of(path, "- '99'")
    assert "sections" in issue.hint


def test_alias_too_long_to_ever_match(tmp_path: Path) -> None:
    def edit(data):
        data["tools"][0]["aliases"].append("the chat bot on my work phone")

    path = write_variant(tmp_path, edit)
    [issue] = issues_of(path)
    assert "more than 5 words" in issue.message
    assert issue.field.startswith("tools[0].aliases[")


def test_every_catalogue_name_can_be_found() -> None:
    from knowledge.lexicon import load_catalog
    from knowledge.normalise import tokenise
    from knowledge.tool_index import MAX_NGRAM

    too_long = [
        name for item in load_catalog() for name in item.aliases if len(tokenise(name)) > MAX_NGRAM
    ]
    assert too_long == []


def test_alias_claimed_by_two_tools(tmp_path: Path) -> None:
    def edit(data):
        data["tools"].append(
            {"id": "other", "name": "Other", "aliases": ["Chat-GPT"], "category": "public_tool"}
        )

    path = write_variant(tmp_path, edit)
    [issue] = issues_of(path)
    assert "claimed by two tools: 'chatgpt' and 'other'" in issue.message
    assert issue.field == "tools[1].aliases[0]"
    assert issue.line == line_of(path, "- Chat-GPT")


def test_missing_required_field(tmp_path: Path) -> None:
    path = write_variant(tmp_path, lambda d: d["purposes"][0].pop("text"))
    [issue] = issues_of(path)
    assert issue.field == "purposes[0].text"
    assert issue.message == "required field is missing"
    assert "add `text:`" in issue.hint
    assert issue.line == line_of(path, "- id: drafting")


def test_wrong_type(tmp_path: Path) -> None:
    path = write_variant(tmp_path, lambda d: d["purposes"][0].update(examples="draft an email"))
    [issue] = issues_of(path)
    assert issue.field == "purposes[0].examples"
    assert "list" in issue.message.lower()
    assert issue.line == line_of(path, "examples: draft an email")


def test_unknown_verdict(tmp_path: Path) -> None:
    path = write_variant(tmp_path, lambda d: d["rules"][0].update(verdict="forbidden"))
    [issue] = issues_of(path)
    assert issue.message == "unknown verdict 'forbidden'"
    assert "'prohibited'" in issue.hint
    assert issue.line == line_of(path, "verdict: forbidden")


def test_unknown_field_and_unknown_reference(tmp_path: Path) -> None:
    def edit(data):
        data["tools"][0]["colour"] = "green"
        data["rules"][0]["when"]["data_any"] = ["persnal"]

    path = write_variant(tmp_path, edit)
    issues = issues_of(path)
    assert [i.field for i in issues] == ["tools[0].colour", "rules[0].when.data_any[0]"]
    assert "did you mean 'personal'" in issues[1].hint


def test_every_error_is_reported_in_one_run(tmp_path: Path) -> None:
    def edit(data):
        data["tools"][0].update(cites=["99"], status="maybe")
        data["purposes"][0].pop("text")
        data["faqs"][0]["answer"] = "Ask {nobody}."
        data["rules"][0]["when"] = {}

    issues = issues_of(write_variant(tmp_path, edit))
    messages = " | ".join(i.message for i in issues)
    assert len(issues) == 5, messages
    for expected in (
        "unknown section",
        "unknown status",
        "required field",
        "placeholder",
        "never fire",
    ):
        assert expected in messages
    assert all(i.line for i in issues)
    assert [i.line for i in issues] == sorted(i.line for i in issues)


def test_yaml_syntax_error_has_its_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("schema_version: 1\nid: broken\nsections:\n  - {id: '1', title: [unclosed\n")
    [issue] = issues_of(path)
    assert issue.field == "(syntax)"
    assert issue.line is not None and issue.line >= 4


def test_unknown_policy_names_the_bundled_ids() -> None:
    with pytest.raises(UnknownPolicyError) as caught:
        load_document("no-such-policy")
    for policy_id in ("socitm-template", "mid-kent", "oadby-wigston", "school-model"):
        assert policy_id in str(caught.value)


def test_extends_fills_the_template_from_the_adopters_organisation() -> None:
    template = load_document("socitm-template")
    adopted = load_document(EXAMPLE)
    assert adopted.extends == "socitm-template"
    assert adopted.organisation.name != template.organisation.name
    authority = adopted.organisation.governance_authority.name
    # Template clauses written with {authority} now read with the adopter's own name.
    assert any(authority in s.text for s in adopted.sections)
    assert not any("{authority}" in s.text for s in adopted.sections)
    assert {s.id for s in template.sections} <= {s.id for s in adopted.sections}


def test_extends_changes_statuses_adds_and_removes_tools() -> None:
    template = {t.id: t for t in load_document("socitm-template").tools}
    adopted = {t.id: t for t in load_document(EXAMPLE).tools}
    changed = [i for i in adopted if i in template and adopted[i].status != template[i].status]
    added = set(adopted) - set(template)
    removed = set(template) - set(adopted)
    assert changed and added and removed


def test_a_removed_tool_leaves_the_rules_that_name_it_with_others(tmp_path: Path) -> None:
    """Removing Claude keeps "no personal data in ChatGPT or Gemini"; removing all three named
    tools leaves a rule about nothing, reported on the template's line for the adopter."""
    head = "schema_version: 1\nid: child\nextends: socitm-template\ntitle: Child\nversion: '1'\n"
    child = tmp_path / "child.yaml"
    child.write_text(head + "tools:\n  - id: claude\n    remove: true\n")
    rules = {rule.id: rule for rule in load_document(child).rules}
    assert rules["public-chatbot-private-data"].when.tools == ["chatgpt", "gemini"]
    gone = "".join(
        f"  - id: {tool}\n    remove: true\n" for tool in ("chatgpt", "claude", "gemini")
    )
    child.write_text(head + "tools:\n" + gone)
    issues = issues_of(child)
    index = [r.id for r in load_document("socitm-template").rules].index(
        "public-chatbot-private-data"
    )
    assert {(i.field, i.message) for i in issues} == {
        (f"rules[{index}].when.tools[{n}]", f"unknown tool '{tool}'")
        for n, tool in enumerate(("chatgpt", "claude", "gemini"))
    }


def test_error_in_extending_file_points_at_that_file(tmp_path: Path) -> None:
    child = tmp_path / "child.yaml"
    child.write_text(
        "schema_version: 1\nid: child\nextends: socitm-template\ntitle: Child\nversion: '1'\n"
        "tools:\n  - id: brand-new\n    name: Brand New\n    category: no_such_category\n"
    )
    issues = issues_of(child)
    assert any(
        i.file == str(child) and i.line == 9 and "tool category" in i.message for i in issues
    )


def test_a_key_given_twice_is_an_error_not_a_silent_overwrite(tmp_path: Path) -> None:
    text = MINIMAL.read_text()
    first = next(line for line in text.splitlines() if line.startswith("version:"))
    path = tmp_path / "policy.yaml"
    path.write_text(text + "\n" + first + "\n")
    issues = issues_of(path)
    assert [(i.field, i.line) for i in issues] == [("version", len(text.splitlines()) + 2)]
    assert "given twice" in issues[0].message and "line" in issues[0].message


def test_a_policy_turns_acknowledgement_on_with_an_https_link(tmp_path: Path) -> None:
    child = tmp_path / "child.yaml"
    head = "schema_version: 1\nid: child\nextends: socitm-template\ntitle: Child\nversion: '1'\n"
    child.write_text(
        head + "acknowledgement:\n  enabled: true\n  link: https://intranet.example/ai\n"
        "  cites: ['17']\n"
    )
    policy = load_policy(child)
    assert policy.document.acknowledgement.enabled
    assert policy.document.acknowledgement.link == "https://intranet.example/ai"
    assert not load_policy("socitm-template").document.acknowledgement.enabled
    child.write_text(head + "acknowledgement:\n  enabled: true\n  link: http://intranet/ai\n")
    issues = issues_of(child)
    assert [(i.field, i.line) for i in issues] == [("acknowledgement.link", 8)]
    assert "https://" in issues[0].message


def test_a_tool_that_may_be_provided_is_one_the_policy_or_the_catalogue_names(
    tmp_path: Path,
) -> None:
    """`claimed_tool.may_be_provided` names tools as the policy lists them or the shared
    catalogue names them: a misspelt one is an error with its line and the nearest name, not a
    presumption that silently never applies."""

    def edit(data):
        data["claimed_tool"] = {
            "status": "approved_with_conditions",
            "text": "If it really is provided for you, you may use it.",
            "may_be_provided": ["Microsoft Copilot", "Microsoft Copilott"],
        }

    path = write_variant(tmp_path, edit)
    [issue] = issues_of(path)
    assert issue.field == "claimed_tool.may_be_provided[1]"
    assert "unknown tool name 'Microsoft Copilott'" in issue.message
    assert issue.line == line_of(path, "- Microsoft Copilott")
    assert "did you mean 'Microsoft Copilot'" in issue.hint


def test_a_tool_likely_provided_is_checked_the_same_way(tmp_path: Path) -> None:
    def edit(data):
        data["claimed_tool"] = {
            "status": "approved_with_conditions",
            "text": "If it really is provided for you, you may use it.",
            "likely_provided": ["Microsoft 365 Copilott"],
        }

    path = write_variant(tmp_path, edit)
    [issue] = issues_of(path)
    assert issue.field == "claimed_tool.likely_provided[0]"
    assert "unknown tool name 'Microsoft 365 Copilott'" in issue.message
    assert issue.line == line_of(path, "- Microsoft 365 Copilott")


def test_only_a_claimed_tool_may_be_provided(tmp_path: Path) -> None:
    path = write_variant(
        tmp_path, lambda d: d["unlisted_tool"].update(may_be_provided=["Microsoft Copilot"])
    )
    [issue] = issues_of(path)
    assert issue.field == "unlisted_tool.may_be_provided"
