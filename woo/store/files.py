"""Writing files so that readers see either nothing or the complete file, never half of it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

READ_ONLY = 0o444
WRITABLE = 0o644


def write_atomically(path: Path, data: bytes, *, mode: int = WRITABLE) -> None:
    """Write ``data`` to ``path`` through a temporary sibling and a rename; the folder is created if needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
