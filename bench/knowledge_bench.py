"""Decision-engine benchmark: decisions per second and per-question latency (p50, p99) on every
shipped policy, on a shipped policy with a 1,000-entry approval register, and on a generated
policy with 10,000 tools and 1,000 purposes.

Run with `make bench` or `.venv/bin/python -m bench.knowledge_bench`. Figures only: nothing here
asserts a timing, because machines are shared and noisy.
"""

from __future__ import annotations

import gc
import random
import statistics
import time
import tracemalloc
from datetime import UTC, datetime, timedelta

from knowledge import Policy, Register, RegisterEntry, bundled_ids, decide, load_policy
from knowledge.lexicon import load_catalog
from knowledge.policy import Policy as CompiledPolicy
from knowledge.schema import PolicyDocument

QUESTIONS = [
    "Can I use ChatGPT to summarise a resident's complaint?",
    "can i use chat gpt to draft an email to a colleague",
    "Is it OK to use chatgtp to write a press release?",
    "Can I use Co-Pilot to take minutes of a team meeting?",
    "Can I paste a pupil's SEN details into Gemeni?",
    "Can I use Midjourney to make a poster for the library?",
    "Can I put NHS number 943 476 5919 into Claude?",
    "could AI decide who gets a council house without anyone checking?",
    "Can I use AI to translate a leaflet into plain English using only public information?",
    "Can I use my personal ChatGPT account to brainstorm ideas?",
    "who owns this policy?",
    "how often is the policy reviewed?",
    "I accidentally pasted a resident's email address into ChatGPT",
    "is this ok?",
    "Can I use Frobnicator to write code for the website?",
    "Can I use Copilot to summarise an anonymised case file?",
    "Can I use AI to mark pupils' essays?",
    "Can Copilot help write a report on budget proposals that are not yet public?",
    "What about with a resident's bank details?",
    "Can I upload a CV to ChatGPT to shortlist candidates?",
]

_SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ra",
    "tu",
    "vo",
    "zen",
    "qui",
    "dax",
    "fel",
    "gor",
    "hap",
    "jin",
    "kul",
    "mor",
    "nix",
    "pel",
    "sor",
    "tav",
]
_VERBS = [
    "draft",
    "summarise",
    "translate",
    "classify",
    "forecast",
    "transcribe",
    "illustrate",
    "plan",
    "audit",
    "index",
]
_OBJECTS = [
    "invoices",
    "rotas",
    "leaflets",
    "contracts",
    "minutes",
    "tenders",
    "grants",
    "permits",
    "timetables",
    "surveys",
    "inspections",
    "budgets",
    "licences",
    "complaints",
    "newsletters",
]


def generated_policy(tools: int = 10_000, purposes: int = 1_000, seed: int = 7) -> Policy:
    """A synthetic policy as large as a big organisation's register could plausibly get."""
    rng = random.Random(seed)
    names: set[str] = set()
    while len(names) < tools:
        names.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).title())
    tool_items = [
        {
            "id": f"tool-{i}",
            "name": name,
            "aliases": [f"{name} ai", f"{name} pro"],
            "category": rng.choice(["public_tool", "enterprise_feature"]),
            "cites": ["1"],
        }
        for i, name in enumerate(sorted(names))
    ]
    purpose_items = [
        {
            "id": f"purpose-{i}",
            "label": f"Purpose {i}",
            "verdict": rng.choice(["allowed", "allowed_with_conditions", "prohibited"]),
            "examples": [
                f"{rng.choice(_VERBS)} {rng.choice(_OBJECTS)} for {rng.choice(_OBJECTS)}"
                for _ in range(4)
            ],
            "text": f"Purpose {i} text.",
            "cites": ["2"],
        }
        for i in range(purposes)
    ]
    document = PolicyDocument.model_validate(
        {
            "schema_version": 1,
            "id": "generated",
            "title": "Generated",
            "version": "1",
            "organisation": {
                "name": "Generated Council",
                "governance_authority": {"name": "the board"},
                "approver": {"name": "the board"},
            },
            "sections": [{"id": "1", "title": "Tools"}, {"id": "2", "title": "Uses"}],
            "tool_categories": [
                {"id": "public_tool", "label": "Public", "status": "approved_with_conditions"},
                {"id": "enterprise_feature", "label": "Enterprise", "status": "approved"},
            ],
            "tools": tool_items,
            "unlisted_tool": {"status": "requires_approval", "text": "Not listed.", "cites": ["1"]},
            "no_tool_named": {
                "status": "approved_with_conditions",
                "text": "Use an approved tool.",
            },
            "purposes": purpose_items,
            "approval": {"asks_for": ["the tool"], "text": "Ask the board."},
            "incidents": {"text": "Report it."},
        }
    )
    return CompiledPolicy.compile(document)


def generated_questions(policy: Policy, count: int = 200, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    tools = policy.document.tools
    questions = []
    for _ in range(count):
        name = rng.choice(tools).name
        if rng.random() < 0.3:  # a typo: swap two adjacent letters
            i = rng.randrange(len(name) - 1)
            name = name[:i] + name[i + 1] + name[i] + name[i + 2 :]
        questions.append(
            f"Can I use {name} to {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
            f"for {rng.choice(_OBJECTS)}?"
        )
    return questions + QUESTIONS


_REGISTER_PURPOSES = [
    "making posters for library events",
    "transcribing team meetings",
    "summarising consultation responses",
    "drafting letters to residents",
    "writing code for the website",
    "translating leaflets into plain English",
    "brainstorming names for events",
    "social care assessment notes",
]


def generated_register(policy: Policy, entries: int = 1_000, seed: int = 5) -> Register:
    """An approval register as large as years of board decisions: entries for catalogued tools
    (so the shipped questions' tools have some) and for tools only the register knows."""
    rng = random.Random(seed)
    tools = [t.name for t in load_catalog()] + [f"Zentool {i}" for i in range(300)]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    classes = ["none", *policy.data_classes]
    decisions = ["approved", "approved_with_conditions", "rejected"]
    return Register.build(
        policy,
        (
            RegisterEntry(
                f"AR-{i:04d}",
                rng.choice(tools),
                rng.choice(_REGISTER_PURPOSES),
                rng.choice(classes),
                rng.choice(decisions),
                "No personal data; credit the output as AI-generated.",
                start + timedelta(hours=i),
            )
            for i in range(entries)
        ),
    )


def measure(
    policy: Policy, questions: list[str], rounds: int = 20, register: Register | None = None
) -> dict[str, float]:
    for question in questions:  # warm caches (stemmer) as a running service would have them
        decide(policy, question, register=register)
    # a full collection owed by loading the policy would otherwise land in one sample (20 ms or
    # so): a service loads its policy once, at start, so it is not a question's cost
    gc.collect()
    samples: list[float] = []
    started = time.perf_counter()
    for _ in range(rounds):
        for question in questions:
            t0 = time.perf_counter_ns()
            decide(policy, question, register=register)
            samples.append((time.perf_counter_ns() - t0) / 1e6)
    elapsed = time.perf_counter() - started
    samples.sort()
    return {
        "decisions_per_s": len(samples) / elapsed,
        "p50_ms": statistics.median(samples),
        "p99_ms": samples[int(len(samples) * 0.99) - 1],
        "max_ms": samples[-1],
        "n": len(samples),
    }


def long_questions(length: int) -> dict[str, str]:
    """Questions of `length` characters in the shapes that once made the cost grow faster than
    the text: one unknown word (typo look-up), runs of spaces (the follow-up pattern), digits
    (identifier patterns), and ordinary prose (a pasted document)."""
    prose = "Can I use ChatGPT to summarise a resident's complaint about the bins? "
    return {
        "one long word": ("Can I use " + "q" * length)[:length],
        "space runs": ("with " + " " * (length // 2) + "x" + " " * length)[:length],
        "digits": "1" * length,
        "prose": (prose * (length // len(prose) + 1))[:length],
    }


def measure_long(policy: Policy, lengths: tuple[int, ...] = (4_000, 100_000)) -> None:
    """decide() on over-long questions: time and peak memory, and the cost per 1,000
    characters, which stays flat when the work is linear. The bot and `policybot ask` cap a
    question at 4,000 characters; decide() itself must not depend on that."""
    print(f"{'long question':<28}{'chars':>9}{'ms':>9}{'ms/1k chars':>13}{'peak MiB':>10}")
    for length in lengths:
        for shape, question in long_questions(length).items():
            decide(policy, question[:200])  # warm
            tracemalloc.start()
            t0 = time.perf_counter()
            decide(policy, question)
            elapsed = (time.perf_counter() - t0) * 1000
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(
                f"{shape:<28}{length:>9,}{elapsed:>9.1f}{elapsed / length * 1000:>13.3f}"
                f"{peak / 2**20:>10.1f}"
            )


def main() -> None:
    print("Decision engine (one process, one core; per-question latency of decide())")
    print(f"{'policy':<28}{'decisions/s':>12}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}{'n':>7}")
    for policy_id in bundled_ids():
        _row(policy_id, measure(load_policy(policy_id), QUESTIONS))
    socitm = load_policy("socitm-template")
    t0 = time.perf_counter()
    register = generated_register(socitm)
    build_s = time.perf_counter() - t0
    _row("socitm + 1k register", measure(socitm, QUESTIONS, register=register))
    print(f"1,000-entry register: built in {build_s * 1000:.0f} ms")
    tracemalloc.start()
    t0 = time.perf_counter()
    big = generated_policy()
    compile_s = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    _row("generated 10k tools/1k purp.", measure(big, generated_questions(big), rounds=5))
    print(
        f"generated policy: compiled in {compile_s:.2f} s,"
        f" peak {peak / 2**20:.0f} MiB traced while building"
    )
    print()
    measure_long(socitm)


def _row(name: str, figures: dict[str, float]) -> None:
    print(
        f"{name:<28}{figures['decisions_per_s']:>12,.0f}{figures['p50_ms']:>9.3f}"
        f"{figures['p99_ms']:>9.3f}{figures['max_ms']:>9.3f}{figures['n']:>7}"
    )


if __name__ == "__main__":
    main()
