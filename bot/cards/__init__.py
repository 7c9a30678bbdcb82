"""policybot's Adaptive Cards (schema 1.5), built as plain data by pure functions.

User-typed and policy-authored text only ever goes into TextRuns, which Teams shows as written;
TextBlocks (markdown) carry this package's own wording.
"""

from cardkit.elements import card_size
from cardkit.text import Action, render_text

from .answer import CARD_BUDGET, answer_card
from .error import error_card
from .help import ask_prompt_card, help_card
from .welcome import team_welcome_card, welcome_card

__all__ = [
    "CARD_BUDGET",
    "Action",
    "answer_card",
    "ask_prompt_card",
    "card_size",
    "error_card",
    "help_card",
    "render_text",
    "team_welcome_card",
    "welcome_card",
]
