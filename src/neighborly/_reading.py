"""What building models from data needs below the serialization layer: the
collector paused while a graph is built, and a JSON parser for bytes the package
ships itself."""

from __future__ import annotations

import gc
import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

try:
    import msgspec
except ImportError:  # pragma: no cover - the fast extra is optional
    decode_json: Callable[[bytes], Any] = json.loads
else:
    decode_json = msgspec.json.Decoder().decode

__all__ = ["BULK", "collector_paused", "decode_json"]

BULK = 100_000
"""Objects built while paused beyond which they skip the young generations."""


class _Paused:
    """The collector paused for one ``with`` block (a class rather than a generator:
    entering and leaving cost a fraction as much, for the many small builds)."""

    __slots__ = ("was_enabled",)

    def __enter__(self) -> None:
        self.was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *_: object) -> None:
        if self.was_enabled:
            if gc.get_count()[0] > BULK and gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def collector_paused() -> AbstractContextManager[None]:
    """Pause the cyclic garbage collector while building an acyclic object graph.

    Models are immutable trees, so the collector has nothing to find in them; left
    running it rescans the growing graph again and again, which makes a large load
    superlinear.  The previous setting is restored on the way out.

    After a bulk build (more than :data:`BULK` new objects) the new objects are moved
    straight into the oldest generation (``gc.freeze()`` then ``gc.unfreeze()``), so
    the first young-generation pass after the load does not walk millions of objects
    that cannot be garbage.  This is skipped when the program has frozen objects of
    its own (``gc.get_freeze_count() > 0``), so a pre-fork server's frozen heap stays
    frozen.
    """
    return _Paused()
