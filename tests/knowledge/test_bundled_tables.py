"""Every bundled policy ships with its question tables, and they load cleanly against it."""

from __future__ import annotations

import pytest

from knowledge import bundled_ids, load_policy
from knowledge.loader import bundled_tables
from knowledge.question_table import load_table, run_table


@pytest.mark.parametrize("policy_id", bundled_ids())
def test_each_bundled_policy_has_its_tuning_sealed_and_hold_out_tables(policy_id: str) -> None:
    policy = load_policy(policy_id)
    tables = bundled_tables(policy_id)
    splits = ("tune", "sealed", "holdout")
    assert [p.name for p in tables] == [f"{policy_id}.{split}.yaml" for split in splits]
    tune, sealed, holdout = (load_table(p, policy.sections) for p in tables)
    assert tune.policy == sealed.policy == holdout.policy == policy_id
    assert len(tune.questions) >= 350 and len(sealed.questions) >= 150
    assert len(holdout.questions) >= 150
    texts = [{q.text.lower() for q in t.questions} for t in (tune, sealed, holdout)]
    assert not texts[0] & texts[1] and not texts[0] & texts[2] and not texts[1] & texts[2]


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


@pytest.mark.parametrize("policy_id", bundled_ids())
def test_the_opened_sealed_table_never_gets_a_false_yes(policy_id: str) -> None:
    """Tuning data since it was opened (docs/engine-measurements.md); it must stay clean."""
    policy = load_policy(policy_id)
    sealed = load_table(bundled_tables(policy_id)[1], policy.sections)
    assert [o.question.text for o in run_table(policy, sealed).false_yes] == []


# The hold-out's false yes as last measured (docs/engine-measurements.md): a ratchet, lowered as
# they are fixed, never raised. Zero is the goal; these are the open cases of issue 11.
HOLDOUT_FALSE_YES = {
    "socitm-template": 9,
    "mid-kent": 6,
    "oadby-wigston": 12,
    "school-model": 6,
}


@pytest.mark.parametrize("policy_id", bundled_ids())
def test_the_hold_out_false_yes_never_grow(policy_id: str) -> None:
    policy = load_policy(policy_id)
    holdout = load_table(bundled_tables(policy_id)[2], policy.sections)
    assert len(run_table(policy, holdout).false_yes) <= HOLDOUT_FALSE_YES[policy_id]
