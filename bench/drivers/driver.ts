// What each contender of measurements 1-3 implements. The compare worker holds all of them in one process
// and takes their samples in turn, so that a busy neighbour slows each of them alike.

export interface Driver {
  readonly name: string;
  /** `calls` sequential calls of math.sqrt(i), each awaited. */
  roundTrip(calls: number): Promise<void>;
  /** The 10,000-operation chain (undefined: not measured for this contender). */
  chain?(): Promise<void>;
  /** The array, JS -> Python, until Python has answered; returns the bytes moved (undefined: not measured). */
  arrayTo?(): Promise<number>;
  /** The array, Python -> JS; returns the bytes moved. */
  arrayBack?(): Promise<number>;
  /** The array, Python -> JS, into a buffer the caller reuses (undefined: not offered); returns the bytes moved. */
  arrayBackInto?(): Promise<number>;
  /** Untimed, after each array sample: lets go of what the sample made (a user's loop would, in a py.scope). */
  arrayDone?(): Promise<void>;
  close(): Promise<void>;
}
