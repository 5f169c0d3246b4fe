"""The device side of the ADB transport over any :class:`~farmhand.virtual.endpoint.PhoneEndpoint`:
virtual phones that the real adb server connects to like phones on TCP.

Use :class:`WireFarm` (``start()``/``stop()`` from any thread, or ``await serve()``) or
:func:`serve_farm`.
"""

from farmhand.virtual.adb.server import PhoneListener, WireFarm, serve_farm

__all__ = ["PhoneListener", "WireFarm", "serve_farm"]
