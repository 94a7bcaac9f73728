"""Units that end without punctuation in web text (forum posts, e-mail archives, comments).

Each fixture reproduces a kind of mess seen in web text where a line break was lost: a date and
time stamp, an e-mail address or URL before a capitalised word, a sign-off before a name, a
source in brackets, "[...]" after a quotation, an emoticon after "!", a straight quote that
opens the next sentence, and titles with a full stop.
"""

import pytest

from claimscope.parse.sentences import split_sentences


def units(text: str, lang: str = "en") -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, lang)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Jolene Harvey 05/22/2001 09:25 AM Will you send the dosage table?",
     ["Jolene Harvey", "05/22/2001 09:25 AM", "Will you send the dosage table?"]),
    ("Posted by skeptvet at 3/9/2005 11:16:00 PM",
     ["Posted by skeptvet at 3/9/2005 11:16:00 PM"]),
    ("Email: \"Julie\"<julie@example.net> Groups: alt.health.homeopathy",
     ["Email: \"Julie\"<julie@example.net>", "Groups: alt.health.homeopathy"]),
    ("Read it here http://www.example.org/study.html It is worth it.",
     ["Read it here http://www.example.org/study.html", "It is worth it."]),
    ("Best regards, Debra Perlingiere", ["Best regards,", "Debra Perlingiere"]),
    ("Thanks, I will ask my GP.", ["Thanks, I will ask my GP."]),
    ("Met vriendelijke groet, Anna de Vries", ["Met vriendelijke groet,", "Anna de Vries"]),
    ("(BBC) The new vaccine trial started this week.",
     ["(BBC)", "The new vaccine trial started this week."]),
    ("\"But it seems that it works.\" [...]", ["\"But it seems that it works.\"", "[...]"]),
    ("It was great! :P you get a really good view.",
     ["It was great! :P", "you get a really good view."]),
    ("No way to relax. 'Electric' blanket did not heat.",
     ["No way to relax.", "'Electric' blanket did not heat."]),
    ("Visit Capt. Spastic's page. PS. Love the new website!",
     ["Visit Capt. Spastic's page.", "PS. Love the new website!"]),
])
def test_unpunctuated_unit_ends(text, expected):
    assert units(text) == expected


def test_greeting_stays_with_its_sentence():
    # the codebook's units keep a greeting with the sentence after it
    assert units("Hi Bob, This is not very encouraging.") == [
        "Hi Bob, This is not very encouraging."]


def test_closing_quote_stays_behind():
    text = "He did comment on the phrase. ' And on April 3 his aide was arrested."
    assert units(text)[0] == "He did comment on the phrase. '"
