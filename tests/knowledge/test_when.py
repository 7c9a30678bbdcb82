"""Reading when something happened: UK-English answers, never in the future, DST-correct."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.when import LONDON, PART_STARTS, Unreadable, When, describe, parse_when, read_when

# Thursday 26 November 2026, 15:42 in London (GMT).
NOW = datetime(2026, 11, 26, 15, 42, tzinfo=LONDON)


def utc(at: datetime) -> datetime:
    """Compare instants: Python compares two datetimes in the same zone by wall clock."""
    return at.astimezone(UTC)


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("just now", "2026-11-26 15:42", "minute"),
        ("a moment ago", "2026-11-26 15:42", "minute"),
        ("about an hour ago", "2026-11-26 14:42", "hour"),
        ("an hour or so ago", "2026-11-26 14:42", "hour"),
        ("20 mins ago", "2026-11-26 15:22", "minute"),
        ("I think about 10 minutes ago", "2026-11-26 15:32", "minute"),
        ("a couple of hours ago", "2026-11-26 13:42", "hour"),
        ("half an hour ago", "2026-11-26 15:12", "minute"),
        ("an hour and a half ago", "2026-11-26 14:12", "minute"),
        ("2 days ago", "2026-11-24 00:00", "day"),
        ("this morning", "2026-11-26 06:00", "part_of_day"),
        ("earlier today", "2026-11-26 00:00", "day"),
        ("yesterday afternoon", "2026-11-25 12:00", "part_of_day"),
        ("yesterday", "2026-11-25 00:00", "day"),
        ("last night", "2026-11-25 21:00", "part_of_day"),
        ("last night at 1am", "2026-11-26 01:00", "hour"),
        ("on Monday", "2026-11-23 00:00", "day"),
        ("Thursday", "2026-11-19 00:00", "day"),  # today is Thursday: the one before
        ("last Friday at 5pm", "2026-11-20 17:00", "hour"),
        ("at 3pm", "2026-11-26 15:00", "hour"),
        ("at 3", "2026-11-26 15:00", "hour"),  # office hours: 1-7 without am/pm is afternoon
        ("at 9", "2026-11-26 09:00", "hour"),
        ("14:30", "2026-11-26 14:30", "minute"),
        ("3.30pm yesterday", "2026-11-25 15:30", "minute"),
        ("yesterday at 3.30", "2026-11-25 15:30", "minute"),
        ("25/11 at 2pm", "2026-11-25 14:00", "hour"),
        ("25 November", "2026-11-25 00:00", "day"),
        ("25th Nov 2026 10:00", "2026-11-25 10:00", "minute"),
        ("November 25th at 9am", "2026-11-25 09:00", "hour"),
        ("25.11.2026", "2026-11-25 00:00", "day"),
        ("2026-11-25T14:30", "2026-11-25 14:30", "minute"),
        ("on the 3rd", "2026-11-03 00:00", "day"),
        ("25 December", "2025-12-25 00:00", "day"),  # no year: the most recent one
        ("at lunchtime yesterday", "2026-11-25 12:00", "hour"),
        ("yesterday evening at 8", "2026-11-25 20:00", "hour"),
        ("Wednesday 25 November 2026, around 3pm", "2026-11-25 15:00", "hour"),
        ("Wednesday 25 November, about 14:30", "2026-11-25 14:30", "minute"),
        ("It was at 10:15 a.m. today.", "2026-11-26 10:15", "minute"),
    ],
)
def test_everyday_answers_are_read(text: str, expected: str, precision: str) -> None:
    when = read_when(text, NOW)
    assert isinstance(when, When), when
    assert (when.at, when.precision) == (local(expected), precision)
    assert when.at.tzinfo is LONDON
    assert when.text == " ".join(text.split())


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("at 5pm", 'say "yesterday at 5pm"'),  # later today: refused, not guessed as yesterday
        ("at 11pm", "still to come"),
        ("this evening", "isn't the evening yet"),
        ("tonight", "isn't night-time yet"),
        ("27 November 2026", "still to come"),
        ("Tuesday 25 November 2026", "was a Wednesday"),
        ("31/02", "isn't a date"),
        ("yesterday on Monday", "was a Wednesday"),
        ("yesterday, 20 November", "two different days"),
        ("not sure", "doesn't give a time"),
        ("I don't know", "doesn't give a time"),
        ("last week", "couldn't find a day or a time"),
        ("room 101", 'couldn\'t read "room 101"'),
        ("", "doesn't give a time"),
    ],
)
def test_unreadable_and_future_answers_say_why(text: str, reason: str) -> None:
    result = read_when(text, NOW)
    assert isinstance(result, Unreadable), result
    assert reason in result.reason
    assert parse_when(text, NOW) is None


def test_now_must_be_aware() -> None:
    with pytest.raises(ValueError, match="aware"):
        read_when("just now", datetime(2026, 11, 26, 15, 42))


def test_now_in_another_zone_is_read_as_london_time() -> None:
    when = parse_when("at 9am", datetime(2026, 7, 1, 8, 30, tzinfo=UTC))  # 09:30 BST
    assert when is not None and when.at == datetime(2026, 7, 1, 9, 0, tzinfo=LONDON)


# -- the clocks changing (2026: forward 29 March 01:00 GMT, back 25 October 02:00 BST) --------


def test_an_hour_ago_across_the_clocks_going_forward_is_sixty_real_minutes() -> None:
    now = datetime(2026, 3, 29, 2, 30, tzinfo=LONDON)  # 01:30 UTC, just after the jump
    when = parse_when("an hour ago", now)
    assert when is not None
    assert now.astimezone(UTC) - when.at.astimezone(UTC) == timedelta(hours=1)
    assert when.at.utcoffset() == timedelta(0) and when.at.hour == 0  # 00:30 GMT


def test_two_hours_ago_across_the_clocks_going_back_is_real_time() -> None:
    now = datetime(2026, 10, 25, 2, 30, tzinfo=LONDON)  # GMT, after the repeat
    when = parse_when("2 hours ago", now)
    assert when is not None
    assert now.astimezone(UTC) - when.at.astimezone(UTC) == timedelta(hours=2)
    assert (when.at.hour, when.at.utcoffset()) == (1, timedelta(hours=1))  # the first 01:30


def test_wall_clock_times_take_the_offset_of_their_own_day() -> None:
    now = datetime(2026, 3, 29, 10, 0, tzinfo=LONDON)  # BST
    when = parse_when("yesterday at 14:30", now)
    assert when is not None and when.at.utcoffset() == timedelta(0)  # GMT the day before
    assert when.at.astimezone(UTC).hour == 14


def test_a_skipped_time_becomes_the_moment_after_the_jump() -> None:
    now = datetime(2026, 3, 29, 10, 0, tzinfo=LONDON)
    when = parse_when("at 01:30", now)  # did not exist on 29 March 2026
    assert when is not None
    assert when.at.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert (when.at.hour, when.at.utcoffset()) == (2, timedelta(hours=1))


def test_a_repeated_time_is_its_first_occurrence() -> None:
    now = datetime(2026, 10, 25, 10, 0, tzinfo=LONDON)
    when = parse_when("at 01:30", now)
    assert when is not None and when.at.utcoffset() == timedelta(hours=1)


# -- describe ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "precision", "words"),
    [
        ("2026-11-25 15:00", "hour", "Wednesday 25 November 2026, around 3pm"),
        ("2026-11-25 14:42", "hour", "Wednesday 25 November 2026, around 14:42"),
        ("2026-11-25 12:00", "hour", "Wednesday 25 November 2026, around midday"),
        ("2026-11-25 14:30", "minute", "Wednesday 25 November 2026, about 14:30"),
        ("2026-11-25 12:00", "part_of_day", "Wednesday 25 November 2026, in the afternoon"),
        ("2026-11-25 21:00", "part_of_day", "Wednesday 25 November 2026, at night"),
        ("2026-11-25 00:00", "day", "Wednesday 25 November 2026"),
    ],
)
def test_describe(at: str, precision: str, words: str) -> None:
    assert describe(When(local(at), precision, ""), None) == words  # type: ignore[arg-type]


def test_describe_leaves_out_this_year() -> None:
    when = When(local("2026-11-25 15:00"), "hour", "")
    assert describe(when, NOW) == "Wednesday 25 November, around 3pm"
    assert describe(when, local("2027-01-02 09:00")).endswith("2026, around 3pm")


# -- properties -------------------------------------------------------------------------------

PHRASES = [
    "just now", "about an hour ago", "20 mins ago", "a couple of hours ago", "this morning",
    "yesterday afternoon", "last night", "on Monday", "last Friday at 5pm", "at 3pm", "14:30",
    "3.30pm yesterday", "25/11 at 2pm", "25 November", "25th Nov 2026 10:00", "earlier today",
    "an hour or so ago", "tonight", "this evening", "at 11pm", "at 7", "noon", "midnight",
    "31 December", "1 January", "the 31st", "29 February", "last night at 2am", "3 weeks ago",
]  # fmt: skip
NOWS = st.datetimes(
    min_value=datetime(2001, 1, 1),
    max_value=datetime(2099, 12, 31),
    timezones=st.just(LONDON),
    allow_imaginary=False,
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PHRASES), min_size=1, max_size=2), NOWS)
def test_never_after_now(words: list[str], now: datetime) -> None:
    when = parse_when(" ".join(words), now)
    if when is not None:
        assert utc(when.at) <= utc(now)
        assert when.at.tzinfo is LONDON


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60), NOWS)
def test_any_text_is_either_read_or_refused_with_a_reason(text: str, now: datetime) -> None:
    result = read_when(text, now)
    if isinstance(result, When):
        assert utc(result.at) <= utc(now)
    else:
        assert result.reason


PAST = st.datetimes(
    min_value=datetime(2001, 1, 1),
    max_value=datetime(2099, 1, 1),
    timezones=st.just(LONDON),
    allow_imaginary=False,
)


def _shaped(at: datetime, precision: str) -> datetime:
    if precision == "minute":
        return at.replace(second=0, microsecond=0)
    if precision == "hour":
        return at.replace(minute=0, second=0, microsecond=0)
    if precision == "part_of_day":
        start = max(h for h in PART_STARTS.values() if h <= max(at.hour, 6))
        return at.replace(hour=start, minute=0, second=0, microsecond=0)
    return at.replace(hour=0, minute=0, second=0, microsecond=0)


def wall(at: datetime) -> tuple[int, ...]:
    return at.timetuple()[:5]


@settings(max_examples=400, deadline=None)
@given(
    PAST,
    st.sampled_from(["minute", "hour", "part_of_day", "day"]),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=300)),
    st.booleans(),
)
def test_described_times_read_back_the_same(
    at: datetime, precision: str, later: timedelta, with_now: bool
) -> None:
    shaped = _shaped(at, precision)
    shaped = shaped.astimezone(UTC).astimezone(LONDON)  # a real instant
    now = (shaped.astimezone(UTC) + later).astimezone(LONDON)
    words = describe(When(shaped, precision, ""), now if with_now else None)  # type: ignore[arg-type]
    read = read_when(words, now)
    assert isinstance(read, When), (words, read)
    assert (wall(read.at), read.precision) == (wall(shaped), precision), words
    assert utc(read.at) <= utc(now)


@settings(max_examples=300, deadline=None)
@given(PAST, st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30)))
def test_formatted_absolute_times_read_back_the_same(at: datetime, later: timedelta) -> None:
    at = at.replace(second=0, microsecond=0).astimezone(UTC).astimezone(LONDON)
    now = (at.astimezone(UTC) + later).astimezone(LONDON)
    month = at.strftime("%b")
    for text in (
        f"{at:%d/%m/%Y %H:%M}",
        f"{at.day}th {month} {at.year} {at:%H:%M}",
        f"{at:%H:%M} on {at.day} {at:%B} {at.year}",
        f"{at:%Y-%m-%d}T{at:%H:%M}",
    ):
        read = read_when(text, now)
        assert isinstance(read, When), (text, read)
        assert (wall(read.at), read.precision) == (wall(at), "minute"), text
        assert utc(read.at) <= utc(now)
