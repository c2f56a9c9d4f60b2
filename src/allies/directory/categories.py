"""NTEE codes suggested for the organizations of a directory that have none, learned from those
that have one.

Plain Python and numpy, no Django. About half of a state's IRS list has no NTEE code, so nothing
says what kind of organization they are but their name and a few IRS codes. The other half of the
same directory does have a code: a multinomial naive Bayes classifier (Laplace smoothing), trained
at build time on the directory's own coded organizations, reads the stems of each name and gives
each organization without a code the probability of every code. It is learned from each
directory, so it speaks that directory's (and that state's) words: "fire" and "rescue" in
Vermont names are M24, "legion" W30, "pto" B94.

It reads the name only. The 501(c) subsection, foundation and activity codes were tried as
features too: naive Bayes takes them as independent of the name's words, which they are not, so
it grew surer while it grew wronger (on the Vermont list, of coded organizations held out, 44%
of its suggestions right at a mean probability of 0.75, against 56% at 0.71 from the name
alone), and the ranking reads those IRS codes directly already.

scikit-learn's `MultinomialNB` computes the same model; it is not used because importing it costs
each app process 1.4 to 1.8 s (measured with `python -X importtime`), for a few lines of counting
here (allies/directory/words.py avoids importing scikit-learn for the same reason).

NTEE codes nest (P is human services, P20 human service organizations), so the probability of a
major group is the sum of its codes'. The suggestion is the most specific level that is more
likely than not: the code when its probability is at least SURE, else its major group when that
is, else nothing. Its probability goes with it as the weight of the evidence.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]

SURE = 0.5  # more likely than not
SMOOTHING = 1.0  # Laplace
MIN_TRAINING = 50  # fewer coded organizations than this teach nothing
MIN_SUPPORT = 5  # the usual least count for a share to mean something


def _matrix(features, rows, vocabulary: dict[str, int], grow: bool = False) -> sp.csr_matrix:
    """Counts of each word (column) of each given organization's name (row); words not in the
    vocabulary are added when `grow`, else left out."""
    columns: list[int] = []
    indptr = [0]
    for i in rows:
        for feature in features[i]:
            column = vocabulary.get(feature)
            if column is None and grow:
                column = vocabulary[feature] = len(vocabulary)
            if column is not None:
                columns.append(column)
        indptr.append(len(columns))
    matrix = sp.csr_matrix(
        (np.ones(len(columns), dtype=np.float32), np.asarray(columns, dtype=np.int64), indptr),
        shape=(len(rows), len(vocabulary)),
    )
    matrix.sum_duplicates()
    return matrix


def _train(features, labels: list[str], rows: list[int]):
    """The model: vocabulary, code labels, log P(word | code) (words x codes), log P(code)."""
    vocabulary: dict[str, int] = {}
    x = _matrix(features, rows, vocabulary, grow=True)
    names = sorted(set(labels))
    index = {label: k for k, label in enumerate(names)}
    y = sp.csr_matrix(
        (
            np.ones(len(rows), dtype=np.float32),
            (np.arange(len(rows)), [index[label] for label in labels]),
        ),
        shape=(len(rows), len(names)),
    )
    counts = np.asarray((y.T @ x).todense(), dtype=np.float64) + SMOOTHING
    log_likelihood = np.log(counts) - np.log(counts.sum(axis=1, keepdims=True))
    prior = np.asarray(y.sum(axis=0), dtype=np.float64).reshape(-1)
    return (
        vocabulary,
        names,
        np.ascontiguousarray(log_likelihood.T, dtype=np.float32),
        np.log(prior / prior.sum()),
    )


def _predict(model, features, rows: list[int]) -> list[tuple[str, float] | None]:
    """The most specific level more likely than not (by the model), with its probability."""
    vocabulary, labels, log_likelihood, log_prior = model
    unseen = _matrix(features, rows, vocabulary)
    scores = np.asarray(unseen @ log_likelihood)
    scores += log_prior.astype(np.float32)
    scores -= scores.max(axis=1, keepdims=True)
    probability = np.exp(scores, out=scores)
    probability /= probability.sum(axis=1, keepdims=True)
    # The labels are sorted, so each major group's codes are side by side.
    groups = sorted({label[0] for label in labels})
    starts = np.searchsorted([label[0] for label in labels], groups)
    group_probability = np.add.reduceat(probability, starts, axis=1)
    best = probability.argmax(axis=1)
    best_p = probability[np.arange(len(rows)), best]
    best_group = group_probability.argmax(axis=1)
    best_g = group_probability[np.arange(len(rows)), best_group]
    read = np.diff(unseen.indptr) > 0  # nothing known of an organization: the prior is no evidence
    found: list[tuple[str, float] | None] = [None] * len(rows)
    for position in np.flatnonzero(read & (best_p >= SURE)):
        found[position] = (labels[best[position]], float(best_p[position]))
    for position in np.flatnonzero(read & (best_p < SURE) & (best_g >= SURE)):
        found[position] = (groups[best_group[position]], float(best_g[position]))
    return found


def train(names: Sequence[Sequence[str]], codes: Sequence[str]):
    """The model learned from the stems of the names of the organizations that have a code
    (codes[i] != ''), or None when there are fewer than MIN_TRAINING of them."""
    known = [i for i in range(len(codes)) if codes[i]]
    if len(known) < MIN_TRAINING:
        return None
    return _train(names, [codes[i][:3].upper() for i in known], known)


def predict(model, names: Sequence[Sequence[str]]) -> list[tuple[str, float] | None]:
    """The suggested code of each organization (the stems of its name) and its probability by
    the model, or None."""
    if model is None or not names:
        return [None] * len(names)
    return _predict(model, names, list(range(len(names))))


def suggest_codes(
    names: Sequence[Sequence[str]], codes: Sequence[str]
) -> list[tuple[str, float] | None]:
    """For each organization without a code (codes[i] == ''), the code its name (`names[i]`, its
    stems) suggests and its probability by the model, or None; None for those that have a code.
    Codes are read at three characters (C40Z is C40)."""
    suggestions: list[tuple[str, float] | None] = [None] * len(codes)
    unknown = [i for i in range(len(codes)) if not codes[i]]
    model = train(names, codes) if unknown else None
    if model is None:
        return suggestions
    for i, found in zip(unknown, _predict(model, names, unknown), strict=True):
        suggestions[i] = found
    return suggestions


def learned_keywords(
    names: Sequence[Sequence[str]], codes: Sequence[str], support: int = MIN_SUPPORT
) -> dict[str, list[str]]:
    """code (three characters) -> the stems that, in this directory's names, mostly mean that
    code: found in the names of at least `support` of its organizations, and more often in its
    names than in all the other codes' together ("legion", "post": W30; "pto": B94). The NTEE's
    keywords are national and few; these are the words a directory's organizations of a code
    use for themselves."""
    by_word: dict[str, dict[str, int]] = {}
    for stems_, code in zip(names, codes, strict=True):
        if not code:
            continue
        code = code[:3].upper()
        for stem in set(stems_):
            counts = by_word.setdefault(stem, {})
            counts[code] = counts.get(code, 0) + 1
    learned: dict[str, list[str]] = {}
    for stem, counts in sorted(by_word.items()):
        code, count = max(counts.items(), key=lambda item: (item[1], item[0]))
        if count >= support and count / sum(counts.values()) > 0.5:
            learned.setdefault(code, []).append(stem)
    return learned
