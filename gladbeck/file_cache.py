"""The page cache of one machine: Django's file cache, culled oldest first.

Django's FileBasedCache lists its directory on every write and, at MAX_ENTRIES, deletes a
random share of the files. Random culling keeps pages of long-gone content versions as often
as fresh ones, and it may delete the content version itself, which would start counting again
at 1 while pages stored under an old number were still there. This cache removes the oldest
files (by the time they were written) instead and never the content version.
"""

import os

from django.core.cache.backends.filebased import FileBasedCache

from gladbeck.cache import VERSION_KEY


class OldestFirstFileBasedCache(FileBasedCache):
    def _cull(self):
        filelist = self._list_cache_files()
        if len(filelist) < self._max_entries:
            return
        kept = self._key_to_file(VERSION_KEY)
        ages = []
        for fname in filelist:
            if fname == kept:
                continue
            try:
                ages.append((os.path.getmtime(fname), fname))
            except FileNotFoundError:  # removed meanwhile by another process
                continue
        ages.sort()
        if self._cull_frequency == 0:  # Django's meaning: empty the cache
            count = len(ages)
        else:
            count = max(1, len(filelist) // self._cull_frequency)
        for _, fname in ages[:count]:
            self._delete(fname)
