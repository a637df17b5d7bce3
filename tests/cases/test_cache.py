"""A worker's caches: bounded, least recently used first out, keyed by file content."""

import os
import shutil

import pytest
from factories import SEED_CASE

from components.cases.cache import LruCache, content_key
from components.cases.library import CaseLibrary


def test_the_least_recently_used_value_goes_first():
    cache = LruCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # a is now the most recent
    cache.put("c", 3)
    assert cache.get("b") is None
    assert (cache.get("a"), cache.get("c"), len(cache)) == (1, 3, 2)


def test_a_value_is_built_once_per_key():
    cache = LruCache(4)
    built = []
    for _ in range(3):
        cache.get_or_build("k", lambda: built.append(1) or "value")
    assert built == [1]
    with pytest.raises(ValueError):
        LruCache(0)


def test_the_key_follows_the_content_not_the_file_time(tmp_path):
    file = tmp_path / "events.csv"
    file.write_text("day\n1\n")
    key = content_key([file, tmp_path / "missing.toml"])
    os.utime(file, (1, 1))
    assert content_key([file, tmp_path / "missing.toml"]) == key
    file.write_text("day\n2\n")
    assert content_key([file, tmp_path / "missing.toml"]) != key


@pytest.fixture
def library(tmp_path) -> CaseLibrary:
    shutil.copytree(SEED_CASE, tmp_path / SEED_CASE.name)
    return CaseLibrary(tmp_path)


def test_a_second_open_loads_nothing_and_a_changed_file_loads_again(library):
    case = library.get(SEED_CASE.name)
    assert library.get(SEED_CASE.name) is case
    events = library.folder(SEED_CASE.name) / "events.csv"
    os.utime(events, (1, 1))  # touched, same content: the same case
    assert library.get(SEED_CASE.name) is case
    events.write_text(events.read_text() + "\n")  # same rows, other bytes: loaded again
    assert library.get(SEED_CASE.name) is not case
