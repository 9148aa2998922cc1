"""The stores behind the application: opening them, and what we read of the library's tables.

eventsourcing owns the tables of events; what it offers no call for (opening a
PostgreSQL schema, reading one case's events with their positions, copying a
store) is done here, one documented query per need, on each backend.
"""
