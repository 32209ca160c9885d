"""Score fusion of the keyword and embedding rankings, on hand-made candidate lists."""

from __future__ import annotations

from rag.retrieve.hybrid import zscore_fusion


def ranked(fused: dict[str, float]) -> list[str]:
    return sorted(fused, key=lambda cid: fused[cid], reverse=True)


def test_a_clear_keyword_winner_is_not_overtaken_by_a_flat_dense_ranking() -> None:
    keyword = [("a", 30.0), ("b", 5.0), ("c", 4.5), ("d", 4.0)]
    dense = [("b", 0.81), ("a", 0.80), ("c", 0.80), ("d", 0.79)]
    assert ranked(zscore_fusion([(1.0, keyword), (1.0, dense)]))[0] == "a"


def test_candidates_found_by_both_rankings_beat_those_found_by_one() -> None:
    keyword = [("x", 10.0), ("both", 9.0), ("y", 2.0)]
    dense = [("both", 0.9), ("z", 0.88), ("w", 0.5)]
    assert ranked(zscore_fusion([(1.0, keyword), (1.0, dense)]))[0] == "both"


def test_a_candidate_missing_from_a_ranking_gets_that_rankings_lowest_score() -> None:
    keyword = [("a", 3.0), ("b", 1.0)]
    dense = [("c", 0.9), ("a", 0.1)]
    fused = zscore_fusion([(1.0, keyword), (1.0, dense)])
    assert set(fused) == {"a", "b", "c"}
    # b is last in keyword and absent from dense: it gets dense's floor, like a
    assert fused["b"] < fused["a"]


def test_weights_scale_each_rankings_influence() -> None:
    keyword = [("k", 5.0), ("d", 1.0)]
    dense = [("d", 0.9), ("k", 0.2)]
    assert ranked(zscore_fusion([(1.0, keyword), (0.2, dense)]))[0] == "k"
    assert ranked(zscore_fusion([(0.2, keyword), (1.0, dense)]))[0] == "d"


def test_a_single_or_empty_ranking_still_orders_its_candidates() -> None:
    assert ranked(zscore_fusion([(1.0, [("a", 2.0), ("b", 1.0)]), (1.0, [])])) == ["a", "b"]
    assert zscore_fusion([(1.0, [("only", 4.2)])]) == {"only": 0.0}
    assert zscore_fusion([]) == {}


def test_a_complete_ranking_puts_what_it_misses_below_its_last_hit() -> None:
    # the keyword list holds every chunk naming « Bescond »: one it lacks does not name her
    keyword = [("bescond-1", 4.0), ("bescond-2", 3.8), ("gold", 3.6)]
    dense = [("publisher", 0.90), ("novel", 0.88), ("gold", 0.84), ("bescond-1", 0.70)]
    level = ranked(zscore_fusion([(1.0, keyword), (1.0, dense)]))
    below = ranked(zscore_fusion([(1.0, keyword), (1.0, dense)], [True]))
    assert level[0] == "publisher"
    assert level.index("gold") > level.index("novel")
    # every chunk naming her now comes before those that do not
    assert set(below[:3]) == {"bescond-1", "bescond-2", "gold"}
    # a flag for an empty ranking changes nothing
    assert zscore_fusion([(1.0, []), (1.0, dense)], [True]) == zscore_fusion([(1.0, dense)])
