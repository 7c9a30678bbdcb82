"""The Adaptive Card kit (schema 1.5): element builders, text runs, fitting and size, and a
card read back as plain text. Pure data, no Bot Framework: `bot/` and `dialogs/` both build on it,
and it imports neither.

User-typed and policy-authored text only ever goes into TextRuns, which Teams shows as written;
TextBlocks (markdown) carry the product's own wording.
"""
