"""Arrays handed over in shared memory, for a local client: a second way, beside ZeroMQ frames, for an array's
bytes to cross.

The client makes a private folder (mode 0700) in /dev/shm (tmpfs: files there are memory) before it starts the
server, and names it on the server's command line (--shared-dir). Its files are reused (the client's
src/bridge/process/shared-arrays.ts keeps them), because overwriting a tmpfs file's pages is a copy into warm memory,
where a new file's pages are handed out by the kernel as they are filled, at a fraction of that speed.

JS -> Python: for an array over 1 MiB the client writes the bytes into a file there when the call is made
(unless that would leave less than a quarter of /dev/shm free), and the message names the file. Python renames
the file "<n>.mapped" (it is Python's now), maps it, and the numpy array is a view of the mapping. When the mapping is
gone (the last array or tensor viewing it), Python renames the file "<n>.free", and the client may write the next
array into it. Copies: one, JS memory -> the file's pages (the kernel's write), where the socket path makes two;
and the bytes are the call's own snapshot, so the caller may change its array right after the call.

A process forked from this one (torch's DataLoader workers, multiprocessing) inherits the mappings, and the
client must never overwrite a file a child may still read: a file mapped when a fork happens is unlinked, not
given back, when this process lets go of it; a child never gives a file back.

Python -> JS (`toJs(t, { into })`): the client lends a file of its own; Python writes the array's bytes into it
(write_reply_array) and the reply says so; the client reads them into the caller's typed array. Two copies, both
between warm pages, against the socket path's two copies into memory the receiving side allocates anew.

Remote servers (serve.py) have no folder: their clients send frames. The client removes the folder when the process
ends."""
import os
import weakref

_MAPPED = ".mapped"
_GIVEN_BACK = ".free"


class _Held:
    """A mapped file: where it is, its size, whose it is, whether a forked process may view it, and how many bytes
    of files the folder may keep for reuse (--shared-keep)."""

    __slots__ = ("path", "size", "pid", "forked", "keep")

    def __init__(self, path, size, keep):
        self.path = path
        self.size = size
        self.pid = os.getpid()
        self.forked = False
        self.keep = keep


_held = set()


def _mark_forked():
    for held in _held:
        held.forked = True


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_mark_forked)


def _let_go(held):
    """The mapping is gone: give the file back to the client (or unlink it, if a fork may still view it)."""
    _held.discard(held)
    if os.getpid() != held.pid:
        return  # a forked child's copy of the mapping: the parent decides
    try:
        if held.forked or _kept_bytes(os.path.dirname(held.path)) + held.size > held.keep:
            os.unlink(held.path)
        else:
            os.rename(held.path, held.path[: -len(_MAPPED)] + _GIVEN_BACK)
    except OSError:
        pass  # the client removed the folder (it is shutting down)


def _kept_bytes(folder):
    """The bytes of the folder's files that no array views: given back, and the client's own (free, or written for
    a call not yet run). Counted here because the client only takes given-back files back when it next needs one:
    without this, arrays let go of after the last large call would stay in /dev/shm until the session ends."""
    total = 0
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.endswith(_MAPPED):
                continue
            try:
                total += entry.stat(follow_symlinks=False).st_size
            except OSError:
                pass  # taken or removed by the client meanwhile
    return total


def _path_of(shared_dir, name):
    if shared_dir is None:
        raise ValueError("this server takes no shared-memory arrays (it is not a local process)")
    if not (isinstance(name, str) and name.isdigit()):
        raise ValueError(f"a shared array names a file of the shared folder by number, got {name!r}")
    return os.path.join(shared_dir, name)


def map_shared_array(shared_dir, name, nbytes, keep):
    """The writable mapping of the file `name` of the folder, which is Python's until the mapping is gone;
    `nbytes` must be its size; `keep`: the bytes of files the folder may keep for reuse."""
    import mmap

    path = _path_of(shared_dir, name)
    mapped = path + _MAPPED
    try:
        os.rename(path, mapped)
    except FileNotFoundError:
        raise ValueError(f"shared array file {name} is not in the shared folder") from None
    fd = os.open(mapped, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0))
    try:
        size = os.fstat(fd).st_size
        if size != nbytes:
            os.unlink(mapped)
            raise ValueError(f"shared array file {name} holds {size} bytes, the array needs {nbytes}")
        # MAP_POPULATE maps every page now, in one go, instead of one page fault per 4 KiB on first touch.
        flags = mmap.MAP_SHARED | getattr(mmap, "MAP_POPULATE", 0)
        mapping = mmap.mmap(fd, nbytes, flags=flags, prot=mmap.PROT_READ | mmap.PROT_WRITE)
    finally:
        os.close(fd)
    held = _Held(mapped, nbytes, keep)
    _held.add(held)
    weakref.finalize(mapping, _let_go, held).atexit = False
    return mapping


def write_reply_array(shared_dir, name, capacity, array):
    """Writes a C-contiguous array's bytes into the file the client lent for a reply, if they fit; True if so."""
    if array.nbytes > capacity or array.nbytes == 0:
        return False
    fd = os.open(_path_of(shared_dir, name), os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        view = memoryview(array).cast("B")
        offset = 0
        while offset < len(view):
            offset += os.pwrite(fd, view[offset:], offset)
    finally:
        os.close(fd)
    return True
