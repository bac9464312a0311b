"""Grouping distinct comment keys into ideas: TF-IDF over syllables (word 1–2-grams) and character
n-grams of `keys.feature_text`, cosine distance, average-linkage agglomerative clustering
(scikit-learn) cut at `THRESHOLD`, with cannot-link constraints from `keys.discriminators`.

Average linkage is quadratic in the number of distinct keys, so a shard larger than `SAMPLE`
clusters its `SAMPLE` most frequent keys and assigns the rest to the nearest cluster (the same
average-linkage distance: one minus the dot product with the cluster's mean vector), clustering
what is left over in further rounds.
"""

from collections.abc import Sequence

import numpy as np

# AgglomerativeClustering imports scipy's hierarchy module at its first fit: imported with this
# module instead, an RQ worker loads it once before forking, not once in every task it runs.
import scipy.cluster.hierarchy  # noqa: F401
from scipy.sparse import csr_matrix, hstack
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from .keys import conflict

# Tuned on the tuning half of tests/consultations/labelled_comments.json (see test_ideas.py).
THRESHOLD = 0.85
CHAR_WEIGHT = 0.6
DRAFT_WEIGHT = 0.35  # the draft's own words: every comment on a paragraph quotes them
SAMPLE = 2000
_FORBIDDEN = 1e9  # larger than any average of real distances, even spread over a big cluster


def vectorize(texts: Sequence[str], draft_words: frozenset[str] = frozenset()) -> csr_matrix:
    """Unit-length rows: word (syllable) 1–2-grams and character 2–4-grams, each block
    L2-normalised and weighted; n-grams made only of the draft's own words count less."""
    words = TfidfVectorizer(
        analyzer="word", ngram_range=(1, 2), token_pattern=r"\S+", sublinear_tf=True, dtype=np.float32
    )
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, dtype=np.float32)
    word_matrix = words.fit_transform(texts)
    if draft_words:
        scale = np.array(
            [DRAFT_WEIGHT if all(w in draft_words for w in term.split()) else 1.0
             for term in words.get_feature_names_out()],
            dtype=np.float32,
        )  # fmt: skip
        word_matrix = word_matrix.multiply(scale).tocsr()
    char_matrix = chars.fit_transform(texts)
    combined = hstack(
        [normalize(word_matrix) * np.sqrt(1 - CHAR_WEIGHT), normalize(char_matrix) * np.sqrt(CHAR_WEIGHT)]
    )
    return normalize(combined.tocsr())


def _signature_index(signatures: Sequence[tuple]) -> tuple[np.ndarray, np.ndarray]:
    """Index of each row's discriminator tuple among the distinct ones, and their conflict matrix."""
    distinct: dict[tuple, int] = {}
    index = np.array([distinct.setdefault(s, len(distinct)) for s in signatures], dtype=np.int32)
    keys = list(distinct)
    clash = np.array([[conflict(a, b) for b in keys] for a in keys], dtype=bool)
    return index, clash


def _linkage(matrix: csr_matrix, sig_index: np.ndarray, clash: np.ndarray) -> np.ndarray:
    n = matrix.shape[0]
    if n == 1:
        return np.zeros(1, dtype=np.int64)
    distance = 1.0 - (matrix @ matrix.T).toarray().astype(np.float64)
    np.clip(distance, 0.0, 2.0, out=distance)
    distance[clash[sig_index][:, sig_index]] = _FORBIDDEN
    np.fill_diagonal(distance, 0.0)
    model = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=THRESHOLD
    )
    return model.fit_predict(distance)


def assign(
    rows: csr_matrix,
    row_sigs: np.ndarray,
    centroids: np.ndarray,
    cluster_sigs: list[set[int]],
    clash: np.ndarray,
    threshold: float = THRESHOLD,
) -> np.ndarray:
    """For each row, the nearest centroid within `threshold` whose members' discriminators do not
    clash with the row's (trying the three nearest), or -1."""
    result = np.full(rows.shape[0], -1, dtype=np.int64)
    if not len(cluster_sigs) or not rows.shape[0]:
        return result
    similarity = np.asarray(rows @ centroids.T)
    order = np.argsort(-similarity, axis=1)[:, :3]
    for i in range(rows.shape[0]):
        for candidate in order[i]:
            if 1.0 - similarity[i, candidate] > threshold:
                break
            if not clash[row_sigs[i], list(cluster_sigs[candidate])].any():
                result[i] = candidate
                break
    return result


def centroids_of(matrix: csr_matrix, labels: np.ndarray, count: int) -> np.ndarray:
    """Mean vector of each cluster (not re-normalised: the dot product with it is the average
    similarity to the members, as in average linkage)."""
    members = np.bincount(labels, minlength=count).astype(np.float32)
    indicator = csr_matrix((np.ones(len(labels), dtype=np.float32), (labels, np.arange(len(labels)))),
                           shape=(count, len(labels)))  # fmt: skip
    sums = (indicator @ matrix).toarray()
    return sums / np.maximum(members, 1)[:, None]


def cluster(matrix: csr_matrix, weights: Sequence[int], signatures: Sequence[tuple]) -> np.ndarray:
    """Cluster label of each row (distinct key); rows with clashing discriminators never share one."""
    sig_index, clash = _signature_index(signatures)
    return _cluster(matrix, np.asarray(weights), sig_index, clash)


def _cluster(matrix, weights, sig_index, clash) -> np.ndarray:
    n = matrix.shape[0]
    if n <= SAMPLE:
        return _linkage(matrix, sig_index, clash)
    order = np.argsort(-weights, kind="stable")
    head, tail = order[:SAMPLE], order[SAMPLE:]
    head_labels = _linkage(matrix[head], sig_index[head], clash)
    count = int(head_labels.max()) + 1
    centroids = centroids_of(matrix[head], head_labels, count)
    members: list[set[int]] = [set() for _ in range(count)]
    for label, sig in zip(head_labels, sig_index[head], strict=True):
        members[label].add(int(sig))
    tail_labels = assign(matrix[tail], sig_index[tail], centroids, members, clash)
    labels = np.empty(n, dtype=np.int64)
    labels[head] = head_labels
    labels[tail] = tail_labels
    left = tail[tail_labels < 0]
    if len(left):
        rest = _cluster(matrix[left], weights[left], sig_index[left], clash)
        labels[left] = rest + count
    return labels
