"""Drafts from an article's text: events a person reviews before anything is recorded.

Reads the vocabulary (`events`) and nothing above it: `drafting.draft.draft` is the one
call; `timeline draft`, `import --review`, `POST /drafts` and the panel at `/draft` use it.
"""
