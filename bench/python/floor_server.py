"""The transport's floor: a bare pyzmq ROUTER speaking msgpack, with no bridge around it.

Requests are [kind, arg] (+ frames): "sqrt" answers math.sqrt(arg); "take" receives an array frame and views
it without a copy; "give" sends arg bytes of a prepared numpy array as a frame, from its own memory."""
import math
import sys

import msgpack
import numpy as np
import zmq


def main(endpoint):
    socket = zmq.Context.instance().socket(zmq.ROUTER)
    socket.setsockopt(zmq.LINGER, 0)
    # No high-water marks: a ROUTER drops what it cannot queue, and 10,000 pipelined answers exceed the default 1,000.
    socket.setsockopt(zmq.SNDHWM, 0)
    socket.setsockopt(zmq.RCVHWM, 0)
    socket.bind(endpoint)
    print("ready", flush=True)
    outgoing = None
    while True:
        frames = socket.recv_multipart(copy=False)
        identity = frames[0].bytes
        kind, value = msgpack.unpackb(frames[1].buffer)
        if kind == "sqrt":
            socket.send_multipart([identity, msgpack.packb(math.sqrt(value))])
        elif kind == "take":
            array = np.frombuffer(frames[2].buffer, dtype=np.float32)
            socket.send_multipart([identity, msgpack.packb(int(array.size))])
        elif kind == "give":
            if outgoing is None or outgoing.nbytes != value:
                outgoing = np.ones(value // 4, dtype=np.float32)
            socket.send_multipart([identity, msgpack.packb(value), memoryview(outgoing).cast("B")], copy=False)
        elif kind == "quit":
            socket.send_multipart([identity, msgpack.packb(0)])
            return


if __name__ == "__main__":
    main(sys.argv[1])
