"""When something happened, read from how people in the UK say it.

`read_when("yesterday afternoon", now)` returns a `When` (an aware Europe/London datetime and how
precise the answer was) or an `Unreadable` with a reason that can be shown to the person.
`parse_when` is the same returning None instead of a reason.

Rules, because an incident report must never be dated in the future:

- Nothing after `now` is ever returned. A clock time later than now with no day ("at 3pm" said
  at 10am) is refused with a reason; it is read as yesterday only when the words say so
  ("yesterday at 3pm", "last night at 11pm").
- A weekday ("on Monday", "last Friday") is the most recent such day before today.
- A date without a year is the most recent one on or before today ("25 December" said in
  January is last year's).
- A single-digit hour without am/pm ("at 3", "3.30") is read as an office hour: 1-7 are
  afternoon, 8-11 morning. "03:30" with its leading zero is taken as written.
- Parts of the day start at 06:00 (morning), 12:00 (afternoon), 17:00 (evening) and 21:00
  (night); a part-of-day answer is stored at its start. A day answer is stored at midnight.
- Relative answers are counted back from `now` on the real clock ("an hour ago" across the
  clocks going back is 60 minutes ago), to the minute; an answer in hours ("about an hour
  ago") has hour precision. Calendar words ("yesterday", "two days ago") count local days.

`describe` writes a When back in words that `read_when` reads again to the same time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

__all__ = ["LONDON", "Unreadable", "When", "describe", "parse_when", "read_when"]

LONDON = ZoneInfo("Europe/London")

Precision = Literal["minute", "hour", "part_of_day", "day"]

PART_STARTS = {"morning": 6, "afternoon": 12, "evening": 17, "night": 21}
PART_BY_HOUR = {hour: part for part, hour in PART_STARTS.items()}
PART_PHRASES = {
    "morning": "in the morning",
    "afternoon": "in the afternoon",
    "evening": "in the evening",
    "night": "at night",
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_WEEKDAY_ALIASES = {"tue": 1, "tues": 1, "wed": 2, "weds": 2, "thu": 3, "thur": 3, "thurs": 3}
_WEEKDAY_ALIASES |= {name: i for i, name in enumerate(WEEKDAYS)}
_WEEKDAY_ALIASES |= {"mon": 0, "fri": 4}
_MONTH_ALIASES = {name[:3]: i + 1 for i, name in enumerate(MONTHS)}
_MONTH_ALIASES |= {name: i + 1 for i, name in enumerate(MONTHS)} | {"sept": 9}

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45, "forty five": 45, "fifty": 50,
    "sixty": 60, "a couple of": 2, "couple of": 2, "a couple": 2, "a few": 3, "few": 3,
    "several": 3,
}  # fmt: skip
_UNKNOWN = re.compile(
    r"^(?:i'?m |i am |i )?(?:not sure|unsure|don'?t know|do not know|dunno|no idea|can'?t remember|"
    r"cannot remember|can'?t recall|not certain)\b"
)


@dataclass(frozen=True)
class When:
    """A moment in the past: `at` is aware, in Europe/London; `precision` says how much of it
    the person actually gave (a part of the day is stored at the part's start, a day at
    midnight); `text` is what they typed."""

    at: datetime
    precision: Precision
    text: str


@dataclass(frozen=True)
class Unreadable:
    """Why an answer could not be read as a time, in words fit to show the person."""

    reason: str


def parse_when(text: str, now: datetime) -> When | None:
    """`read_when` without the reason."""
    result = read_when(text, now)
    return result if isinstance(result, When) else None


def read_when(text: str, now: datetime) -> When | Unreadable:
    """Read `text` as a time at or before `now` (aware; any zone)."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    local_now = now.astimezone(LONDON)
    cleaned = _normalise(text)
    if not cleaned or _UNKNOWN.match(cleaned):
        return Unreadable("That doesn't give a time.")
    found = _Found()
    leftover = cleaned
    for pattern, apply in _RULES:
        leftover, problem = _consume(leftover, pattern, apply, found)
        if problem:
            return Unreadable(problem)
    if re.search(r"\d", leftover):
        return Unreadable(f'I couldn\'t read "{_tidy(leftover)}" as a day or a time.')
    if found.empty:
        return Unreadable("I couldn't find a day or a time in that.")
    result = _resolve(found, local_now)
    if isinstance(result, Unreadable):
        return result
    at, precision = result
    if at.astimezone(UTC) > now.astimezone(UTC):  # same-zone comparison would ignore fold
        return Unreadable(_future_reason(found, at, precision, local_now))
    return When(at=at, precision=precision, text=" ".join(text.split()))


def describe(when: When, now: datetime | None = None) -> str:
    """In words: "Wednesday 25 November 2026, around 3pm" (hour precision; "around 14:42" when
    it is not on the hour), "..., about 14:30" (minute), "..., in the afternoon" (part of the
    day) or the day alone. The year is left out when `now` is given and in the same year."""
    at = when.at.astimezone(LONDON)
    day = f"{WEEKDAYS[at.weekday()].title()} {at.day} {MONTHS[at.month - 1].title()}"
    if now is None or now.astimezone(LONDON).year != at.year:
        day += f" {at.year}"
    if when.precision == "day":
        return day
    if when.precision == "part_of_day":
        return f"{day}, {PART_PHRASES[PART_BY_HOUR.get(at.hour, 'morning')]}"
    if when.precision == "hour":
        return f"{day}, around {clock_hour(at.hour) if at.minute == 0 else f'{at:%H:%M}'}"
    return f"{day}, about {at:%H:%M}"


def clock_hour(hour: int) -> str:
    """3 -> "3am", 15 -> "3pm", 12 -> "midday", 0 -> "midnight"."""
    if hour == 0:
        return "midnight"
    if hour == 12:
        return "midday"
    return f"{hour % 12}{'am' if hour < 12 else 'pm'}"


# -- what was found ---------------------------------------------------------------------------


@dataclass
class _Found:
    """The pieces found in the text; each may be given once."""

    ago: timedelta | None = None
    ago_precision: Precision | None = None
    day: date | None = None  # an explicit calendar date
    month_day: tuple[int, int | None, int | None] | None = None  # (day, month, year) as typed
    offset: int | None = None  # days before today: today 0, yesterday 1
    weekday: int | None = None
    part: str | None = None
    hour: int | None = None
    minute: int | None = None
    meridiem: str | None = None  # "am" | "pm"
    exact_hour: bool = False  # written as 24-hour time with a leading zero or >= 13
    seen: set[str] = field(default_factory=set)

    @property
    def empty(self) -> bool:
        return not self.seen

    def take(self, name: str, **values: object) -> str | None:
        if name in self.seen:
            return "That gives two different times; which one was it?"
        self.seen.add(name)
        for key, value in values.items():
            setattr(self, key, value)
        return None


Apply = Callable[[re.Match[str], _Found], str | None]


def _consume(text: str, pattern: re.Pattern[str], apply: Apply, found: _Found) -> tuple[str, str]:
    problem = ""
    while (match := pattern.search(text)) is not None:
        problem = apply(match, found) or ""
        text = text[: match.start()] + " " + text[match.end() :]
        if problem:
            break
    return text, problem


def _normalise(text: str) -> str:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"[,;!?()\"]", " ", text)
    text = re.sub(r"(?<=\d)\.(?=\D|$)", " ", text)  # "at 3pm." -> "at 3pm"
    text = re.sub(r"\b([ap])\.m\b\.?", r"\1m", text)
    return " ".join(text.split()).strip(" .")


def _tidy(text: str) -> str:
    return " ".join(text.split())


# -- the rules, tried in order ----------------------------------------------------------------

_AMOUNT = (
    r"(?P<amount>\d+(?:\.\d+)?|"
    + "|".join(sorted((re.escape(w) for w in _NUMBER_WORDS), key=len, reverse=True))
    + r")"
)
_AGO = re.compile(
    r"(?:about |around |roughly |approximately |approx |maybe |nearly |almost |just over |"
    r"just under |over |under |some |~)?"
    rf"(?P<half>half an? |half |an? )?(?:{_AMOUNT} ?)?(?P<and_half>and a half )?"
    r"(?P<unit>seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?)"
    r"(?P<more> and a half| or so| or two| or three| or more|-ish|ish)? ago\b"
)
_JUST_NOW = re.compile(
    r"\b(?:just now|right now|a moment ago|moments ago|a few moments ago|just a minute ago|"
    r"a minute ago|a few minutes ago|a couple of minutes ago|just happened)\b"
)
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})(?:t| )?(?:(\d{1,2}):(\d{2})(?::\d{2})?)?\b")
_SLASH_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?\b")
_DOTTED_DATE = re.compile(r"\b(\d{1,2})([.-])(\d{1,2})\2(\d{4}|\d{2})\b")
_MONTH_WORDS = "|".join(sorted(_MONTH_ALIASES, key=len, reverse=True))
_DAY_MONTH = re.compile(
    rf"\b(?:the )?(\d{{1,2}})(?:st|nd|rd|th)?(?: of)? ({_MONTH_WORDS})\b\.?(?: (\d{{4}}))?"
)
_MONTH_DAY = re.compile(
    rf"\b({_MONTH_WORDS})\b\.? (?:the )?(\d{{1,2}})(?:st|nd|rd|th)?\b(?: (\d{{4}}))?"
)
_ORDINAL = re.compile(r"\bthe (\d{1,2})(?:st|nd|rd|th)\b")
_CLOCK = re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))? ?(am|pm)\b")
_TWENTY_FOUR = re.compile(r"\b(\d{1,2})[:.](\d{2})(?: ?(?:hrs|hours|h))?\b")
_NAMED_HOUR = re.compile(r"\b(?:12 )?(noon|midday|midnight|lunchtime|lunch time|lunch)\b")
_OCLOCK = re.compile(r"\b(\d{1,2}) ?o'? ?clock\b")
_BARE_HOUR = re.compile(r"\b(?:at|around|about|by|after|before|gone) (\d{1,2})\b(?![:./]\d)")
_DAY_WORDS = re.compile(
    r"\b(the day before yesterday|yesterday|earlier today|earlier on today|today|last night|"
    r"tonight|this (?:morning|afternoon|evening))\b"
)
_WEEKDAY = re.compile(
    r"\b(?:(?:on |last |this past |past )?)("
    + "|".join(sorted(_WEEKDAY_ALIASES, key=len, reverse=True))
    + r")\b\.?"
)
_PART = re.compile(r"\b(?:in the |during the |at )?(morning|afternoon|evening|night)\b")


def _ago(match: re.Match[str], found: _Found) -> str | None:
    amount = _amount(match)
    if amount is None:
        return "How long ago was it, roughly?"
    unit = match["unit"]
    if unit.startswith(("s",)):
        return found.take("ago", ago=timedelta(seconds=amount), ago_precision="minute")
    if unit.startswith("m"):
        return found.take("ago", ago=timedelta(minutes=amount), ago_precision="minute")
    if unit.startswith("h"):
        whole = float(amount).is_integer()
        precision: Precision = "hour" if whole else "minute"
        return found.take("ago", ago=timedelta(hours=amount), ago_precision=precision)
    days = amount * (7 if unit.startswith("w") else 1)
    if not float(days).is_integer():
        return "Which day was it, roughly?"
    return found.take("ago", ago=timedelta(days=days), ago_precision="day")


def _amount(match: re.Match[str]) -> float | None:
    half, raw = (match["half"] or "").strip(), match["amount"]
    if raw is None:
        value: float | None = 0.5 if half.startswith("half") else 1.0 if half else None
    else:
        value = float(raw) if raw[0].isdigit() else float(_NUMBER_WORDS[raw])
        if half.startswith("half"):
            return None  # "half two hours ago"
        if half in ("a", "an"):  # "an hour" caught "a"/"an" as the half group
            value = float(value)
    if value is None:
        return None
    if match["and_half"] or match["more"] == " and a half":
        value += 0.5
    return value


def _just_now(match: re.Match[str], found: _Found) -> str | None:
    return found.take("ago", ago=timedelta(0), ago_precision="minute")


def _iso(match: re.Match[str], found: _Found) -> str | None:
    year, month, day = int(match[1]), int(match[2]), int(match[3])
    problem = found.take("date", month_day=(day, month, year))
    if problem or match[4] is None:
        return problem
    return _set_time(found, int(match[4]), int(match[5]), None, exact=True)


def _slash_date(match: re.Match[str], found: _Found) -> str | None:
    """25/11 or 25/11/2026: day first, as in the UK."""
    return found.take("date", month_day=(int(match[1]), int(match[2]), _year(match[3])))


def _dotted_date(match: re.Match[str], found: _Found) -> str | None:
    """25.11.2026 or 25-11-26; without the year "3.30" is a time, so the year is required."""
    return found.take("date", month_day=(int(match[1]), int(match[3]), _year(match[4])))


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    return int(text) + 2000 if len(text) == 2 else int(text)


def _day_month(match: re.Match[str], found: _Found) -> str | None:
    year = int(match[3]) if match[3] else None
    return found.take("date", month_day=(int(match[1]), _MONTH_ALIASES[match[2]], year))


def _month_day(match: re.Match[str], found: _Found) -> str | None:
    year = int(match[3]) if match[3] else None
    return found.take("date", month_day=(int(match[2]), _MONTH_ALIASES[match[1]], year))


def _ordinal(match: re.Match[str], found: _Found) -> str | None:
    return found.take("date", month_day=(int(match[1]), None, None))


def _clock(match: re.Match[str], found: _Found) -> str | None:
    hour, minute = int(match[1]), int(match[2]) if match[2] else None
    if not 1 <= hour <= 12:
        return f'"{match[0]}" is not a time on a 12-hour clock.'
    return _set_time(found, hour, minute, match[3], exact=False)


def _twenty_four(match: re.Match[str], found: _Found) -> str | None:
    hour, minute = int(match[1]), int(match[2])
    exact = match[1].startswith("0") or hour >= 13 or hour == 0
    return _set_time(found, hour, minute, None, exact=exact)


def _named_hour(match: re.Match[str], found: _Found) -> str | None:
    hour = 0 if match[1] == "midnight" else 12
    return _set_time(found, hour, None, None, exact=True)


def _oclock(match: re.Match[str], found: _Found) -> str | None:
    return _set_time(found, int(match[1]), None, None, exact=match[1].startswith("0"))


def _bare_hour(match: re.Match[str], found: _Found) -> str | None:
    hour = int(match[1])
    return _set_time(found, hour, None, None, exact=match[1].startswith("0") or hour >= 13)


def _set_time(
    found: _Found, hour: int, minute: int | None, meridiem: str | None, *, exact: bool
) -> str | None:
    if hour > 23 or (minute is not None and minute > 59):
        return "That isn't a time of day."
    return found.take("time", hour=hour, minute=minute, meridiem=meridiem, exact_hour=exact)


def _day_word(match: re.Match[str], found: _Found) -> str | None:
    word = match[1]
    if word == "the day before yesterday":
        return found.take("day", offset=2)
    if word == "yesterday":
        return found.take("day", offset=1)
    if word == "last night":
        return found.take("day", offset=1) or found.take("part", part="night")
    if word == "tonight":
        return found.take("day", offset=0) or found.take("part", part="night")
    if word.startswith("this "):
        return found.take("day", offset=0) or found.take("part", part=word[5:])
    return found.take("day", offset=0)


def _weekday(match: re.Match[str], found: _Found) -> str | None:
    return found.take("weekday", weekday=_WEEKDAY_ALIASES[match[1]])


def _part(match: re.Match[str], found: _Found) -> str | None:
    return found.take("part", part=match[1])


_RULES: tuple[tuple[re.Pattern[str], Apply], ...] = (
    (_JUST_NOW, _just_now),
    (_AGO, _ago),
    (_ISO, _iso),
    (_SLASH_DATE, _slash_date),
    (_DOTTED_DATE, _dotted_date),
    (_DAY_MONTH, _day_month),
    (_MONTH_DAY, _month_day),
    (_CLOCK, _clock),
    (_TWENTY_FOUR, _twenty_four),
    (_ORDINAL, _ordinal),
    (_NAMED_HOUR, _named_hour),
    (_OCLOCK, _oclock),
    (_BARE_HOUR, _bare_hour),
    (_DAY_WORDS, _day_word),
    (_WEEKDAY, _weekday),
    (_PART, _part),
)


# -- putting the pieces together --------------------------------------------------------------


def _resolve(found: _Found, now: datetime) -> tuple[datetime, Precision] | Unreadable:
    if found.ago is not None:
        if len(found.seen) > 1:
            return Unreadable("That gives two different times; which one was it?")
        return _relative(found.ago, found.ago_precision or "minute", now)
    day = _day(found, now)
    if isinstance(day, Unreadable):
        return day
    hour = _hour(found)
    if hour is None:
        if found.part is None:
            return _local(day or now.date(), 0, 0), "day"
        return _local(day or now.date(), PART_STARTS[found.part], 0), "part_of_day"
    base = day or now.date()
    if found.part == "night" and hour < 6 and day is not None:
        base += timedelta(days=1)  # "last night at 1am": the small hours after that evening
    precision: Precision = "hour" if found.minute is None else "minute"
    return _local(base, hour, found.minute or 0), precision


def _relative(ago: timedelta, precision: Precision, now: datetime) -> tuple[datetime, Precision]:
    at = (now.astimezone(UTC) - ago).astimezone(LONDON)
    if precision == "day":  # "two days ago" counts calendar days
        return _local(now.date() - timedelta(days=ago.days), 0, 0), "day"
    return at.replace(second=0, microsecond=0), precision


def _day(found: _Found, now: datetime) -> date | Unreadable | None:
    """The calendar day the words give, or None when they give none."""
    today = now.date()
    day: date | None = None
    if found.month_day is not None:
        day_or_reason = _calendar_day(*found.month_day, today=today)
        if isinstance(day_or_reason, Unreadable):
            return day_or_reason
        day = day_or_reason
    if found.offset is not None:
        if day is not None:
            return Unreadable("That gives two different days; which one was it?")
        day = today - timedelta(days=found.offset)
        if found.offset == 0 and found.part == "night" and now.hour < PART_STARTS["morning"]:
            day -= timedelta(days=1)  # "tonight" in the small hours began yesterday evening
    if found.weekday is not None:
        if day is None:
            return today - timedelta(days=(today.weekday() - found.weekday - 1) % 7 + 1)
        if day.weekday() != found.weekday:
            name = WEEKDAYS[day.weekday()].title()
            return Unreadable(f"{_day_name(day)} was a {name}; which day did you mean?")
    return day


def _calendar_day(
    day: int, month: int | None, year: int | None, *, today: date
) -> date | Unreadable:
    try:
        if month is None:  # "on the 25th": this month, or last month if that is still to come
            candidate = _try_date(today.year, today.month, day)
            if candidate is None or candidate > today:
                previous = today.replace(day=1) - timedelta(days=1)
                candidate = _try_date(previous.year, previous.month, day)
            if candidate is None:
                raise ValueError
            return candidate
        if year is None:
            candidate = date(today.year, month, day) if _try_date(today.year, month, day) else None
            if candidate is None or candidate > today:
                candidate = date(today.year - 1, month, day)
            return candidate
        return date(year, month, day)
    except ValueError:
        return Unreadable("That isn't a date in the calendar.")


def _try_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _hour(found: _Found) -> int | None:
    """The hour on the 24-hour clock, from the time and any am/pm or part of the day."""
    if found.hour is None:
        return None
    hour = found.hour
    if found.meridiem is not None:
        return hour % 12 + (12 if found.meridiem == "pm" else 0)
    if found.exact_hour or hour == 0 or hour >= 12:
        return hour
    if found.part in ("afternoon", "evening") or (found.part == "night" and hour >= 6):
        return hour + 12
    if found.part in ("morning", "night"):
        return hour
    return hour + 12 if 1 <= hour <= 7 else hour


def _local(day: date, hour: int, minute: int) -> datetime:
    """A wall-clock time in London; a time the clocks skipped (01:30 on the last Sunday of
    March) becomes the moment after the jump, and a repeated one its first occurrence."""
    wall = datetime.combine(day, time(hour, minute), tzinfo=LONDON)
    return wall.astimezone(UTC).astimezone(LONDON)


def _future_reason(found: _Found, at: datetime, precision: Precision, now: datetime) -> str:
    if at.date() > now.date():
        return f"{_day_name(at.date())} is still to come. When did it happen?"
    if precision == "part_of_day":
        part = PART_BY_HOUR.get(at.hour, "morning")
        name = "night-time" if part == "night" else f"the {part}"
        return f"It isn't {name} yet. When did it happen?"
    if precision == "day":
        return "That is still to come. When did it happen?"
    clock = clock_hour(at.hour) if precision == "hour" else f"{at:%H:%M}"
    return f'{clock} today is still to come. If it was yesterday, say "yesterday at {clock}".'


def _day_name(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1].title()} {day.year}"
