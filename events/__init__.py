"""The vocabulary of the record: dated facts, their sources, and the instructions users give."""
