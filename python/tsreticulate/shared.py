"""Arrays handed over in shared memory, for a local client: a second way, beside ZeroMQ frames, for an array's
bytes to reach Python.

The client makes a private folder (mode 0700) in /dev/shm (tmpfs: files there are memory) before it starts the
server, and names it on the server's command line (--shared-dir). For an array over 1 MiB the client writes the
bytes into a new file there, once, when the call is made (unless that would leave less than a quarter of
/dev/shm free), and the message names the file. Python maps the file and unlinks it at once: the numpy array is a
view of the mapping, which the kernel frees when the array is gone. Copies JS -> Python: one, JS memory -> the file's pages (the kernel's
write), where the socket path makes two (into the socket, out into libzmq's message); and the bytes are the call's
own snapshot, so the caller may change its array right after the call.

A file per array, not a reused arena: a numpy array may live for the rest of the program (torch.from_numpy
shares it), so a region of an arena could not be overwritten by the next transfer; a file needs no allocator and
no report of freed regions. Remote servers (serve.py) have no folder: their clients send frames. The client removes
the folder when the process ends."""
import os


def map_shared_array(shared_dir, name, nbytes):
    """The mapping of the file `name` of the folder, unlinked; `nbytes` must be its size."""
    import mmap

    if shared_dir is None:
        raise ValueError("this server takes no shared-memory arrays (it is not a local process)")
    if not (isinstance(name, str) and name.isdigit()):
        raise ValueError(f"a shared array names a file of the shared folder by number, got {name!r}")
    path = os.path.join(shared_dir, name)
    fd = os.open(path, os.O_RDWR | getattr(os, "O_NOFOLLOW", 0))
    try:
        os.unlink(path)
        size = os.fstat(fd).st_size
        if size != nbytes:
            raise ValueError(f"shared array file {name} holds {size} bytes, the array needs {nbytes}")
        # MAP_POPULATE maps every page now, in one go, instead of one page fault per 4 KiB on first touch.
        flags = mmap.MAP_SHARED | getattr(mmap, "MAP_POPULATE", 0)
        return mmap.mmap(fd, nbytes, flags=flags, prot=mmap.PROT_READ | mmap.PROT_WRITE)
    finally:
        os.close(fd)
