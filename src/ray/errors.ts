// The error a pool job gets when the Ray actor of its worker dies: Ray's own reason (killed by `ray.kill`,
// out of memory, node lost) in the message and in `reason`.
import { BridgeError } from "../bridge/errors/errors.js";

export class RayActorDiedError extends BridgeError {
  /** Ray's explanation, as Ray worded it. */
  readonly reason: string;
  /** The pool worker (0 to size - 1) whose actor died. */
  readonly worker: number;

  constructor(worker: number, reason: string) {
    super(`the Ray actor of pool worker ${worker} died: ${reason}`);
    Object.defineProperty(this, "name", { value: "RayActorDiedError", enumerable: false });
    this.reason = reason;
    this.worker = worker;
  }
}
