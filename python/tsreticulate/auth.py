"""CurveZMQ authentication for `tsreticulate serve`: a ZAP handler that accepts exactly the client public
keys listed in an authorised-keys file (one Z85 key per line, like ssh's authorized_keys; a line starting
with `#` is a comment, text after the key names it). The file is read again when it changes, so revoking a key needs no
restart; a connection already established stays until it ends."""
import json
import os
import threading

import zmq
from zmq.utils import z85

ZAP_ENDPOINT = "inproc://zeromq.zap.01"
KEY_LENGTH = 40  # Z85 text of a 32-byte key


def read_key_file(path):
    """A key pair written by `tsreticulate keygen`: JSON {"public": z85, "secret": z85}."""
    with open(path, "r", encoding="utf-8") as f:
        data = json.load(f)
    public, secret = data.get("public"), data.get("secret")
    if not _is_z85_key(public) or not _is_z85_key(secret):
        raise ValueError(f"{path} is not a key pair written by `tsreticulate keygen`")
    return public, secret


def read_authorized_keys(path):
    keys = set()
    with open(path, "r", encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            text = line.strip()
            # A comment is a whole line: "#" is also one of Z85's characters, so it may occur in a key.
            if not text or text.startswith("#"):
                continue
            key = text.split()[0]
            if not _is_z85_key(key):
                raise ValueError(f"{path}:{number}: not a Z85 public key: {key[:60]!r}")
            keys.add(key)
    return keys


def _is_z85_key(key):
    if not isinstance(key, str) or len(key) != KEY_LENGTH:
        return False
    try:
        return len(z85.decode(key)) == 32
    except Exception:
        return False


class Authorizer:
    """Answers ZAP requests for every socket of `context` that is a CURVE server."""

    def __init__(self, context, authorized_keys_path, log=None):
        self.path = authorized_keys_path
        self.log = log or (lambda text: None)
        self._stamp = None
        self._keys = set()
        self._reload()
        self.socket = context.socket(zmq.REP)
        self.socket.setsockopt(zmq.LINGER, 0)
        # Bound before any CURVE server socket exists: libzmq lets every client in when no handler is bound.
        self.socket.bind(ZAP_ENDPOINT)
        self.thread = threading.Thread(target=self._serve, name="tsreticulate-zap", daemon=True)
        self.thread.start()

    def _reload(self):
        st = os.stat(self.path)
        stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        if stamp != self._stamp:
            self._keys = read_authorized_keys(self.path)
            self._stamp = stamp

    def allowed(self, key):
        try:
            self._reload()
        except Exception as e:  # unreadable or broken file: refuse everyone rather than guess
            self.log(f"tsreticulate serve: cannot read {self.path}: {e}; refusing connections\n")
            return False
        return key in self._keys

    def _serve(self):
        while True:
            try:
                frames = self.socket.recv_multipart()
            except zmq.ContextTerminated:
                return
            except Exception:
                continue
            try:
                reply = self._answer(frames)
            except Exception:
                reply = [b"1.0", frames[1] if len(frames) > 1 else b"", b"500", b"internal error", b"", b""]
            try:
                self.socket.send_multipart(reply)
            except zmq.ContextTerminated:
                return
            except Exception:
                continue

    def _answer(self, frames):
        version, request_id, domain, address, identity, mechanism = frames[:6]
        credentials = frames[6:]
        if mechanism != b"CURVE" or len(credentials) != 1 or len(credentials[0]) != 32:
            self.log(f"tsreticulate serve: refused {address.decode(errors='replace')}: mechanism "
                     f"{mechanism.decode(errors='replace')} (only CURVE is accepted)\n")
            return [version, request_id, b"400", b"CURVE required", b"", b""]
        key = z85.encode(credentials[0]).decode("ascii")
        if not self.allowed(key):
            self.log(f"tsreticulate serve: refused {address.decode(errors='replace')}: key {key} is not in "
                     f"{self.path}\n")
            return [version, request_id, b"400", b"client key not authorised", b"", b""]
        return [version, request_id, b"200", b"OK", key.encode("ascii"), b""]
