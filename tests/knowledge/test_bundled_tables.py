"""Every bundled policy ships with its question tables, and they load cleanly against it."""

from __future__ import annotations

import pytest

from knowledge import bundled_ids, load_policy
from knowledge.loader import bundled_tables
from knowledge.question_table import load_table


@pytest.mark.parametrize("policy_id", bundled_ids())
def test_each_bundled_policy_has_a_tuning_and_a_sealed_table(policy_id: str) -> None:
    policy = load_policy(policy_id)
    tables = bundled_tables(policy_id)
    assert [p.name for p in tables] == [f"{policy_id}.tune.yaml", f"{policy_id}.sealed.yaml"]
    tune, sealed = (load_table(p, policy.sections) for p in tables)
    assert tune.policy == sealed.policy == policy_id
    assert len(tune.questions) >= 350 and len(sealed.questions) >= 150
    overlap = {q.text.lower() for q in tune.questions} & {q.text.lower() for q in sealed.questions}
    assert not overlap
