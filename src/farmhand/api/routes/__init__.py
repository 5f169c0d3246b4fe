"""One router per resource; each is built for a source (``api`` or ``ui``), so the dashboard
shares the very same handlers under ``/ui/api``."""
