"""Experiment (issue 11): a statistical safety net under the engine's yes.

Kept as the record of the first measurement. The product's safety net is knowledge/safety_net.py,
trained by tools/train_safety_net.py with different features (binary TF-IDF, character 3-4 grams,
tools marked by status, no policy token: docs/engine-measurements.md, "The safety net, built").
This script needs scikit-learn, which policybot does not depend on. Run it
from the repository root with a virtualenv that has policybot installed plus scikit-learn:

    python -m venv /tmp/exp && /tmp/exp/bin/pip install -e . scikit-learn
    /tmp/exp/bin/python docs/experiments/safety_net.py

What it does: answers every question of every bundled table with the engine as it stands; trains
a TF-IDF (word 1-2 grams and character 3-5 grams, the policy id as a token) logistic regression on
the read tables to predict "a yes would be wrong here"; then, on the sealed split `mixed`, counts
the engine's false yes the model would turn into a question (probability above the threshold) and
the right yeses it would cost. The threshold is not chosen on the sealed split: 0.7 came from the
leave-later-splits-out runs recorded in docs/engine-measurements.md.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from knowledge import bundled_ids, decide, load_policy
from knowledge.loader import bundled_tables
from knowledge.question_table import YES, load_table

SEALED = ("mixed", "month2")  # never trained on
THRESHOLDS = (0.6, 0.7, 0.8)


def rows() -> list[tuple[str, str, str, bool, bool]]:
    """(policy, split, question, engine said yes, a yes is wrong) for every table question."""
    out = []
    for policy_id in bundled_ids():
        policy = load_policy(policy_id)
        for path in bundled_tables(policy_id):
            split = path.name.split(".")[-2]
            for question in load_table(path, policy.sections).questions:
                said_yes = decide(policy, question.text).verdict in YES
                out.append((policy_id, split, question.text, said_yes, question.yes_is_wrong))
    return out


def text(row: tuple[str, str, str, bool, bool]) -> str:
    return f"__{row[0]} {row[2].lower()}"


def main() -> None:
    data = rows()
    train = [r for r in data if r[1] not in SEALED]
    test = [r for r in data if r[1] == "mixed" and r[3]]
    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=3)
    x_train = hstack(
        [words.fit_transform(map(text, train)), chars.fit_transform(map(text, train))]
    )
    model = LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000)
    model.fit(x_train, np.array([r[4] for r in train]))
    x_test = hstack([words.transform(map(text, test)), chars.transform(map(text, test))])
    wrong = model.predict_proba(x_test)[:, 1]
    false_yes = sum(r[4] for r in test)
    right_yes = len(test) - false_yes
    for threshold in THRESHOLDS:
        caught = sum(1 for r, p in zip(test, wrong) if p > threshold and r[4])
        lost = sum(1 for r, p in zip(test, wrong) if p > threshold and not r[4])
        print(
            f"sealed split, threshold {threshold}: false yes caught {caught}/{false_yes}, "
            f"right yes turned into a question {lost}/{right_yes}"
        )


if __name__ == "__main__":
    main()
