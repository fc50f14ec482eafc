"""Reading and writing files safely: what every command reads or writes goes through here.

A read takes a regular file within a size limit, in one open, with its identity (a Snapshot); a
write is atomic (a temporary file renamed over the old one) and, for a file a translator may be
editing, first checks that the file is still as it was read. Within a project, a symbolic link
that leads out of it is neither read nor written (confine).
"""

import contextlib
import dataclasses
import json
import os
import pathlib
import stat
import tempfile
from collections.abc import Iterator
from typing import Any

from sphinx_l10n import L10nError


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """A file's bytes in one open and (as a rule) one read call: pathlib's
    read_bytes costs three times as much on hundreds of small catalogs."""
    return snapshot(path).data


def _read_all(descriptor: int, size: int) -> bytes:
    data = os.read(descriptor, size + 1)
    if len(data) <= size:
        return data  # a short read of a regular file is its end
    chunks, total, limit = [data], len(data), max_catalog_bytes()
    while chunks[-1] and total <= limit:  # the file grew meanwhile: read on, not past the limit
        chunks.append(os.read(descriptor, 1 << 20))
        total += len(chunks[-1])
    return b"".join(chunks)


@dataclasses.dataclass(frozen=True)
class Snapshot:
    """A catalog file as it was read: a write first checks that it is still so."""

    data: bytes
    inode: int
    size: int
    mtime_ns: int
    mode: int
    uid: int
    gid: int

    def same_file(self, info: os.stat_result) -> bool:
        return (info.st_ino, info.st_size, info.st_mtime_ns) == (self.inode, self.size, self.mtime_ns)


# The project's folder, once a command has found it: see confine.
_project_root: pathlib.Path | None = None


def confine(root: str | os.PathLike[str] | None) -> None:
    """From now on, a file that lies in root as its path reads, but that a symbolic link leads
    out of it, is neither read nor written (confined). A link committed to a repository
    could otherwise have a report show any file's first line, or update overwrite any file
    the user may write. A path named outside root is the user's own choice: not refused."""
    global _project_root
    _project_root = pathlib.Path(os.path.abspath(root)) if root is not None else None


def project_root() -> pathlib.Path | None:
    """The folder the commands are confined to, if any (for worker processes to confine themselves)."""
    return _project_root


def confined(path: str | os.PathLike[str]) -> None:
    """Refuse path if it lies in the project but resolves out of it; its target is never opened."""
    if _project_root is None:
        return
    absolute = os.path.abspath(path)
    if pathlib.Path(absolute).is_relative_to(_project_root) and \
            not pathlib.Path(os.path.realpath(absolute)).is_relative_to(os.path.realpath(_project_root)):
        raise L10nError(f"{path}:0: a symbolic link out of the project ({_project_root}): neither read nor written")


def snapshot(path: str | os.PathLike[str]) -> Snapshot:
    """The file's bytes and identity, from one open; raise L10nError if it cannot be read.

    Only a regular file within L10N_MAX_CATALOG_MB is read: a FIFO would block
    every command, a device (a link to /dev/zero) would never end; nor one a link
    leads out of the project (confine)."""
    confined(path)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; regular files ignore it.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        try:
            info = os.fstat(descriptor)
            if stat.S_ISDIR(info.st_mode):
                raise L10nError(f"{path}:0: holds no .po catalog")
            if not stat.S_ISREG(info.st_mode):
                raise L10nError(f"{path}:0: not a regular file (a FIFO, socket or device): not read")
            check_size(path, info.st_size)
            data = _read_all(descriptor, info.st_size)
        finally:
            os.close(descriptor)
    except IsADirectoryError:
        raise L10nError(f"{path}:0: holds no .po catalog") from None
    except OSError as exc:
        raise L10nError(f"{path}:0: cannot read: {exc.strerror or exc}") from None
    return Snapshot(data, info.st_ino, info.st_size, info.st_mtime_ns, stat.S_IMODE(info.st_mode), info.st_uid,
                    info.st_gid)


def check_size(path: str | os.PathLike[str], size: int) -> None:
    """Refuse a file over L10N_MAX_CATALOG_MB, before it is read."""
    limit = max_catalog_bytes()
    if size > limit:
        raise L10nError(f"{path}:1: catalog is {_megabytes(size)}, over the {_megabytes(limit)} limit "
                        "(L10N_MAX_CATALOG_MB); split the document")


def _megabytes(size: int) -> str:
    return f"{size / 1048576:.3g} MB"


def max_catalog_bytes() -> int:
    """L10N_MAX_CATALOG_MB (default 20) in bytes: a larger catalog is refused, not parsed."""
    value = os.environ.get("L10N_MAX_CATALOG_MB", "20")
    try:
        megabytes = float(value)
    except ValueError:
        megabytes = -1.0
    if not 0 < megabytes < 1e6:
        raise L10nError(f"L10N_MAX_CATALOG_MB: {value!r} is not a size in megabytes (say 20)")
    return int(megabytes * 1024 * 1024)


# A write of a file that l10n did not read first: no identity to check.
UNCHECKED = None


def write_text(path: str | os.PathLike[str], text: str, expected: Snapshot | None = UNCHECKED, *,
               new: bool = False) -> None:
    """Write atomically (a temporary file renamed over the catalog), keeping its mode and owner.

    expected: the file as it was read; new: it did not exist. Just before
    the rename, the file is checked to be still that (or still absent): a
    save by someone else meanwhile is never overwritten. What remains is
    the time between that check and the rename, a few microseconds. A
    read-only catalog (no owner write bit) is left untouched. Every refusal
    and failure is an L10nError naming the file; the catalog is as before.
    """
    path = _write_target(pathlib.Path(path))
    current = _stat(path)
    if current is not None and not current.st_mode & stat.S_IWUSR:
        raise L10nError(f"{path}:0: read-only catalog (mode {stat.S_IMODE(current.st_mode):04o}): left untouched")
    outcome = "the catalog is as it was" if current is not None else "no catalog was created"
    with refused_as(path, "cannot write", outcome), _temporary_beside(path) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            _keep_mode_and_owner(f.fileno(), current)
            os.fsync(f.fileno())
        _check_unchanged(path, expected, new)
        os.replace(tmp, path)


@contextlib.contextmanager
def refused_as(path: str | os.PathLike[str], failure: str, outcome: str) -> Iterator[None]:
    """An OSError in the block becomes one L10nError naming path, what failed and what is left."""
    try:
        yield
    except OSError as exc:
        raise L10nError(f"{path}:0: {failure}: {exc.strerror or exc}; {outcome}") from None


@contextlib.contextmanager
def _temporary_beside(path: pathlib.Path) -> Iterator[str]:
    """A new temporary file beside path, to fill and rename over it; removed if it is not
    renamed. An OSError on the way names path."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.close(fd)
        yield tmp
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    finally:
        if tmp is not None and os.path.exists(tmp):
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _write_target(path: pathlib.Path) -> pathlib.Path:
    """The file a write replaces: a symbolic link's target, so the link stays one, unless
    it leads out of the project (confine). A file with several hard links is refused: the
    rename would split them."""
    confined(path)
    if path.is_symlink():
        target = pathlib.Path(os.path.realpath(path))
        if not target.exists():
            raise L10nError(f"{path}:0: symbolic link to {target}, which does not exist: left as it is")
        path = target
    current = _stat(path)
    if current is not None and current.st_nlink > 1:
        raise L10nError(f"{path}:0: the file has {current.st_nlink} hard links, which replacing it would split: "
                        "left untouched; make it a single file or a symbolic link")
    return path


def _stat(path: pathlib.Path) -> os.stat_result | None:
    try:
        return path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise L10nError(f"{path}:0: cannot read: {exc.strerror or exc}") from None


def _keep_mode_and_owner(descriptor: int, current: os.stat_result | None) -> None:
    """The file's own mode (a new one: what the umask gives), and its owner where we may set it."""
    if current is None:
        os.fchmod(descriptor, 0o666 & ~_umask())
        return
    os.fchmod(descriptor, stat.S_IMODE(current.st_mode))
    with contextlib.suppress(PermissionError):
        os.fchown(descriptor, current.st_uid, current.st_gid)


def _umask() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def _check_unchanged(path: pathlib.Path, expected: Snapshot | None, new: bool) -> None:
    if expected is None and not new:
        return
    current = _stat(path)
    if new and current is None:
        return
    if expected is not None and current is not None:
        if expected.same_file(current):
            return
        with contextlib.suppress(OSError):
            if read_bytes(path) == expected.data:
                return  # touched, not changed
    raise L10nError(f"{path}:0: changed on disk while l10n worked on it (an editor's save?): "
                    "left as it is, nothing written; run the command again")


@contextlib.contextmanager
def replacing(path: str | os.PathLike[str]) -> Iterator[str]:
    """A temporary file beside path for the block to fill, renamed over path (a link there is
    replaced, never written through) when the block ends; removed if it raises. An OSError names path."""
    path = pathlib.Path(path)
    with _temporary_beside(path) as tmp:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)


def replace_text(path: pathlib.Path, text: str) -> None:
    """Write a generated file (a page, a state file) atomically, and only if it changed: an
    unchanged file keeps its time (and rsync, make, CI caches agree)."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except (OSError, ValueError):
        pass
    with replacing(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as file:
        file.write(text)


def read_json(path: pathlib.Path) -> dict[str, Any]:
    """A generated JSON object; {} when it is missing or damaged (what reads it builds again)."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def write_json(path: pathlib.Path, value: object) -> None:
    replace_text(path, json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
