"""The Case aggregate and the Timeline application that holds the commands."""
