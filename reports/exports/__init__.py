"""The record in the formats people already use.

Pure functions from timeline entries, case views and summaries to CSV, Markdown,
TimelineJS, JSON Lines and an HTML page with a drawn timeline. Each writes through
a `write(text)` function, a piece at a time, and gives the same text for the same
record every time.
"""
