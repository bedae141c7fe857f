from __future__ import annotations

import pytest

from mentordesk.documents import agreement_text as at
from mentordesk.errors import ValidationError


def test_default_text_is_sound_and_covers_what_an_agreement_needs() -> None:
    text = at.default_text()
    assert at.problems(text) == []
    headings = [b.text for b in at.parse(text) if b.kind is at.BlockKind.HEADING]
    for needed in (
        "Purpose",
        "Our commitments",
        "Our goals",
        "Confidentiality and its limits",
        "Contact rules",
        "Safeguarding",
        "When a meeting is missed",
        "How the pairing ends",
    ):
        assert needed in headings
    assert "always passed on" in text
    assert "No social media" in text and "No gifts" in text
    for name in ("mentor_name", "mentee_name", "start_date", "meeting_frequency"):
        assert "{" + name + "}" in text
    assert at.uses_goals(text)


def test_unknown_placeholder_is_refused_with_line_and_suggestion() -> None:
    text = "# Start\nHello {mentee_nme}.\n\nAnd {nonsense_here} too."
    found = at.problems(text)
    assert found[0].startswith("Line 2: {mentee_nme} is not a placeholder.")
    assert "Did you mean {mentee_name}?" in found[0]
    assert found[1].startswith("Line 4: {nonsense_here}")
    with pytest.raises(ValidationError) as caught:
        at.validate(text)
    assert "{mentee_nme}" in str(caught.value)
    assert "{coordinator_name}" in str(caught.value)  # lists what can be used


def test_a_lone_brace_is_an_error_and_doubled_braces_print_literally() -> None:
    assert at.problems("Meet {mentee_name")[0].startswith("Line 1: a '{' has no partner")
    assert at.problems("Use {{braces}} freely") == []
    assert at.fill("Use {{braces}} for {mentee_name}", {"mentee_name": "Zoë"}) == (
        "Use {braces} for Zoë"
    )


def test_empty_text_is_refused() -> None:
    with pytest.raises(ValidationError, match="empty"):
        at.validate("  \n\n ")


def test_parse_headings_paragraphs_bullets_and_goals() -> None:
    text = (
        "# Heading one\n"
        "First line\njoined line.\n\n"
        "- bullet one\n  continues here\n- bullet two\n"
        "{goals}\n"
        "Closing words."
    )
    blocks = at.parse(text)
    assert [(b.kind.value, b.text) for b in blocks] == [
        ("heading", "Heading one"),
        ("paragraph", "First line joined line."),
        ("bullet", "bullet one continues here"),
        ("bullet", "bullet two"),
        ("goals", ""),
        ("paragraph", "Closing words."),
    ]


def test_normalise_ignores_line_endings_and_trailing_spaces() -> None:
    assert at.normalise("a  \r\nb\r\n\r\n") == at.normalise("a\nb")
