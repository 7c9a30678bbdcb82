"""Train the safety net's weights (knowledge/safety_net.py) and the risk reader's
(knowledge/risk_reader.py) from the question tables.

    make safety-net        # installs scikit-learn into .venv, then runs this

Trains on every bundled table except the sealed and untrained splits
(knowledge.safety_net.SEALED_SPLITS and UNTRAINED_SPLITS; for the risk, verdict, clause and
refusal readers READERS_UNTRAINED_SPLITS), whatever the engine answers today:
the label is the table's, "a yes to this question would be wrong". Writes
knowledge/data/safety_net.json.gz with the fingerprint of the rows it learnt from (a test fails
when the tables change and the weights were not made again) and probes: questions with
scikit-learn's own probability, which the plain-Python model must reproduce.

The settings were chosen by leave-later-splits-out runs on the read tables and fixed before the
sealed splits were scored (docs/engine-measurements.md, "The safety net").
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import sklearn
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from knowledge import bundled_ids, load_policy
from knowledge.clause_reader import MODEL_DIR as CLAUSE_DIR
from knowledge.clause_reader import REFUSAL_DIR, clause_rows, refusal_model_path, refusal_rows
from knowledge.clause_reader import model_path as clause_model_path
from knowledge.engine import net_marks
from knowledge.reader import read_question
from knowledge.risk_reader import (
    INCIDENT_MODEL_PATH,
    INFORMATION_MODEL_PATH,
    incident_rows,
    information_rows,
    reader_text,
    risk_rows,
)
from knowledge.risk_reader import MODEL_PATH as RISK_MODEL_PATH
from knowledge.safety_net import MODEL_PATH, masked, model_text, training_digest, training_rows
from knowledge.verdict_reader import MODEL_DIR as VERDICT_DIR
from knowledge.verdict_reader import model_path as verdict_model_path
from knowledge.verdict_reader import verdict_rows

THRESHOLD = 0.5
C = 4.0
DIGITS = 6  # weights are rounded to this many significant digits in the shipped file
PROBES_PER_POLICY = 8
# The risk reader: word terms only (a tenth of the weights a character model would need for
# each kind, and as right on held-out months: docs/engine-measurements.md).
RISK_C = 4.0
RISK_MIN_DF = 3
RISK_DIGITS = 4
# The verdict readers: one per policy, its tool marks kept (docs/engine-measurements.md,
# fifteenth session: C 4 to 16 and min_df 2 or 3 gave the same held-out figures within 10).
VERDICT_C = 8.0
VERDICT_MIN_DF = 2
# The clause readers: one per policy, learnt from the questions about the policy and the clauses
# their writers cited (docs/engine-measurements.md, sixteenth session).
CLAUSE_C = 8.0
CLAUSE_MIN_DF = 3
# The refusal readers: one per policy, learnt from the questions whose writers expected the use
# forbidden and the clauses they cited (eighteenth session: min_df 5 gave the held-out figures of
# 3 within one question, in half the weights).
REFUSAL_MIN_DF = 5


def rounded(value: float) -> float:
    return float(f"{value:.{DIGITS}g}")


def main() -> int:
    rows = training_rows()
    policies = {policy_id: load_policy(policy_id) for policy_id in bundled_ids()}

    def read(policy_id: str, text: str) -> str:
        policy = policies[policy_id]
        marks = net_marks(policy, read_question(policy, text))
        return model_text(masked(text, marks))

    texts = [read(policy_id, text) for policy_id, _, text, _ in rows]
    train_risk_reader(read)
    train_information_reader(read)
    train_incident_reader(read)
    VERDICT_DIR.mkdir(exist_ok=True)
    for policy_id in bundled_ids():
        train_reader(
            verdict_rows(policy_id),
            verdict_model_path(policy_id),
            read,
            c=VERDICT_C,
            min_df=VERDICT_MIN_DF,
            keep_marks=True,
        )
    train_clause_readers(read)
    labels = np.array([wrong for *_, wrong in rows])
    words = TfidfVectorizer(ngram_range=(1, 2), binary=True, min_df=2)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 4), binary=True, min_df=3)
    x = hstack([words.fit_transform(texts), chars.fit_transform(texts)]).tocsr()
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=5000)
    model.fit(x, labels)
    coef = model.coef_[0]
    n_words = len(words.vocabulary_)

    def part(vectoriser: TfidfVectorizer, offset: int) -> dict[str, list[Any]]:
        terms = sorted(vectoriser.vocabulary_.items())
        return {
            "terms": [term for term, _ in terms],
            "idf": [rounded(vectoriser.idf_[i]) for _, i in terms],
            "coef": [rounded(coef[offset + i]) for _, i in terms],
        }

    probability = model.predict_proba(x)[:, 1]
    probes = []
    for policy_id in bundled_ids():
        picked = [i for i, row in enumerate(rows) if row[0] == policy_id]
        step = max(1, len(picked) // PROBES_PER_POLICY)
        # The text as the model read it (tools masked), so that the test needs no reader.
        probes += [[texts[i], float(probability[i])] for i in picked[::step]]
    data = {
        "format": 1,
        "trainer": (
            f"scikit-learn {sklearn.__version__}: TfidfVectorizer word 1-2 grams (min_df 2) and "
            f"char_wb 3-4 grams (min_df 3), binary; LogisticRegression(C={C}, "
            "class_weight='balanced')"
        ),
        "threshold": THRESHOLD,
        "intercept": float(model.intercept_[0]),
        "word": part(words, 0),
        "char": {**part(chars, n_words), "ngram_range": list(chars.ngram_range)},
        "trained_on": {
            "questions": len(rows),
            "a_yes_is_wrong": int(labels.sum()),
            "splits": sorted({split for _, split, _, _ in rows}),
            "sha256": training_digest(rows),
        },
        "probes": probes,
    }
    write(MODEL_PATH, data)
    right = ((probability > 0.5) == labels).mean()
    print(
        f"{MODEL_PATH.name}: {len(rows)} questions, {x.shape[1]} features, "
        f"training accuracy {right:.3f}, {MODEL_PATH.stat().st_size} bytes"
    )
    return 0


def train_risk_reader(read: Callable[[str, str], str]) -> None:
    train_reader(risk_rows(), RISK_MODEL_PATH, read)


def train_information_reader(read: Callable[[str, str], str]) -> None:
    train_reader(information_rows(), INFORMATION_MODEL_PATH, read)


def train_incident_reader(read: Callable[[str, str], str]) -> None:
    # One message in twenty is a report: weighed as often as the rest, the rare class is read
    # at a probability a bar can be set on (held-out folds, nineteenth session).
    train_reader(incident_rows(), INCIDENT_MODEL_PATH, read, balanced=True)


def train_clause_readers(read: Callable[[str, str], str]) -> None:
    CLAUSE_DIR.mkdir(exist_ok=True)
    for policy_id in bundled_ids():
        path = clause_model_path(policy_id)
        train_reader(clause_rows(policy_id), path, read, c=CLAUSE_C, min_df=CLAUSE_MIN_DF)
    REFUSAL_DIR.mkdir(exist_ok=True)
    for policy_id in bundled_ids():
        path = refusal_model_path(policy_id)
        train_reader(refusal_rows(policy_id), path, read, c=CLAUSE_C, min_df=REFUSAL_MIN_DF)


def train_reader(
    rows: list[tuple[str, str, str, str]],
    path: Path,
    read: Callable[[str, str], str],
    c: float = RISK_C,
    min_df: int = RISK_MIN_DF,
    keep_marks: bool = False,
    balanced: bool = False,
) -> None:
    """A reader's weights (knowledge.risk_reader.RiskReader) from (policy, split, question,
    class) rows. `keep_marks`: each tool's mark as the policy gives it, not one word for all."""
    texts = [read(policy_id, text) for policy_id, _, text, _ in rows]
    if not keep_marks:
        texts = [reader_text(text) for text in texts]
    labels = [kind for *_, kind in rows]
    words = TfidfVectorizer(ngram_range=(1, 2), binary=True, min_df=min_df)
    x = words.fit_transform(texts)
    model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced" if balanced else None)
    model.fit(x, labels)
    terms = sorted(words.vocabulary_.items())
    classes = [str(c) for c in model.classes_]
    # Two classes: scikit-learn keeps one row of weights, for the second; the first's are zero
    # in the softmax the reader runs (the same probabilities).
    coef = (
        model.coef_
        if len(classes) > 2
        else np.vstack([np.zeros_like(model.coef_[0]), model.coef_[0]])
    )
    intercepts = model.intercept_ if len(classes) > 2 else [0.0, model.intercept_[0]]

    def short(value: float) -> float:
        return float(f"{value:.{RISK_DIGITS}g}")

    probability = model.predict_proba(x)
    step = max(1, len(rows) // (PROBES_PER_POLICY * 4))
    data = {
        "format": 1,
        "trainer": (
            f"scikit-learn {sklearn.__version__}: TfidfVectorizer word 1-2 grams (min_df "
            f"{min_df}), binary; LogisticRegression(C={c}"
            f"{', balanced' if balanced else ''}), multinomial"
        ),
        "classes": classes,
        "intercepts": [short(b) for b in intercepts],
        "terms": [term for term, _ in terms],
        "idf": [short(words.idf_[i]) for _, i in terms],
        "coef": [[short(coef[k][i]) for k in range(len(classes))] for _, i in terms],
        "trained_on": {
            "questions": len(rows),
            "splits": sorted({split for _, split, _, _ in rows}),
            "sha256": training_digest(rows),
        },
        # rounded weights, so the model as it runs differs from scikit-learn's in the 3rd digit
        "probes": [
            [texts[i], [round(p, 4) for p in probability[i]]] for i in range(0, len(rows), step)
        ],
    }
    write(path, data)
    right = (model.predict(x) == np.array(labels)).mean()
    print(
        f"{path.name}: {len(rows)} questions, {len(terms)} terms, "
        f"{len(classes)} classes, training accuracy {right:.3f}, "
        f"{path.stat().st_size} bytes"
    )


def write(path: Path, data: dict[str, Any]) -> None:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # mtime=0: the same weights make the same file.
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(payload.encode())


if __name__ == "__main__":
    sys.exit(main())
