"""The rules of history.py, without SQLite or Click: versions, word diffs, retitles, and the
neighbour rules for removals and late insertions, each with its traps."""
from __future__ import annotations

from mfa_cli.history import (
    LISTED, OPENING, PAGE, Sighting, compare_listings, diff_counts, opening, plain_diff, retitle_groups, versions,
    word_diff,
)

TEXT = ("The Embassy has taken note of the statement of the Foreign Office concerning the visas of Russian "
        "journalists. We regret that the British side has chosen to politicise a technical matter, and we "
        "call on it to reconsider its decision without delay.")


def seen(body, when, *, title="Embassy comment on visas", path=None, role=LISTED, cut=False, subtitle=None,
         estimated=False):
    return Sighting(title, subtitle, body, cut, role, when, estimated, path or f"{when}.txt", 9)


def test_a_snapshot_cut_shorter_is_never_an_edit():
    found = versions([seen(TEXT, "2018-03-17"), seen(TEXT[:90], "2018-03-20"), seen(TEXT, "2018-03-25")])
    assert len(found) == 1
    assert found[0].body == TEXT
    assert (found[0].first_seen, found[0].last_seen) == ("2018-03-17", "2018-03-25")


def test_a_difference_inside_the_part_both_show_is_an_edit():
    edited = TEXT.replace("without delay", "at once")
    found = versions([seen(TEXT, "2018-03-17"), seen(edited, "2018-03-25"), seen(edited[:120], "2018-03-26")])
    assert [v.body for v in found] == [TEXT, edited]
    assert [(v.first_seen, v.last_seen) for v in found] == [("2018-03-17", "2018-03-17"),
                                                           ("2018-03-25", "2018-03-26")]


def test_white_space_quotes_dashes_and_case_are_no_edit():
    variant = TEXT.replace("  ", " ").replace("Embassy", "Embassy ").replace("matter,", "matter ,")
    fancy = TEXT.replace("the statement", "the “statement”").replace("journalists.", "journalists\u00a0.")
    plain = TEXT.replace("the statement", 'the "statement"').replace("journalists.", "journalists .")
    assert len(versions([seen(fancy, "2018-03-17"), seen(plain, "2018-03-18")])) == 1
    assert len(versions([seen(TEXT, "2018-03-17"), seen(TEXT.upper(), "2018-03-18")])) == 1
    assert len(versions([seen(TEXT, "2018-03-17"), seen(variant, "2018-03-18")])) == 2  # "matter ," is a new token


def test_a_listing_summary_and_the_article_text_are_not_versions_of_each_other():
    summary = "Ambassador's comment on the visas of Russian journalists."
    found = versions([seen(summary, "2018-03-17", role=LISTED), seen(TEXT, "2018-03-17", role=PAGE),
                      seen(summary, "2018-03-20", role=LISTED)])
    assert len(found) == 1 and found[0].body == TEXT


def test_a_title_cut_by_the_snapshot_is_not_a_retitle():
    found = versions([seen(TEXT, "2018-03-17"), seen("", "2018-03-18", title="Embassy comment on vi", cut=True)])
    assert len(found) == 1 and found[0].title == "Embassy comment on visas"


def test_versions_follow_snapshot_order_not_input_order_and_unknown_dates_last():
    edited = TEXT.replace("reconsider", "think again")
    found = versions([seen(edited, None, path="x.txt"), seen(TEXT, "2018-03-17")])
    assert [v.body for v in found] == [TEXT, edited]
    assert found[1].first_seen is None


def test_word_diff_marks_words_as_git_word_diff_does():
    diff = word_diff("No reply has been received so far.", "The Foreign Office replied on 20 March.")
    assert plain_diff(diff) == "[-No reply has been received so far.-] {+The Foreign Office replied on 20 March.+}"
    old = "Talks were held in Moscow on Monday. The parties agreed to meet again."
    new = "Talks were held in Geneva on Monday. The parties agreed to meet again soon."
    assert plain_diff(word_diff(old, new)) == \
        "Talks were held in [-Moscow-] {+Geneva+} on Monday. The parties agreed to meet [-again.-] {+again soon.+}"
    assert diff_counts(word_diff(old, new)) == (2, 3)


def test_word_diff_does_not_call_a_cut_a_removal():
    diff = word_diff(TEXT, TEXT[:60])
    assert diff_counts(diff) == (0, 0)
    assert plain_diff(diff).endswith("…")


def test_word_diff_keeps_paragraphs():
    assert plain_diff(word_diff("One.\n\nTwo.", "One.\n\nTwo and three.")) == "One.\n\n[-Two.-] {+Two and three.+}"


def test_opening_needs_enough_text_to_be_evidence():
    assert opening("Short body.") is None
    assert opening("x" * (OPENING - 1)) is None
    assert opening(TEXT) != opening(TEXT.replace("Embassy", "Consulate"))
    assert opening(TEXT) == opening(TEXT.upper().replace(" ", "  "))


def key(date, title):
    return f"{date}\x1f{title}\x1f"


def test_retitles_link_titles_of_one_date_with_the_same_opening_text():
    a, b, c = key("2018-03-16", "comment on visas"), key("2018-03-16", "comment on visa restrictions"), \
        key("2018-03-16", "another comment")
    links = retitle_groups([
        (a, "2018-03-16", TEXT.casefold(), frozenset({1}), (False, "2018-03-17", "a", 9)),
        (b, "2018-03-16", TEXT.casefold()[:250], frozenset({2}), (False, "2018-03-25", "b", 9)),
        (c, "2018-03-16", "something else entirely " * 20, frozenset({2}), (False, "2018-03-25", "b", 20)),
    ])
    assert links == {b: a}  # the later title points at the earliest


def test_retitles_need_long_agreeing_text_another_file_and_the_same_date():
    a, b = key("2018-03-16", "one"), key("2018-03-16", "two")
    short = "We regret the decision."
    assert retitle_groups([(a, "2018-03-16", short, frozenset({1}), (0,)), (b, "2018-03-16", short, frozenset({2}), (1,))]) == {}
    assert retitle_groups([(a, "2018-03-16", TEXT, frozenset({1}), (0,)), (b, "2018-03-16", TEXT, frozenset({1}), (1,))]) == {}
    other = key("2018-03-17", "two")
    assert retitle_groups([(a, "2018-03-16", TEXT, frozenset({1}), (0,)),
                           (other, "2018-03-17", TEXT, frozenset({2}), (1,))]) == {}
    differing = TEXT[:OPENING] + " but then it says something else altogether, which makes it another item."
    assert retitle_groups([(a, "2018-03-16", TEXT, frozenset({1}), (0,)),
                           (b, "2018-03-16", differing, frozenset({2}), (1,))]) == {}


DATES = {k: f"2018-03-{20 - n:02d}" for n, k in enumerate("ABCDEFGHIJ")}


def listing(keys):
    return list(keys)


def test_removed_when_both_former_neighbours_stand_side_by_side():
    events = compare_listings(listing("ABCDEFG"), listing("ABDEFG"), dates=DATES, earlier_seen="2018-03-21")
    assert events == [("removed", "C", "B", "D")]


def test_a_run_of_removed_items_between_two_neighbours():
    events = compare_listings(listing("ABCDEFGH"), listing("ABEFGH"), dates=DATES, earlier_seen="2018-03-21")
    assert events == [("removed", "C", "B", "E"), ("removed", "D", "B", "E")]


def test_inserted_between_two_items_that_were_side_by_side():
    dates = dict(DATES, X="2018-03-16")
    events = compare_listings(listing("ABCDEFG"), ["A", "B", "C", "X", "D", "E", "F", "G"], dates=dates,
                              earlier_seen="2018-03-21")
    assert events == [("inserted", "X", "C", "D")]


def test_an_item_published_after_the_earlier_snapshot_is_not_a_late_insertion():
    dates = dict(DATES, X="2018-03-21")
    assert compare_listings(listing("ABCDEFG"), ["A", "B", "C", "X", "D", "E", "F", "G"], dates=dates,
                            earlier_seen="2018-03-21") == []
    assert compare_listings(listing("ABCDEFG"), ["A", "B", "C", "X", "D", "E", "F", "G"], dates=dates,
                            earlier_seen=None) == []


def test_items_scrolling_off_and_new_items_on_top_are_neither():
    assert compare_listings(listing("ABCDEF"), ["Y", "Z", "A", "B", "C", "D"], dates=DATES,
                            earlier_seen="2018-03-21") == []


def test_a_listing_cut_short_removes_nothing():
    assert compare_listings(listing("ABCDEFG"), listing("ABC"), dates=DATES, earlier_seen="2018-03-21") == []


def test_a_replaced_item_is_neither_removed_nor_inserted():
    dates = dict(DATES, X="2018-03-17")
    assert compare_listings(listing("ABCDEFG"), ["A", "B", "X", "D", "E", "F", "G"], dates=dates,
                            earlier_seen="2018-03-21") == []


def test_listings_that_do_not_agree_are_not_compared():
    # A section page that shows only some of the items of the home page is another listing.
    assert compare_listings(listing("ABCDEFGH"), listing("ADH"), dates=DATES, earlier_seen="2018-03-21") == []
    assert compare_listings(listing("ABCD"), listing("ACBD"), dates=DATES, earlier_seen="2018-03-21") == []
    assert compare_listings(listing("AB"), listing("CD"), dates=DATES, earlier_seen="2018-03-21") == []
