import datetime as dt

import pytest

from mentordesk.models import DateOrder, ModePreference, Role, ScreeningStatus
from mentordesk.roster import values
from mentordesk.roster.mapping import guess_mapping, header_guess


@pytest.mark.parametrize(
    ("raw", "order", "expected"),
    [
        ("2026-03-04", DateOrder.MONTH_FIRST, dt.date(2026, 3, 4)),
        ("03/04/2026", DateOrder.DAY_FIRST, dt.date(2026, 4, 3)),
        ("03/04/2026", DateOrder.MONTH_FIRST, dt.date(2026, 3, 4)),
        ("13/04/2026", DateOrder.MONTH_FIRST, dt.date(2026, 4, 13)),  # only one reading
        ("04/13/2026", DateOrder.DAY_FIRST, dt.date(2026, 4, 13)),
        ("4.3.12", DateOrder.DAY_FIRST, dt.date(2012, 3, 4)),
        ("April 1st 2013", DateOrder.DAY_FIRST, dt.date(2013, 4, 1)),
        ("1 April 2013", DateOrder.MONTH_FIRST, dt.date(2013, 4, 1)),
        ("01-Apr-2013", DateOrder.MONTH_FIRST, dt.date(2013, 4, 1)),
        (dt.datetime(2011, 2, 14, 0, 0), DateOrder.DAY_FIRST, dt.date(2011, 2, 14)),
        (40000, DateOrder.DAY_FIRST, dt.date(2009, 7, 6)),
        ("40000", DateOrder.DAY_FIRST, dt.date(2009, 7, 6)),
        (None, DateOrder.DAY_FIRST, None),
    ],
)
def test_dates(raw, order, expected):
    assert values.date(raw, order) == expected


def test_1904_serials():
    assert values.date(11111, epoch_1904=True) == dt.date(1934, 6, 3)
    assert values.date(11111) == dt.date(1930, 6, 2)  # 1,462 days apart


@pytest.mark.parametrize("raw", ["31/02/2020", "tomorrow", "13/13/2020", True])
def test_bad_dates(raw):
    with pytest.raises(values.BadValue):
        values.date(raw)


def test_phones_keep_leading_zeros_and_floats_lose_their_point():
    assert values.phone("07700 900123") == "07700 900123"
    assert values.phone(7700900123.0) == "7700900123"
    assert values.phone("+44 (0)20 7946 0000") == "+44 (0)20 7946 0000"
    with pytest.raises(values.BadValue):
        values.phone("call me")


def test_names_and_emails():
    assert values.name("\u00a0 Ann \u00a0 Marie\u00a0") == "Ann Marie"
    assert values.split_full_name("Ludwig van Beethoven") == ("Ludwig", "van Beethoven")
    assert values.split_full_name("Smith, Ann") == ("Ann", "Smith")
    assert values.email(" Ann@Example.ORG ") == "Ann@example.org"
    with pytest.raises(values.BadValue):
        values.email("ann@@example")
    with pytest.raises(values.BadValue):
        values.name("12345")


def test_checks_lists_roles_modes():
    # A sheet only reports: a tick or a date is "reported, to verify", never complete.
    for said in ("Yes", "x", "1", 1, True, "done", "02/03/2026", dt.date(2026, 3, 2)):
        assert values.check(said) is ScreeningStatus.REPORTED, said
    assert values.check("in progress") is ScreeningStatus.IN_PROGRESS
    assert values.check("no") is ScreeningStatus.NOT_STARTED
    assert values.check(None) is None
    with pytest.raises(values.BadValue):
        values.check("perhaps")
    assert values.items("chess, coding;music\nart, Chess") == ["chess", "coding", "music", "art"]
    assert values.role("Big") is Role.MENTOR
    assert values.role("student") is Role.MENTEE
    assert values.mode("Online (Zoom)") is ModePreference.ONLINE
    assert values.mode("either") is ModePreference.ANY
    assert values.count("up to 2") == 2


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Given name", "first_name"),
        ("Family Name", "last_name"),
        ("E-mail Address", "email"),
        ("Parent's e-mail", "guardian_email"),
        ("Parent/carer phone number", "guardian_phone"),
        ("Cell", "phone"),
        ("DOB", "date_of_birth"),
        ("Grade", "year_group"),
        ("Hobbies", "interests"),
        ("Career aspirations", "career_goals"),
        ("Areas I can help with", "skills"),
        ("How many mentees can you take?", "capacity"),
        ("Background check done?", "background_check"),
        ("Frist name", "first_name"),  # a typo still maps
        ("Qty", None),
    ],
)
def test_header_guesses(header, field):
    guessed, confidence = header_guess(header)
    assert (guessed if confidence >= 0.8 else None) == field


def test_values_are_a_second_signal():
    headers = ["Contact", "Who"]
    samples = [["ann@example.org", "ben@example.org", "cat@example.org"], ["Ann", "Ben", "Cat"]]
    guesses = guess_mapping(headers, samples)
    assert guesses[0].field == "email" and guesses[0].source == "values"
    # A header that says email over values that are not emails is not trusted.
    guesses = guess_mapping(["Email"], [["yes", "no", "yes"]])
    assert guesses[0].field is None


def test_each_field_goes_to_one_column():
    guesses = guess_mapping(["First name", "Given name"], [[], []])
    assert [g.field for g in guesses] == ["first_name", None]
