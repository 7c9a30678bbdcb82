"""What a conversation hands to the records side, and how staff's words are read into it: the
approval and incident drafts and their receipts, and the pure text readers (an approval request
or an incident told in chat, a board member's "add" or "answer"). Below both `bot/` and
`dialogs/`, importing neither, so the dialogs and the workflows that record their results share
one definition.
"""
