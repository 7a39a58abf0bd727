"""Counting the elements of an XML part in a linear pass, before anything builds it: the Word
and Excel readers (docx.py, xlsx.py) refuse a part with far too many before python-docx or
openpyxl is asked to open the file."""

from __future__ import annotations

import re
from collections import Counter

START_TAG = re.compile(rb"<[A-Za-z_]")
# A prefix (or a name without one) of over 48 characters: no Office program writes one; counted
# apart, since such a prefix would hide a tag from the patterns of tags() (limits.MAX_LONG_NAMES)
LONG_NAME = re.compile(rb"<[A-Za-z_][\w.-]{48}")
TAG_WINDOW = 100          # no match of these patterns is longer (with what it looks ahead at)


def tags(*names: str) -> re.Pattern:
    """Start tags with one of these local names (of at most 40 characters), with any prefix of up
    to 48 characters, the name in group 1 (a match is at most 91 bytes, and holds no other "<")."""
    assert all(len(n) <= 40 for n in names)
    return re.compile(rb"<(?:[A-Za-z_][\w.-]{0,47}:)?(%s)(?=[\s/>])" % "|".join(names).encode())


def count_tags(stream, names: re.Pattern, over=None, chunk: int = 1 << 20) -> Counter:
    """The start tags of an XML stream: those matched by ``names`` (made by tags()) by their
    local name, under b"" all of them, under b"#long" those with a prefix (or a name without
    one) of over 48 characters. Linear in the size, and stops early once ``over(counts)`` is
    true after a chunk (a bomb is refused in its first megabyte).

    Each buffer is cut just before its last "<" within TAG_WINDOW bytes of its end, which goes
    on to the next buffer: no tag is counted twice or cut in two."""
    counts: Counter = Counter()
    tail = b""
    while True:
        data = stream.read(chunk)
        buf = tail + data
        cut = len(buf)
        if data:
            last = buf.rfind(b"<", max(len(buf) - TAG_WINDOW, 0))
            if last >= 0:
                cut = last
        counts.update(names.findall(buf, 0, cut))
        counts[b""] += len(START_TAG.findall(buf, 0, cut))
        counts[b"#long"] += len(LONG_NAME.findall(buf, 0, cut))
        tail = buf[cut:]
        if not data or (over is not None and over(counts)):
            return counts


def tags_starting_before(pattern: re.Pattern, buf: bytes, pos: int, limit: int) -> int:
    """Matches of a tag ``pattern`` (a "<", no other "<", at most TAG_WINDOW bytes with what it
    looks ahead at) in ``buf`` that start in [pos, limit), as in the whole text (buf holds
    TAG_WINDOW bytes more, or the stream ends with it): those before the last "<" near the
    limit are whole in buf[:that "<"]; a match can only start there once."""
    cut = buf.rfind(b"<", max(pos, limit - TAG_WINDOW), limit)
    if cut < 0:
        return len(pattern.findall(buf, pos, limit))
    return len(pattern.findall(buf, pos, cut)) + (pattern.match(buf, cut, limit + TAG_WINDOW) is not None)
