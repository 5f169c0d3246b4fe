"""The REST API: TikMatrix Local API v1 compatible, plus farmhand's devices, accounts,
materials, logs and settings. It reads and writes the store; it never drives a phone."""
