"""The policy knowledge base and decision engine. Pure domain: no I/O but reading YAML."""

from .decision import Citation, Decision
from .engine import MAX_QUESTION_CHARS, decide
from .errors import PolicyError, UnknownPolicyError
from .loader import DEFAULT_POLICY, bundled_ids, load_document
from .policy import Policy, load_policy
from .register import Register, RegisterEntry
from .schema import Verdict

__all__ = [
    "DEFAULT_POLICY",
    "MAX_QUESTION_CHARS",
    "Citation",
    "Decision",
    "Policy",
    "PolicyError",
    "Register",
    "RegisterEntry",
    "UnknownPolicyError",
    "Verdict",
    "bundled_ids",
    "decide",
    "load_document",
    "load_policy",
]
