"""python -m tsreticulate.ray_driver: the Ray side of `py.pool(n, { ray: {...} })`.

Ray's API is Python, so a Ray pool has this small driver process of the managed environment beside the Node
process that started it (src/ray/driver.ts). It joins or starts a Ray cluster, creates one actor per pool
worker (ray_worker.py: a tsreticulate CURVE server) with the resources asked for, reports each actor's
endpoint and public key, watches the actors, and reports a death with Ray's reason before creating a
replacement. Node then talks to each actor directly over ZeroMQ; nothing of the bridge's traffic passes here.

Protocol: one JSON object per line. The first line of stdin is the configuration; later lines are commands
({"op": "start", "slot": i} after a failed start, {"op": "shutdown"}); the end of stdin is a shutdown too.
Events go to the original stdout: cluster, ready, failed, died, fatal, closed. Everything else anything
prints (Ray's own messages included) goes to stderr, so that it cannot corrupt the protocol.

Only public keys pass through here and through Ray: the client's secret stays in Node, each server's secret
in its actor."""
import json
import os
import queue
import signal
import sys
import threading
import time

MAX_REASON = 4000


def main():
    protocol = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    lock = threading.Lock()

    def send(event, **fields):
        with lock:
            protocol.write(json.dumps({"event": event, **fields}) + "\n")

    _die_with_parent(int(os.environ.get("TSRETICULATE_PARENT_PID", "0") or 0))
    config = json.loads(sys.stdin.readline())
    commands = queue.Queue()

    def read_commands():
        for line in sys.stdin:
            line = line.strip()
            if line:
                commands.put(json.loads(line))
        commands.put({"op": "shutdown"})

    threading.Thread(target=read_commands, name="tsreticulate-ray-commands", daemon=True).start()

    address = config.get("address")
    embedded = address is None
    host = (address or "").rsplit(":", 1)[0].strip("[]")
    if embedded or host in ("127.0.0.1", "localhost", "::1"):
        # A Ray on this machine alone: its node advertises loopback addresses, and a driver joining it must
        # see itself on loopback too (Ray otherwise takes the machine's network address for both; the flag's
        # other effect is on `ray start`, unused here).
        os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    if embedded:
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    try:
        import ray
    except ImportError as e:
        send("fatal", message=f"ray is not installed in {sys.executable} ({e}): run `npx tsreticulate setup --with ray`")
        return
    # ray.init waits without end for a cluster it cannot reach: the pool's start timeout bounds it.
    def give_up():
        send("fatal", message=f"could not join or start Ray within {config['start_timeout_s']:g} s "
                              f"(address {address or 'local'}); is the cluster running and reachable?")
        protocol.flush()
        os._exit(1)

    timer = threading.Timer(config["start_timeout_s"], give_up)
    timer.daemon = True
    timer.start()
    # The runtime environment is the job's (this driver's), not each actor's: Ray uploads local folders
    # (py_modules, working_dir) only at the job level.
    runtime_env = {"runtime_env": config["runtime_env"]} if config.get("runtime_env") else {}
    try:
        if embedded:
            context = ray.init(
                **runtime_env,
                include_dashboard=False,
                _node_ip_address="127.0.0.1",
                _temp_dir=config["temp_dir"],
                object_store_memory=config["object_store_memory"],
                namespace=config["namespace"],
                log_to_driver=False,
                **({"num_cpus": config["head_cpus"]} if config.get("head_cpus") is not None else {}),
                **({"num_gpus": config["head_gpus"]} if config.get("head_gpus") is not None else {}),
            )
        else:
            context = ray.init(address=address, namespace=config["namespace"], log_to_driver=False, **runtime_env)
    except Exception as e:
        send("fatal", message=f"ray.init failed: {type(e).__name__}: {e}"[:MAX_REASON])
        return
    timer.cancel()
    info = getattr(context, "address_info", {}) or {}
    send("cluster", address=info.get("gcs_address") or info.get("address") or config.get("address"),
         session_dir=info.get("session_dir"), embedded=embedded,
         resources={k: v for k, v in ray.cluster_resources().items() if not k.startswith("node:")})

    from .ray_worker import Worker

    remote_worker = ray.remote(Worker)
    options = dict(config["actor_options"])
    start_timeout = config["start_timeout_s"]
    size = config["size"]
    generation = [0] * size
    actors = [None] * size
    starting = {}  # start ObjectRef -> (slot, generation, deadline)
    serving = {}  # serve ObjectRef -> (slot, generation)
    closing = False

    def launch(slot):
        generation[slot] += 1
        name = f"tsreticulate-{config['pool_id']}-{slot}-{generation[slot]}"
        try:
            actor = remote_worker.options(name=name, max_restarts=0, **options).remote(
                config["client_key"], config.get("ports"), config["client_timeout_s"])
            actors[slot] = actor
            starting[actor.start.remote()] = (slot, generation[slot], time.monotonic() + start_timeout)
        except Exception as e:  # options Ray refuses: the job waiting for this worker gets Ray's words
            actors[slot] = None
            send("failed", slot=slot, generation=generation[slot], message=_reason(e))

    def kill(slot):
        actor, actors[slot] = actors[slot], None
        if actor is not None:
            try:
                ray.kill(actor)
            except Exception:
                pass

    for slot in range(size):
        launch(slot)
    while True:
        try:
            while True:
                command = commands.get_nowait()
                if command.get("op") == "shutdown":
                    closing = True
                    break
                if command.get("op") == "start":
                    slot = command["slot"]
                    if actors[slot] is None:
                        launch(slot)
        except queue.Empty:
            pass
        if closing:
            break
        refs = list(starting) + list(serving)
        ready = ray.wait(refs, num_returns=1, timeout=0.2)[0] if refs else []
        if not refs:
            time.sleep(0.2)
        for ref in ready:
            if ref in starting:
                slot, gen, _ = starting.pop(ref)
                try:
                    started = ray.get(ref)
                except Exception as e:
                    kill(slot)
                    send("failed", slot=slot, generation=gen, message=_reason(e))
                    continue
                serving[actors[slot].serve.remote()] = (slot, gen)
                send("ready", slot=slot, generation=gen, **started)
            elif ref in serving:
                slot, gen = serving.pop(ref)
                try:
                    reason = ray.get(ref)
                except Exception as e:
                    reason = _reason(e)
                actors[slot] = None
                send("died", slot=slot, generation=gen, reason=reason)
                launch(slot)  # the replacement, ready for the next job
        now = time.monotonic()
        for ref, (slot, gen, deadline) in list(starting.items()):
            if now > deadline:
                del starting[ref]
                kill(slot)
                send("failed", slot=slot, generation=gen, message=(
                    f"Ray did not start the actor within {start_timeout:g} s; it asked for "
                    f"{_asked(options)} and the cluster has {_available(ray)} available"))
    for slot in range(size):
        kill(slot)
    ray.shutdown()  # an embedded Ray stops with it; a joined cluster is only left
    send("closed")


def _die_with_parent(parent_pid):
    """When Node dies, this driver takes its whole process group with it: Node started it as a group leader,
    and a local Ray's processes stay in the group. Killing the driver alone (as parent.py does for the bridge's
    own process) would leave Ray's dashboard and runtime-environment agents running: they outlive their
    raylet. Actors of a cluster joined are owned by this driver, and Ray removes them when it is gone."""
    if parent_pid <= 0:
        return

    def kill_group(*_):
        os.killpg(os.getpgrp(), signal.SIGKILL)

    signal.signal(signal.SIGTERM, kill_group)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG: at once
        except Exception:
            pass

    def poll():  # the race where Node died before prctl ran, and other systems
        while True:
            if os.getppid() != parent_pid:
                kill_group()
            time.sleep(0.2)

    threading.Thread(target=poll, name="tsreticulate-ray-parent-watch", daemon=True).start()


def _reason(error):
    text = str(error).strip()
    return text[:MAX_REASON]


def _asked(options):
    asked = {k: options[k] for k in ("num_cpus", "num_gpus", "memory") if options.get(k) is not None}
    asked.update(options.get("resources") or {})
    return json.dumps(asked)


def _available(ray):
    try:
        return json.dumps({k: v for k, v in ray.available_resources().items() if not k.startswith("node:")})
    except Exception:
        return "(unknown)"


if __name__ == "__main__":
    main()
