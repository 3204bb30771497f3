"""Test-wide settings."""

from __future__ import annotations

from hypothesis import HealthCheck, settings

# No per-example deadline: a shared two-core machine can pause any example for longer
# than hypothesis' default 200 ms, and a time limit is not what these tests check.
settings.register_profile(
    "neighborly",
    deadline=None,
    suppress_health_check=(HealthCheck.too_slow,),
)
settings.load_profile("neighborly")
