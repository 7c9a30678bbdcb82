"""Detect UK personal identifiers in free text.

Staff paste real data into their questions ("can I put 943 476 5919 into ChatGPT?"), so the
bot needs to know *that* a question carries an identifier, and where, without ever storing
or echoing it. Everything here is pure and regex-based: no I/O, standard library only, all
patterns compiled at import.

Kinds detected (see ``IDENTIFIER_KINDS``):

``nhs_number``
    Ten digits, bare or grouped 3-3-4 with one consistent separator (space or hyphen), that
    pass the modulus 11 check. Never part of a longer run of digits or letters.
``ni_number``
    National Insurance number: two prefix letters, six digits, suffix A-D, each block
    optionally separated by one space, HMRC prefix rules applied.
``postcode``
    UK postcode in any of the standard outward/inward formats (plus ``GIR 0AA``), space
    optional, with the official letter restrictions per position.
``email``
    A practical ``local@domain.tld`` pattern; not RFC 5322 (no quoted locals, no IP hosts).
``street_address``
    A house number and a street: "22 Brook Lane", "4a st mary's road", a street type from a
    fixed list (road, street, lane, avenue, close, drive ...) within three words of the number.
``phone``
    UK numbers beginning 01, 02, 03, 07 or 08 (10 or 11 digits with the trunk 0), optionally
    written with a +44 / 0044 prefix (optionally followed by "(0)"), brackets round the area
    code, and spaces or hyphens between groups.

Letters are matched case-insensitively (ASCII only), and callers slice ``text[start:end]``
to see what was found.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

__all__ = [
    "IDENTIFIER_KINDS",
    "IdentifierMatch",
    "find_identifiers",
    "is_valid_nhs_number",
    "is_valid_ni_number",
]

# Order is also the priority when two kinds claim overlapping text: an email swallows
# anything that looks like a phone or postcode inside it, and an NHS number beats the
# phone number its digits might also spell.
IDENTIFIER_KINDS: tuple[str, ...] = (
    "email",
    "nhs_number",
    "ni_number",
    "phone",
    "postcode",
    "street_address",
)

_PRIORITY = {kind: rank for rank, kind in enumerate(IDENTIFIER_KINDS)}


@dataclass(frozen=True, slots=True)
class IdentifierMatch:
    """One identifier found in a text: its kind and the half-open span ``[start, end)``."""

    kind: str
    start: int
    end: int


# Patterns are written in upper case and run over a copy of the text with only ASCII a-z
# upper-cased. str.upper() would be simpler but can change the length (e.g. "ß" -> "SS"),
# which would shift every offset after it; re.IGNORECASE in Unicode mode lets the Kelvin
# sign stand in for "K".
_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")

# --- NHS number ------------------------------------------------------------------------------

# Letters are excluded on both sides as well as digits so that hex hashes and reference codes
# ("a3f9434765919b") do not produce hits; "NHS: 943 476 5919" and "(9434765919)" still match.
# A digit just across a dot or hyphen means a decimal or a longer code. A comma does not
# count: "9434765919,4010232137" is how a pasted CSV column looks, and thousands separators
# never produce the 3-3-4 shape anyway.
_NHS_RE = re.compile(
    r"(?<!\w)(?<![0-9][.-])([0-9]{3})([ -]?)([0-9]{3})\2([0-9]{4})(?!\w)(?![.-][0-9])"
)
_NHS_STRIP_RE = re.compile(r"[ -]")
_NHS_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def _nhs_check_digit(first_nine: str) -> int | None:
    total = sum(int(d) * w for d, w in zip(first_nine, _NHS_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None  # no number with these first nine digits is ever issued
    return check


def is_valid_nhs_number(digits: str) -> bool:
    """True if ``digits`` is a well-formed NHS number with a correct modulus 11 check digit.

    Spaces and hyphens are ignored, so "943 476 5919" and "943-476-5919" are accepted, as is
    a lone grouping like "9434765919"; anything else that is not exactly ten ASCII digits is
    rejected. Only the checksum is tested: numbers such as "0000000000" pass even though
    they are never issued, because the NHS publishes no complete list of unused ranges.
    """
    compact = _NHS_STRIP_RE.sub("", digits)
    if len(compact) != 10 or not compact.isascii() or not compact.isdigit():
        return False
    return _nhs_check_digit(compact[:9]) == int(compact[9])


# --- National Insurance number ---------------------------------------------------------------

# HMRC: first letter never D F I Q U V; second never D F I O Q U V; some pairs unallocated.
_NI_CORE = (
    r"(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r" ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]"
)
_NI_RE = re.compile(rf"(?<!\w){_NI_CORE}(?!\w)")
_NI_FULL_RE = re.compile(_NI_CORE)


def is_valid_ni_number(value: str) -> bool:
    """True if ``value`` is exactly one National Insurance number and nothing else.

    Case-insensitive; surrounding whitespace is ignored and single spaces are allowed
    between the prefix, each digit pair and the suffix ("ab 12 34 56 c"). Temporary
    numbers with an invalid prefix (such as the "QQ" placeholder in HMRC examples) and
    numbers without the A-D suffix are rejected.
    """
    return _NI_FULL_RE.fullmatch(value.strip().translate(_ASCII_UPPER)) is not None


# --- Postcode --------------------------------------------------------------------------------

# Letter sets from the Royal Mail / BS 7666 rules: position 1 never Q V X; position 2 never
# I J Z; the third-position letter in A9A only from A-H J K P S T U W; the fourth in AA9A
# only from A B E H M N P R V W X Y; inward letters never C I K M O V. Those exclusions are
# what keep "2PM", "1MB" and "3KM" from reading as inward codes.
_POSTCODE_RE = re.compile(
    r"""
    (?<!\w)
    (?:
        GIR\ ?0AA
      |
        [A-PR-UWYZ]
        (?:
            [0-9][0-9]?
          | [0-9][A-HJKPSTUW]
          | [A-HK-Y][0-9][0-9]?
          | [A-HK-Y][0-9][ABEHMNPRVWXY]
        )
        \ ?
        [0-9](?P<inward>[ABD-HJLNP-UW-Z]{2})
    )
    (?!\w)
    """,
    re.VERBOSE,
)


_ORDINAL_RE = re.compile(r"1st|2nd|3rd|[04-9]th")


def _postcode_is_plausible(original: str, match: re.Match[str]) -> bool:
    # "Room B12 3rd floor" and "block A1 2nd entrance" spell valid postcodes once upper-cased.
    # A real postcode is typed in one case throughout, while an ordinal after a capitalised
    # code is always lower case, so that exact mix is taken as prose. All-lower "b12 3rd" is
    # still reported: it is ambiguous, and a missed postcode costs more than a false alarm.
    start = match.start("inward")
    if start < 0:  # GIR 0AA
        return True
    if _ORDINAL_RE.fullmatch(original, start - 1, match.end()) is None:
        return True
    return not any(ch.isupper() for ch in original[match.start() : start - 1])


# --- Email -----------------------------------------------------------------------------------

# Apostrophes are allowed inside the local part because UK surnames put them there
# ("o'brien@..."), but not at its ends, so a quoted 'bob@example.org' does not drag the
# quote in. Labels are bounded in length to keep backtracking linear.
_EMAIL_RE = re.compile(
    r"""
    (?<![\w.%+'-])
    [A-Za-z0-9_%+-]+(?:['.][A-Za-z0-9_%+-]+)*
    @
    (?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+
    [A-Za-z]{2,63}
    (?![\w-])
    """,
    re.VERBOSE,
)

# --- Phone number ----------------------------------------------------------------------------

# This finds a *candidate*: a plausible first group followed by up to four more digit
# groups. The regex cannot know how many groups belong to the number ("call 07700 900123
# 12 times"), so _phone_end() trims back to the longest prefix of whole groups that has a
# valid UK digit count.
#
# Never starting after a word character, "+", a currency sign or "digit + . : / -" keeps
# dates (2025-07-01, 01/07/2025), versions, times and money out. Commas are left alone so
# comma-separated lists of numbers are still read. Requiring at least three
# digits in the first group rules out "01-02-2025" and "07.2".
_PHONE_RE = re.compile(
    r"""
    (?<![\w+£$€#])(?<![0-9][.:/-])
    (?:
        (?P<intl>(?:\+|00)44[ -]?(?:\(0\)[ -]?)?)[1-37-8][0-9]{1,5}
      | \(0[1-37-8][0-9]{1,4}\)
      | 0[1-37-8][0-9]{1,9}
    )
    (?:[ -]?[0-9]{2,8}){0,4}
    """,
    re.VERBOSE,
)
_NOT_DIGIT_RE = re.compile(r"[^0-9]")


def _phone_digits_ok(national: str) -> bool:
    # national: the number without trunk 0 or country code. 02/03/07 numbers are always 11
    # digits with the 0; 01 and 08 also come in 10-digit forms (016977 xxxx, 0800 xxx xxx).
    if not national or national[0] not in "12378":
        return False
    if national[0] in "237":
        return len(national) == 10
    return len(national) in (9, 10)


def _phone_end(text: str, match: re.Match[str]) -> int | None:
    """Return the end of the longest valid phone number within the candidate, or None."""
    start, end = match.span()
    prefix_end = match.end("intl") if match.group("intl") is not None else None
    for stop in range(end, start, -1):
        # Only cut at the end of a digit group, and never where the number would be glued
        # to what follows ("...2700.5", "...2700abc", a longer digit run).
        if not text[stop - 1].isdigit():
            continue
        nxt = text[stop : stop + 1]
        if nxt and (nxt.isdigit() or nxt.isalpha() or nxt == "_"):
            continue
        if nxt in (".", ":", "/") and text[stop + 1 : stop + 2].isdigit():
            continue
        if prefix_end is not None:
            if stop <= prefix_end:
                return None
            national = _NOT_DIGIT_RE.sub("", text[prefix_end:stop])
        else:
            national = _NOT_DIGIT_RE.sub("", text[start:stop])[1:]
        if _phone_digits_ok(national):
            return stop
    return None


def _find_phones(text: str) -> list[IdentifierMatch]:
    found: list[IdentifierMatch] = []
    pos = 0
    while (match := _PHONE_RE.search(text, pos)) is not None:
        stop = _phone_end(text, match)
        if stop is None:
            pos = match.start() + 1
            continue
        found.append(IdentifierMatch("phone", match.start(), stop))
        # Resume after what was kept, not after the whole candidate, so a second number in
        # the trimmed-off tail ("07700 900123 07700 900124") is still seen.
        pos = stop
    return found


# --- Putting it together ---------------------------------------------------------------------

# Every kind needs an ASCII digit (the GIR 0AA postcode too) or, for an email, an "@". Most
# questions have neither, and one search for them is far cheaper than the five patterns.
_MAY_HOLD_IDENTIFIER_RE = re.compile(r"[0-9@]")
# "the family at 22 Brook Lane": a house number, one to three name words, a street type.
# Street types that are also everyday words ("3 people close the ...") count only capitalised.
_STREET_RE = re.compile(
    r"(?<![\w.,/-])\d{1,4}[a-zA-Z]?,?\s+(?:(?i:[a-z][a-z'.-]*)\s+){1,3}?"
    r"(?i:road|rd|street|lane|avenue|crescent|gardens|terrace|mews)\b"
    r"|(?<![\w.,/-])\d{1,4}[a-zA-Z]?,?\s+(?:[A-Z][a-z'.-]*\s+){1,3}?"
    r"(?:Close|Drive|Grove|Rise|Walk|Row|Place|Court|Square|Way)\b"
)


def find_identifiers(text: str) -> list[IdentifierMatch]:
    """Every identifier in ``text``, sorted by start, with no two spans overlapping.

    When kinds compete for the same characters the earlier one in ``IDENTIFIER_KINDS`` wins
    (email, then NHS number, NI number, phone, postcode), so "0123456789" with a valid
    check digit is reported once, as an NHS number, and a phone number used as the local
    part of an email address is reported only as the email. Offsets index the original
    string, including any non-ASCII characters before the match.
    """
    if not _MAY_HOLD_IDENTIFIER_RE.search(text):
        return []
    upper = text.translate(_ASCII_UPPER)
    candidates: list[IdentifierMatch] = []

    candidates.extend(IdentifierMatch("email", *m.span()) for m in _EMAIL_RE.finditer(text))
    for m in _NHS_RE.finditer(text):
        if _nhs_check_digit(m.group(1) + m.group(3) + m.group(4)[:3]) == int(m.group(4)[3]):
            candidates.append(IdentifierMatch("nhs_number", *m.span()))
    candidates.extend(IdentifierMatch("ni_number", *m.span()) for m in _NI_RE.finditer(upper))
    candidates.extend(_find_phones(text))
    candidates.extend(
        IdentifierMatch("street_address", *m.span()) for m in _STREET_RE.finditer(text)
    )
    for m in _POSTCODE_RE.finditer(upper):
        if _postcode_is_plausible(text, m):
            candidates.append(IdentifierMatch("postcode", *m.span()))

    candidates.sort(key=lambda c: (_PRIORITY[c.kind], c.start))
    # kept stays sorted by start and non-overlapping, so only the neighbours either side of
    # the insertion point can collide; a linear scan here was quadratic on long pastes.
    kept: list[IdentifierMatch] = []
    starts: list[int] = []
    for cand in candidates:
        i = bisect.bisect_right(starts, cand.start)
        if i > 0 and kept[i - 1].end > cand.start:
            continue
        if i < len(kept) and kept[i].start < cand.end:
            continue
        kept.insert(i, cand)
        starts.insert(i, cand.start)
    return kept
