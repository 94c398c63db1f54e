"""sys.stdout and sys.stderr, forwarded to the client as messages on the same socket as the replies, so that
what Python prints arrives in order with the results (a model summary before the await that follows it).
Output written where no client operation is running (startup, other threads, C code writing to the file
descriptor) goes to the real file descriptor, which the client pipes to its own stdout/stderr."""
import io
import os
import threading


class ForwardedStream(io.TextIOBase):
    def __init__(self, server, stream_id, fd, isatty):
        super().__init__()
        self._server = server
        self._stream_id = stream_id
        self._fd = fd
        self._isatty = isatty
        self._parts = []
        self._size = 0
        self._main = threading.get_ident()
        _streams.append(self)

    # File-like facts that libraries (Keras' progress bar, tqdm, faulthandler) ask about.
    encoding = "utf-8"
    errors = "replace"

    @property
    def buffer(self):
        return _BinaryView(self)

    def fileno(self):
        return self._fd

    def isatty(self):
        return self._isatty

    def writable(self):
        return True

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if threading.get_ident() != self._main or self._server.current is None:
            self._write_fd(text)
            return len(text)
        self._parts.append(text)
        self._size += len(text)
        self._server.output_pending = True
        # Line ends and carriage returns (progress bars) go out at once: output is live, not at exit.
        if "\n" in text or "\r" in text or self._size > 8192:
            self.flush()
        return len(text)

    def flush(self):
        if not self._parts:
            return
        text = "".join(self._parts)
        self._parts.clear()
        self._size = 0
        if not self._server.send_output(self._stream_id, text):
            self._write_fd(text)

    def _write_fd(self, text):
        data = text.encode("utf-8", "replace")
        while data:
            n = os.write(self._fd, data)
            data = data[n:]


# A forked child (os.fork, multiprocessing's fork, torch's DataLoader workers) must not use the parent's socket:
# its streams write to the file descriptors, which the client forwards to its own stdout and stderr.
_streams = []


def _before_fork():
    for stream in _streams:
        try:
            stream.flush()  # what the parent printed goes out once, before the child's output
        except Exception:
            pass


def _after_fork_in_child():
    for stream in _streams:
        stream._parts.clear()
        stream._size = 0
        stream._main = None  # no thread is the bridge's: every write goes to the descriptor


os.register_at_fork(before=_before_fork, after_in_child=_after_fork_in_child)


class _BinaryView:
    def __init__(self, stream):
        self._stream = stream

    def write(self, data):
        self._stream.write(bytes(data).decode("utf-8", "replace"))
        return len(data)

    def flush(self):
        self._stream.flush()
