"""farmhand: run TikTok and Instagram automation on farms of Android phones.

The package is layered; data flows one way::

    api  ->  store  <-  engine  ->  devices  ->  (adb server | virtual phones)
                          |
                       scripts  (drive one device through farmhand.devices.base.Device)

Lower layers never import upper ones: ``domain`` and ``timeutil`` are shared by all,
``store`` knows nothing of the engine or the API, ``scripts`` know nothing of the store.
"""

__version__ = "0.1.0"
