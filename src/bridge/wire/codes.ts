// The wire protocol's shared tables. python/tsreticulate/codes.py holds the same numbers;
// tests/bridge/codes.test.ts checks that both sides agree.

export const PROTOCOL_VERSION = 3;

export const Op = {
  HELLO: 0,
  IMPORT: 1,
  GETATTR: 2,
  GETITEM: 3,
  SETATTR: 4,
  SETITEM: 5,
  DELATTR: 6,
  DELITEM: 7,
  CALL: 8,
  CALLMETHOD: 9,
  VALUE: 10,
  RELEASE: 11,
  CALLBACK_RETURN: 12,
  STATS: 13,
  EXEC: 14,
  EVAL: 15,
  ITER_NEXT: 16,
  RECORD: 17,
  /** py.x`...`: a Python expression template (expression.ts). */
  EXPR: 18,
} as const;

export const Msg = {
  REPLY: 0,
  ERROR: 1,
  FAILED: 2,
  DONE: 3,
  OUTPUT: 4,
  CALLBACK: 5,
  PROTOCOL_ERROR: 7,
  CALLBACKS_RELEASED: 8,
  /** [entries, doneBatchId | null]: several answers in one message, each `[opId, Replied status, payload]`. */
  REPLIES: 9,
} as const;

/** The status of an entry of Msg.REPLIES. */
export const Replied = {
  VALUE: 0,
  ERROR: 1,
  FAILED: 2,
} as const;

/**
 * How deep containers (arrays, tuples, objects, Maps, Sets) may nest in a value sent to Python: each level of a
 * tuple, dict or set is a nested decode on the server's C stack. Deeper values are refused before sending.
 */
export const MAX_NESTING = 64;

/** How an OP_VALUE converts what it sends back. */
export const ValueMode = {
  CONVERT: 0,
  TO_JS: 1,
  HANDLE: 2,
  SHALLOW: 3,
} as const;
export type ValueMode = (typeof ValueMode)[keyof typeof ValueMode];

/** msgpack extension type codes (msgpackr reserves 101-127; ours stay in the users' range). */
export const Ext = {
  REF: 1,
  TUPLE: 2,
  FLOAT: 3,
  BIGINT: 4,
  DICT: 5,
  CALLBACK: 6,
  NDARRAY: 7,
  SET: 8,
  HANDLE: 9,
  SLICE: 10,
  SHARED_ARRAY: 11,
} as const;

/** Every code by its Python name, to compare with the server's table. */
export function allCodes(): Record<string, number> {
  const out: Record<string, number> = { PROTOCOL_VERSION };
  for (const [k, v] of Object.entries(Op)) out[`OP_${k}`] = v;
  for (const [k, v] of Object.entries(Msg)) out[`MSG_${k}`] = v;
  for (const [k, v] of Object.entries(ValueMode)) out[`VALUE_${k}`] = v;
  for (const [k, v] of Object.entries(Ext)) out[`EXT_${k}`] = v;
  for (const [k, v] of Object.entries(Replied)) out[`REPLIED_${k}`] = v;
  out.MAX_NESTING = MAX_NESTING;
  return out;
}

/**
 * The operations a recorded function's program may hold (record.ts; recording.py), by kind: [position of the
 * handle id the operation creates or null, positions of the handle ids it reads, positions of wire values (which
 * may name handles)]. Positions count from the kind, 0, and the op id, 1.
 */
export const RECORDED_OP_SHAPES: Readonly<Record<number, readonly [number | null, readonly number[], readonly number[]]>> = {
  [Op.IMPORT]: [2, [], []],
  [Op.GETATTR]: [2, [3], []],
  [Op.GETITEM]: [2, [3], [4]],
  [Op.SETATTR]: [null, [2], [4]],
  [Op.SETITEM]: [null, [2], [3, 4]],
  [Op.DELATTR]: [null, [2], []],
  [Op.DELITEM]: [null, [2], [3]],
  [Op.CALL]: [2, [3], [4, 5]],
  [Op.CALLMETHOD]: [2, [3], [5, 6]],
  [Op.EVAL]: [2, [], [4]],
  [Op.EXEC]: [2, [], []],
  [Op.EXPR]: [2, [], [4]],
};
