"""NTEE codes suggested for organizations without one, learned from the directory's own coded
organizations (`directory.categories`): plain rows, no database."""

from allies.directory.categories import (
    MIN_TRAINING,
    learned_keywords,
    predict,
    suggest_codes,
    train,
)
from allies.directory.words import stems


def row(name):
    return stems(name)


def directory():
    """A directory where fire departments are M24, historical societies A80, PTOs B94."""
    features, codes = [], []
    for town in range(20):
        for name, code in (
            ("Volunteer Fire Department", "M24"),
            ("Historical Society", "A80"),
            ("Elementary School PTO", "B94"),
        ):
            features.append(row(f"Town{town} {name}"))
            codes.append(code)
    return features, codes


def test_an_organization_without_a_code_gets_the_code_of_those_with_its_words():
    features, codes = directory()
    features += [row("Riverton Fire Department"), row("Old Mill Historical Society Inc")]
    codes += ["", ""]
    found = suggest_codes(features, codes)
    assert found[:-2] == [None] * (len(codes) - 2)  # those with a code keep theirs
    (fire, fire_p), (history, history_p) = found[-2], found[-1]
    assert (fire, history) == ("M24", "A80")
    assert 0.5 <= fire_p <= 1 and 0.5 <= history_p <= 1


def test_nothing_is_suggested_from_words_it_never_saw_or_without_enough_examples():
    features, codes = directory()
    assert suggest_codes([*features, row("Zyzzyva Quux")], [*codes, ""])[-1] is None
    few = MIN_TRAINING // 3
    assert suggest_codes([*features[:few], row("Riverton Fire")], [*codes[:few], ""])[-1] is None
    assert train(features[:few], codes[:few]) is None
    assert predict(None, [row("Riverton Fire")]) == [None]


def test_a_major_group_is_suggested_when_no_code_of_it_is_likely_enough():
    # "Youth" is shared by three codes of group O: none is more likely than not, the group is.
    features, codes = directory()
    for town in range(10):
        for name, code in (("Youth Club", "O20"), ("Youth Center", "O50"), ("Youth League", "O99")):
            features.append(row(f"Town{town} {name}"))
            codes.append(code)
    found = suggest_codes([*features, row("Riverton Youth")], [*codes, ""])[-1]
    assert found is not None and found[0] == "O" and found[1] >= 0.5


def test_the_words_a_code_s_organizations_call_themselves_are_learned_for_it():
    features, codes = directory()
    # "town" is in every name, of every code: it means none of them.
    features.append(row("Riverton Fire Department"))
    codes.append("")
    learned = learned_keywords(features, codes)
    assert set(learned["M24"]) == set(stems("volunteer fire department"))
    assert set(learned["B94"]) == set(stems("elementary school pto"))
    assert not any("town0" in words for words in learned.values())
    # Too few organizations say it: nothing learned.
    assert learned_keywords(features[:12], codes[:12]) == {}
