// What a contender of the call and array workloads implements. A child process (bench/workers/calls.ts) loads
// exactly one driver and measures one workload with it: no two contenders are ever alive in one process.
// A contender leaves out what it does not take part in.

export interface Driver {
  readonly name: string;
  /** `calls` calls of math.sqrt(i), one at a time, each awaited before the next is issued. */
  roundTrip?(calls: number): Promise<void>;
  /**
   * `calls` calls of math.sqrt(i) with every result awaited: all issued at once and awaited together where the
   * contender can pipeline, one after another where it cannot. Checks the results.
   */
  awaitedMany?(calls: number): Promise<void>;
  /** `ops` list.append(i) issued without awaiting (where the contender can), then len(list) awaited. */
  chain?(ops: number): Promise<void>;
  /** Prepares the array workload (imports torch where it needs it). */
  arrays?(): Promise<ArrayTransfers>;
  close(): Promise<void>;
}

export interface ArrayTransfers {
  /** The array, JS -> Python, until Python has answered; returns the bytes moved. */
  to(): Promise<number>;
  /** The array, Python -> JS; returns the bytes moved. */
  back(): Promise<number>;
  /** The array, Python -> JS, into a buffer the caller reuses (undefined: not offered); returns the bytes moved. */
  backInto?(): Promise<number>;
  /** Untimed, after each sample: lets go of what the sample made (a user's loop would, in a py.scope). */
  done?(): Promise<void>;
}
