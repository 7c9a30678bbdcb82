"""Every bundled policy ships with its question tables, and they load cleanly against it."""

from __future__ import annotations

import pytest

from knowledge import bundled_ids, load_policy
from knowledge.loader import bundled_tables
from knowledge.question_table import load_table, run_table


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


# The right-verdict share each bundled policy reaches on its tuning table, a little below the
# measured figure so that a real regression fails and a one-question wobble does not.
TUNE_FLOOR = 0.88


@pytest.mark.parametrize("policy_id", bundled_ids())
def test_the_tuning_table_never_gets_a_false_yes(policy_id: str) -> None:
    policy = load_policy(policy_id)
    tune = load_table(bundled_tables(policy_id)[0], policy.sections)
    result = run_table(policy, tune)
    assert [o.question.text for o in result.false_yes] == []
    assert result.total.right / result.total.asked >= TUNE_FLOOR
