"""What every input goes through before its content is read: it must be a regular file inside
its folder (no link or `..` leading elsewhere, no pipe, no device), and the text it yields keeps
no control characters. Both readers (curated tables, press releases) use these; the reasons
they give are written here once.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from etl.reasons import reason_text

# C0 and C1 controls except tab and newline (and DEL). A vertical tab (Word's soft line break),
# a form feed (a page break) and NEL separate words: they become a space; the rest are dropped.
# An export (XLSX) refuses them and a browser shows them as boxes.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACING = {"\x0b": " ", "\x0c": " ", "\x85": " ", "\r": "\n"}


def clean_text(text: str) -> str:
    """`text` without control characters (tab and newline stay; CR LF and lone CR become LF)."""
    if not _CONTROL.search(text):  # the usual case: one scan, no copy
        return text
    text = text.replace("\r\n", "\n")
    return _CONTROL.sub(lambda m: _SPACING.get(m.group(), ""), text)


class Refused(ValueError):
    """An input that is not read at all: the message says why and what to do."""

    def __init__(self, code: str, detail: str):
        super().__init__(f"{reason_text(code)}: {detail}")
        self.code = code


def check_inside(path: Path, folder: Path, dirs: dict | None = None) -> Path:
    """The real path of `path` if it is a regular file inside `folder`; else `Refused`.

    A symlink (or a `..` in a link's target) that leads out of the folder would publish a file
    the analysts never put there (/etc/passwd on the Sources page): it is refused by name, and
    its target is neither read nor named in the reason.

    `dirs` (a dict the caller keeps for one pass over a folder) remembers the folder's and each
    directory's real path: a file that is no link is then checked with one `lstat` instead of
    resolving every component of its path (10^4 press releases: most of their reading time)."""
    if dirs is not None:
        fast = _plain_file(Path(path), folder, dirs)
        if fast is not None:
            return fast
    root = Path(folder).resolve()
    try:
        real = Path(path).resolve(strict=True)
    except (OSError, RuntimeError):  # a dangling link, a link loop
        raise Refused("not_a_file", "a link whose target does not exist or loops; remove it "
                      "and copy the file itself into the folder") from None
    if not real.is_relative_to(root):
        raise Refused("outside_folder", f"the file is a link (or a path with '..') that leads "
                      f"outside {Path(folder).name}/; nothing of its target was read — copy the "
                      "file itself into the folder")
    mode = real.stat().st_mode
    if stat.S_ISDIR(mode):
        raise Refused("not_a_file", "this is a folder, not a file; rename it or move it out "
                      "of the folder")
    if not stat.S_ISREG(mode):
        raise Refused("not_a_file", "a pipe, socket or device; only ordinary files are read")
    return real


def _plain_file(path: Path, folder: Path, dirs: dict) -> Path | None:
    """`path`'s real path when it is a regular file, no link, in a directory whose real path is
    inside `folder`'s; None for anything else (the full check decides)."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None
    if not stat.S_ISREG(mode) or path.name in ("", ".", ".."):
        return None
    if "" not in dirs:
        dirs[""] = os.path.realpath(folder)
    parent = str(path.parent)
    real_parent = dirs.get(parent)
    if real_parent is None:
        real_parent = dirs[parent] = os.path.realpath(parent)
    root = dirs[""]
    if real_parent != root and not real_parent.startswith(root.rstrip(os.sep) + os.sep):
        return None
    return Path(real_parent, path.name)
