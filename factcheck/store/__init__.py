"""Persistence between runs: the SQLite cache, its codecs and the incremental corpus index.

- ``cache``: the SQLite file (mentions by text, files, articles, index payloads);
- ``mentions``: mentions to and from cache bytes;
- ``payload``: the corpus index's payloads (names, claims by block, story times);
- ``incremental``: extraction through the cache, keyed by text;
- ``index``: the corpus index a warm run loads instead of re-reading the corpus.
"""
