"""The verdict banner: a coloured band whose words carry the verdict, so colour is never the
only signal (colour-blind readers, high-contrast themes, screen readers).

The band is a container style and its text keeps the host's default colour, which each Teams
theme sets to read on that style's background (light theme: 13.8:1 on good, 12.4:1 on warning,
10.2:1 on attention, 11.2:1 on accent, 14.6:1 on emphasis). Coloured text would not: Teams'
"good" green is 1.9:1 on the good band. The measurements are in tests/cards/test_contrast.py."""

from __future__ import annotations

from dataclasses import dataclass

from cardkit.elements import ContainerStyle, Element, container, text_block
from knowledge import Verdict


@dataclass(frozen=True, slots=True)
class VerdictLook:
    label: str
    summary: str
    style: ContainerStyle


LOOKS: dict[Verdict, VerdictLook] = {
    Verdict.ALLOWED: VerdictLook("Allowed", "Yes, you can go ahead.", "good"),
    Verdict.ALLOWED_WITH_CONDITIONS: VerdictLook(
        "Allowed with conditions", "Yes, if you keep to the conditions below.", "good"
    ),
    Verdict.NEEDS_APPROVAL: VerdictLook(
        "Needs approval", "Not yet: ask for approval first.", "warning"
    ),
    Verdict.PROHIBITED: VerdictLook(
        "Not allowed", "No: the policy does not allow this.", "attention"
    ),
    Verdict.UNCLEAR: VerdictLook(
        "Not sure what you mean", "Tell me a little more so I can check the policy.", "emphasis"
    ),
    Verdict.INFORMATION: VerdictLook("About the policy", "What the policy says.", "accent"),
}
# The safety net's question (knowledge/safety_net.py): the person was clear; the engine is not
# sure a yes is safe, and says so rather than "not sure what you mean".
DOUBTED = VerdictLook("One question first", "Your answer decides what the policy says.", "emphasis")


def verdict_banner(verdict: Verdict, doubted: bool = False) -> Element:
    look = DOUBTED if doubted else LOOKS[verdict]
    return container(
        [
            text_block(look.label, size="large", weight="bolder", heading=True),
            text_block(look.summary, spacing="none"),
        ],
        style=look.style,
        bleed=True,
    )
