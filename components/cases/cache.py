"""A worker's memory of what it already built, keyed by the content it was built from.

A key is a digest of the bytes of a case's files (`content_key`), never a file time or a case
id alone: a case saved again with the same content keeps its entries, a changed file gets new
ones, and two workers that read the same files agree. Each cache is bounded and forgets the
least recently used entry first, so a library of many cases cannot grow a worker without end.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from threading import Lock
from typing import Generic, TypeVar

V = TypeVar("V")


#: Read a chunk at a time: a huge file in a case folder is hashed, never held in memory.
CHUNK_BYTES = 1024 * 1024


def content_key(files: Iterable[Path]) -> str:
    """A digest of the files' names and bytes; a missing file counts as absent, not as empty,
    and a file that cannot be read (a folder in its place, another account's) by its error."""
    digest = hashlib.blake2b(digest_size=16)
    for path in files:
        digest.update(path.name.encode() + b"\0")
        try:
            with path.open("rb") as stream:
                while chunk := stream.read(CHUNK_BYTES):
                    digest.update(chunk)
        except FileNotFoundError:
            digest.update(b"\0missing\0")
        except OSError as error:
            digest.update(f"\0unreadable {error.errno}\0".encode())
        digest.update(b"\0")
    return digest.hexdigest()


class LruCache(Generic[V]):
    """At most `size` values by key, the least recently used dropped first; thread-safe.

    `get_or_build` builds outside the lock: two threads asking for the same new key may both
    build it (the same value, from the same content), and neither waits on the other's work.
    """

    def __init__(self, size: int):
        if size < 1:
            raise ValueError("a cache holds at least one value")
        self.size = size
        self._values: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._values)

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            if key not in self._values:
                self.misses += 1
                return None
            self.hits += 1
            self._values.move_to_end(key)
            return self._values[key]

    def put(self, key: Hashable, value: V) -> V:
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.size:
                self._values.popitem(last=False)
        return value

    def get_or_build(self, key: Hashable, build: Callable[[], V]) -> V:
        cached = self.get(key)
        return cached if cached is not None else self.put(key, build())
