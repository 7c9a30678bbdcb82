"""Multi-step conversations (botbuilder-dialogs): the approval request and the incident report.

Dialogs collect and confirm; they never decide permission (that is knowledge.decide) and never
touch the database (the bot injects a `submit` callable that records through bot.records). The one
thing taken from bot/ is the pure card-element builders in cardkit.elements, so dialog cards
look like every other card and are held to the same untrusted-text rules.
"""
