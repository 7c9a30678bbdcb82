"""Tests for knowledge.identifiers: property tests over generated identifiers, then tables."""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from knowledge.identifiers import (
    IDENTIFIER_KINDS,
    IdentifierMatch,
    find_identifiers,
    is_valid_nhs_number,
    is_valid_ni_number,
)

# --- helpers and strategies ------------------------------------------------------------------

WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def check_digit(first_nine: str) -> int:
    """Reference modulus 11 implementation, kept separate from the module's own."""
    check = 11 - sum(int(d) * w for d, w in zip(first_nine, WEIGHTS, strict=True)) % 11
    return 0 if check == 11 else check  # 10 is returned as-is and means "invalid"


def kinds_at(text: str) -> list[tuple[str, str]]:
    return [(m.kind, text[m.start : m.end]) for m in find_identifiers(text)]


# Surrounding text is arbitrary but always separated from the identifier by a space, so the
# identifier is a word on its own, as it would be in a real question.
filler = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
    max_size=40,
)
prefixes = st.one_of(
    st.sampled_from(["", "Can I paste ", "NHS no: ", "Resident (", "Ref. "]),
    filler.map(lambda s: s + " "),
)
suffixes = st.one_of(
    st.sampled_from(["", ".", " into ChatGPT?", ")", ", thanks"]),
    filler.map(lambda s: " " + s),
)

digit_strings = st.text(alphabet="0123456789", min_size=9, max_size=9)


@st.composite
def valid_nhs_digits(draw: st.DrawFn) -> str:
    first = draw(digit_strings)
    check = check_digit(first)
    assume(check != 10)
    return first + str(check)


def nhs_layout(digits: str, sep: str) -> str:
    return f"{digits[:3]}{sep}{digits[3:6]}{sep}{digits[6:]}"


NI_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
NI_SECOND = "ABCEGHJKLMNPRSTWXYZ"
NI_UNALLOCATED = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}


@st.composite
def ni_numbers(draw: st.DrawFn, prefix: st.SearchStrategy[str] | None = None) -> str:
    letters = draw(prefix) if prefix is not None else None
    if letters is None:
        letters = draw(st.sampled_from(NI_FIRST)) + draw(st.sampled_from(NI_SECOND))
        assume(letters not in NI_UNALLOCATED)
    digits = draw(st.text(alphabet="0123456789", min_size=6, max_size=6))
    suffix = draw(st.sampled_from("ABCD"))
    sep = draw(st.sampled_from(["", " "]))
    value = sep.join([letters, digits[:2], digits[2:4], digits[4:], suffix])
    return draw(st.sampled_from([value, value.lower()]))


invalid_ni_prefixes = st.one_of(
    st.tuples(st.sampled_from("DFIQUV"), st.sampled_from(NI_SECOND)).map("".join),
    st.tuples(st.sampled_from(NI_FIRST), st.sampled_from("DFIOQUV")).map("".join),
    st.sampled_from(sorted(NI_UNALLOCATED)),
)

PC_FIRST = "ABCDEFGHIJKLMNOPRSTUWYZ"
PC_SECOND = "ABCDEFGHKLMNOPQRSTUVWXY"
PC_THIRD = "ABCDEFGHJKPSTUW"
PC_FOURTH = "ABEHMNPRVWXY"
PC_INWARD = "ABDEFGHJLNPQRSTUWXYZ"
DIGIT = "0123456789"


@st.composite
def postcodes(draw: st.DrawFn) -> str:
    def pick(alphabet: str) -> str:
        return draw(st.sampled_from(alphabet))

    shape = draw(st.sampled_from(["A9", "A99", "A9A", "AA9", "AA99", "AA9A", "GIR"]))
    if shape == "GIR":
        outward, inward = "GIR", "0AA"
    else:
        outward = pick(PC_FIRST)
        if shape.startswith("AA"):
            outward += pick(PC_SECOND)
        outward += pick(DIGIT)
        if shape.endswith("99"):
            outward += pick(DIGIT)
        elif shape == "A9A":
            outward += pick(PC_THIRD)
        elif shape == "AA9A":
            outward += pick(PC_FOURTH)
        inward = pick(DIGIT) + pick(PC_INWARD) + pick(PC_INWARD)
    code = outward + draw(st.sampled_from(["", " "])) + inward
    return draw(st.sampled_from([code, code.lower()]))


label = st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
emails = st.builds(
    lambda local, labels, tld: f"{local}@{'.'.join(labels)}.{tld}",
    st.from_regex(r"[A-Za-z0-9_%+-]{1,12}(?:['.][A-Za-z0-9_%+-]{1,8}){0,2}", fullmatch=True),
    st.lists(label, min_size=1, max_size=3),
    st.from_regex(r"[a-z]{2,6}", fullmatch=True),
)


@st.composite
def mobile_numbers(draw: st.DrawFn) -> str:
    rest = draw(st.text(alphabet=DIGIT, min_size=9, max_size=9))
    national = "7" + rest  # 07xxx xxxxxx: 11 digits, so never mistaken for an NHS number
    return draw(
        st.sampled_from(
            [
                f"0{national}",
                f"0{national[:4]} {national[4:]}",
                f"0{national[:4]}-{national[4:7]}-{national[7:]}",
                f"+44 {national[:4]} {national[4:]}",
                f"+44{national}",
                f"0044 {national[:4]} {national[4:]}",
                f"+44 (0){national[:4]} {national[4:]}",
            ]
        )
    )


def assert_found(text: str, start: int, end: int, kind: str) -> None:
    assert IdentifierMatch(kind, start, end) in find_identifiers(text), kinds_at(text)


# --- NHS number ------------------------------------------------------------------------------


@given(valid_nhs_digits(), st.sampled_from(["", " ", "-"]), prefixes, suffixes)
def test_every_valid_nhs_number_is_found(digits: str, sep: str, pre: str, post: str) -> None:
    number = nhs_layout(digits, sep)
    text = pre + number + post
    assert_found(text, len(pre), len(pre) + len(number), "nhs_number")
    assert is_valid_nhs_number(number)


@given(valid_nhs_digits(), st.sampled_from(["", " ", "-"]), prefixes, suffixes)
def test_any_other_check_digit_is_not_an_nhs_number(
    digits: str, sep: str, pre: str, post: str
) -> None:
    for wrong in set(DIGIT) - {digits[-1]}:
        number = nhs_layout(digits[:-1] + wrong, sep)
        text = pre + number + post
        span = range(len(pre), len(pre) + len(number))
        assert not is_valid_nhs_number(number)
        assert not any(
            m.kind == "nhs_number" and m.start in span for m in find_identifiers(text)
        ), kinds_at(text)


@given(st.text(alphabet=DIGIT, min_size=10, max_size=10))
def test_bare_ten_digits_found_exactly_when_checksum_valid(digits: str) -> None:
    found = [m for m in find_identifiers(digits) if m.kind == "nhs_number"]
    expected = [IdentifierMatch("nhs_number", 0, 10)] if is_valid_nhs_number(digits) else []
    assert found == expected
    assert is_valid_nhs_number(digits) == (check_digit(digits[:9]) == int(digits[9]))


@given(valid_nhs_digits(), st.sampled_from(DIGIT), st.booleans())
def test_nhs_number_inside_longer_digit_run_is_not_found(
    digits: str, extra: str, before: bool
) -> None:
    text = extra + digits if before else digits + extra
    assert not any(m.kind == "nhs_number" for m in find_identifiers(text))


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("9434765919", True),
        ("943 476 5919", True),
        ("943-476-5919", True),
        ("9434765918", False),
        ("943476591", False),  # nine digits
        ("94347659190", False),  # eleven digits
        ("943476591X", False),
        ("", False),
        ("٩٤٣٤٧٦٥٩١٩", False),  # Arabic-Indic digits are not NHS numbers
        ("4000000000", False),  # first nine digits give check 10: never issued
    ],
)
def test_is_valid_nhs_number_table(value: str, valid: bool) -> None:
    assert is_valid_nhs_number(value) is valid


# --- National Insurance number ---------------------------------------------------------------


@given(ni_numbers(), prefixes, suffixes)
def test_every_valid_ni_number_is_found(number: str, pre: str, post: str) -> None:
    text = pre + number + post
    assert_found(text, len(pre), len(pre) + len(number), "ni_number")
    assert is_valid_ni_number(number)


@given(ni_numbers(prefix=invalid_ni_prefixes), prefixes, suffixes)
def test_invalid_ni_prefixes_are_not_found(number: str, pre: str, post: str) -> None:
    text = pre + number + post
    assert not is_valid_ni_number(number)
    span = range(len(pre), len(pre) + len(number))
    assert not any(m.kind == "ni_number" and m.start in span for m in find_identifiers(text))


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("AB123456C", True),
        ("ab 12 34 56 c", True),
        ("  JG103759A ", True),
        ("QQ 12 34 56 C", False),  # HMRC's own placeholder: Q is never a first letter
        ("AB123456E", False),  # suffix beyond D
        ("AB123456", False),  # suffix missing
        ("GB123456A", False),
        ("AO123456A", False),
        ("AB1234567C", False),
        ("AB123456C and more", False),
    ],
)
def test_is_valid_ni_number_table(value: str, valid: bool) -> None:
    assert is_valid_ni_number(value) is valid


# --- postcodes, emails, phones ---------------------------------------------------------------


@given(postcodes(), prefixes, suffixes)
def test_generated_postcodes_are_found(code: str, pre: str, post: str) -> None:
    text = pre + code + post
    assert_found(text, len(pre), len(pre) + len(code), "postcode")


@given(emails, prefixes, suffixes)
def test_generated_emails_are_found(address: str, pre: str, post: str) -> None:
    text = pre + address + post
    assert_found(text, len(pre), len(pre) + len(address), "email")


@given(mobile_numbers(), prefixes, suffixes)
def test_generated_mobile_numbers_are_found(number: str, pre: str, post: str) -> None:
    text = pre + number + post
    assert_found(text, len(pre), len(pre) + len(number), "phone")


# --- whole-function invariants ---------------------------------------------------------------


@given(st.text(max_size=300))
def test_results_are_sorted_non_overlapping_and_in_bounds(text: str) -> None:
    found = find_identifiers(text)
    for m in found:
        assert m.kind in IDENTIFIER_KINDS
        assert 0 <= m.start < m.end <= len(text)
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start


@given(
    st.lists(
        st.one_of(
            valid_nhs_digits().map(lambda d: nhs_layout(d, " ")),
            ni_numbers(),
            postcodes(),
            emails,
            mobile_numbers(),
            st.sampled_from(["and", "or", "then", "2025", "7.2", "£10"]),
        ),
        max_size=8,
    )
)
def test_concatenated_identifiers_stay_non_overlapping(parts: list[str]) -> None:
    text = " ".join(parts)
    found = find_identifiers(text)
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start


def test_match_is_frozen_and_slotted() -> None:
    m = IdentifierMatch("email", 0, 3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.start = 1  # type: ignore[misc]
    assert not hasattr(m, "__dict__")
    assert set(IDENTIFIER_KINDS) == {
        "nhs_number",
        "ni_number",
        "postcode",
        "email",
        "phone",
        "street_address",
    }


# --- realistic sentences ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Can I paste a resident's NHS number 943 476 5919 into ChatGPT?",
            [("nhs_number", "943 476 5919")],
        ),
        ("Patient NHS no. 943-476-5919, DOB withheld.", [("nhs_number", "943-476-5919")]),
        ("(9434765919)", [("nhs_number", "9434765919")]),
        ("Her NI number is QQ 12 34 56 C", []),
        ("His NI number is JG 10 37 59 A.", [("ni_number", "JG 10 37 59 A")]),
        ("ni: ab123456c", [("ni_number", "ab123456c")]),
        (
            "The family moved to 10 Downing Street, London SW1A 2AA last week.",
            [("street_address", "10 Downing Street"), ("postcode", "SW1A 2AA")],
        ),
        ("Send it to m1 1ae please", [("postcode", "m1 1ae")]),
        ("Giro bank: GIR 0AA", [("postcode", "GIR 0AA")]),
        ("Postcode EC1A1BB, flat 4", [("postcode", "EC1A1BB")]),
        ("School is at LS6 2AB.", [("postcode", "LS6 2AB")]),
        ("Email jane.o'neill@leeds.gov.uk about it", [("email", "jane.o'neill@leeds.gov.uk")]),
        ("<head.teacher+ai@school.sch.uk>", [("email", "head.teacher+ai@school.sch.uk")]),
        ("Call me on 07700 900123.", [("phone", "07700 900123")]),
        ("Mobile +44 7700 900123", [("phone", "+44 7700 900123")]),
        ("Switchboard (020) 7946 0958", [("phone", "(020) 7946 0958")]),
        ("Leicester office: 0116 257 2700", [("phone", "0116 257 2700")]),
        ("Intl: +44 (0)20 7946 0958", [("phone", "+44 (0)20 7946 0958")]),
        ("from abroad 0044 20 7946 0958", [("phone", "0044 20 7946 0958")]),
        (
            "Freephone 0800 123 456 or 0345 123 4567",
            [
                ("phone", "0800 123 456"),
                ("phone", "0345 123 4567"),
            ],
        ),
        ("ring 07700-900-123 twice", [("phone", "07700-900-123")]),
        ("call 07700 900123 12 times", [("phone", "07700 900123")]),
        ("07700 900123 07700 900124", [("phone", "07700 900123"), ("phone", "07700 900124")]),
        ("07700 900123,07700 900124", [("phone", "07700 900123"), ("phone", "07700 900124")]),
        ("9434765919,9434765919", [("nhs_number", "9434765919"), ("nhs_number", "9434765919")]),
        # Valid both as an NHS number and as an 01 phone number: reported once, as NHS.
        ("0123456789", [("nhs_number", "0123456789")]),
        ("012 345 6789", [("nhs_number", "012 345 6789")]),
        ("07700900123@sms.example.org", [("email", "07700900123@sms.example.org")]),
        (
            "Mr Khan, NHS 943 476 5919, NI AB123456C, of B1 1AA, tel 0121 496 0000, "
            "email k.khan@example.com",
            [
                ("nhs_number", "943 476 5919"),
                ("ni_number", "AB123456C"),
                ("postcode", "B1 1AA"),
                ("phone", "0121 496 0000"),
                ("email", "k.khan@example.com"),
            ],
        ),
    ],
)
def test_realistic_sentences(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds_at(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "See section 7.2 of the policy.",
        "Clause 4.10.3 applies.",
        "The policy was updated in 2025.",
        "The licence costs £1,250.00 a year.",
        "Upgrade to version 10.4.1 first.",
        "The meeting at 14:30 in Room 101.",
        "SW",
        "SW1A",
        "call me maybe",
        "We sell B2B and B2C.",
        "Dated 01/02/2025 and 2025-07-01, also 01-02-2025.",
        "Reference 1234567890.",  # checksum gives 10: no NHS number has these digits
        "Pay 0.0123456789 units",
        "Part 1-9434765919-X",
        "Order 12345678901",
        "Meet at 2PM on the M25 3KM past junction 10",
        "Room B12 3rd floor, block A1 2nd entrance",
        "GDPR, ISO27001, COVID-19, H264, P45",
        "Ext. 0123",
        "@example.com and bob@ and bob@localhost",
        "hash a3f9434765919b0c",
        "+1 415 555 0100",
        "Score 0712/3456/7890",
        "",
    ],
)
def test_negatives(text: str) -> None:
    assert find_identifiers(text) == []


def test_offsets_count_code_points_not_bytes() -> None:
    text = "Straße café ☕ SW1A 1AA"
    (match,) = find_identifiers(text)
    assert text[match.start : match.end] == "SW1A 1AA"


def test_long_paste_finds_every_identifier() -> None:
    text = (
        ("Call 07700 900123 or jo@x.gov.uk about SW1A 1AA, NHS 943 476 5919, NI AB123456C. " * 2000)
        + "0123 " * 20000
        + "a." * 20000
    )
    found = find_identifiers(text)
    assert len(found) == 2000 * 5


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("reply to the family at 22 Brook Lane about their son", "22 Brook Lane"),
        ("the tenant at 4a st mary's road", "4a st mary's road"),
        ("they live at 14 Hazel Close", "14 Hazel Close"),
        ("we had 3 people close the office early", None),  # "close" lower case is a verb
        ("write 5 more ways to say no", None),
        ("section 7.2 road safety", None),
    ],
)
def test_a_house_number_and_street_is_an_address(text: str, found: str | None) -> None:
    spans = [text[m.start : m.end] for m in find_identifiers(text) if m.kind == "street_address"]
    assert spans == ([found] if found else [])
