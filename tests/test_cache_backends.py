"""Which cache the page cache uses: files on one machine (culled oldest first, so the
directory stays small), Redis shared by several machines when REDIS_URL is set."""

import os

import pytest
from django.test import override_settings

from gladbeck.cache import VERSION_KEY
from gladbeck.file_cache import OldestFirstFileBasedCache
from tests.browser import free_port
from tests.test_production_settings import production_setting


def test_one_machine_uses_the_file_cache_with_a_bounded_number_of_files():
    backend = production_setting("CACHES['default']['BACKEND']", REDIS_URL="")
    assert backend == "gladbeck.file_cache.OldestFirstFileBasedCache"
    options = production_setting("CACHES['default']['OPTIONS']['MAX_ENTRIES']", REDIS_URL="")
    assert options == "3000"


def test_several_machines_share_one_redis():
    redis = {"REDIS_URL": "redis://127.0.0.1:6379/0"}
    backend = production_setting("CACHES['default']['BACKEND']", **redis)
    assert backend == "django.core.cache.backends.redis.RedisCache"
    assert production_setting("CACHES['default']['LOCATION']", **redis) == redis["REDIS_URL"]


def file_cache(tmp_path, max_entries):
    options = {"MAX_ENTRIES": max_entries, "CULL_FREQUENCY": 3}
    return OldestFirstFileBasedCache(str(tmp_path), {"OPTIONS": options})


def test_the_file_cache_removes_the_oldest_entries_when_full(tmp_path):
    cache = file_cache(tmp_path, max_entries=30)
    cache.set(VERSION_KEY, 7, timeout=None)
    os.utime(cache._key_to_file(VERSION_KEY), (1, 1))  # older than every page
    for number in range(100):
        cache.set(f"page:{number}", "x" * 100)
        stamp = 1000 + number  # file times of their own: the order of writing, unambiguous
        os.utime(cache._key_to_file(f"page:{number}"), (stamp, stamp))
    assert len(cache._list_cache_files()) <= 30
    assert all(cache.get(f"page:{number}") is None for number in range(60))
    assert all(cache.get(f"page:{number}") == "x" * 100 for number in range(90, 100))
    assert cache.get(VERSION_KEY) == 7, "the content version is never culled"


def test_a_cull_frequency_of_zero_empties_the_file_cache_but_keeps_the_version(tmp_path):
    cache = OldestFirstFileBasedCache(
        str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 5, "CULL_FREQUENCY": 0}}
    )
    cache.set(VERSION_KEY, 3, timeout=None)
    for number in range(6):
        cache.set(f"page:{number}", "x")
    assert cache.get(VERSION_KEY) == 3
    assert cache.get("page:5") == "x"
    assert len(cache._list_cache_files()) <= 5


@pytest.mark.django_db
def test_pages_and_downloads_are_served_while_redis_is_down(client, settings):
    """A broken cache never takes the site down: pages are rendered afresh, downloads are sent
    without an ETag."""
    settings.PUBLIC_PAGE_CACHE = True
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    with override_settings(CACHES=unreachable):
        assert client.get("/massnahmen/").status_code == 200
        download = client.get("/daten/massnahmen.csv")
        assert download.status_code == 200
        assert not download.has_header("ETag")
        assert b"id,titel," in b"".join(download.streaming_content)
