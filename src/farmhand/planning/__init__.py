"""Turning requests into tasks: validation, fan-out, start times. Shared by the REST API and
the dashboard, so both give the same answers and the same error messages."""
