"""What the store refuses, in words the API turns into its codes."""

from __future__ import annotations


class StoreError(Exception):
    """Base of the store's refusals."""


class NotFound(StoreError):
    """A task, device, account or material that does not exist (API 40401)."""


class Conflict(StoreError):
    """The thing exists, but its state forbids the change (API 40901)."""
