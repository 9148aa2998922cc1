"""The Case aggregate and the Timeline application that holds the commands."""

APPLICATION = "timeline"
"""The application's name (eventsourcing's, which names its tables and tracking rows): in a
store's format record and in the views' tracking row."""
