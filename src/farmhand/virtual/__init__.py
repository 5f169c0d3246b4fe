"""The virtual phone farm: phones with a file system, installed apps, a shell, and the TikTok
and Instagram screens the scripts walk through, for demos, tests and benchmarks."""
