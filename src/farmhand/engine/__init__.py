"""The engine: claims due tasks for this host's phones and runs each one's script on its
phone, one task per phone at a time, within the plan's device limit.

``engine.Engine`` is the loop; ``runner`` runs one task; ``sources`` bring phones in (virtual
phones, the adb server); ``hub`` hands a task its phone.
"""
