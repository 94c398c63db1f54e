// The operations the client sends, one named builder per kind: the protocol's request side, in one place
// (docs/protocol.md describes each; python/tsreticulate/server.py runs them). An operation is a flat array,
// `[kind, opId, ...fields]`; a builder leaves the op id 0 for Session.emit to fill in (it writes op[1]), so each
// costs the one array it returns. Fields named `ref` are the handle id the operation creates; `obj`, `fn`, `base`
// the handle ids it reads; the others are wire values (conversion.ts) or plain numbers and strings.
import { Op } from "./codes.js";

/** A handle id, allocated by the client (Session.newRef) for the object an operation creates. */
type Ref = number;
/** A value converted for the wire (conversion.ts toWire): it may name handles. */
type Wire = unknown;

export type HelloOp = [kind: typeof Op.HELLO, opId: number];
export type ImportOp = [kind: typeof Op.IMPORT, opId: number, ref: Ref, module: string];
export type GetAttrOp = [kind: typeof Op.GETATTR, opId: number, ref: Ref, obj: Ref, name: string];
export type GetItemOp = [kind: typeof Op.GETITEM, opId: number, ref: Ref, obj: Ref, key: Wire];
export type SetAttrOp = [kind: typeof Op.SETATTR, opId: number, obj: Ref, name: string, value: Wire];
export type SetItemOp = [kind: typeof Op.SETITEM, opId: number, obj: Ref, key: Wire, value: Wire];
export type DelAttrOp = [kind: typeof Op.DELATTR, opId: number, obj: Ref, name: string];
export type DelItemOp = [kind: typeof Op.DELITEM, opId: number, obj: Ref, key: Wire];
export type CallOp = [kind: typeof Op.CALL, opId: number, ref: Ref, fn: Ref, args: Wire, kwargs: Wire];
export type CallMethodOp = [kind: typeof Op.CALLMETHOD, opId: number, ref: Ref, obj: Ref, name: string, args: Wire, kwargs: Wire];
/** `into`: a shared file lent for the reply's array bytes, and their size (shared-arrays.ts). */
export type ValueOp =
  | [kind: typeof Op.VALUE, opId: number, obj: Ref, mode: number]
  | [kind: typeof Op.VALUE, opId: number, obj: Ref, mode: number, into: [file: string, bytes: number]];
export type ReleaseOp = [kind: typeof Op.RELEASE, opId: number, refs: Ref[]];
/** `ok`: 1 with the JS function's return value, 0 with what it threw (Session's thrownToWire). */
export type CallbackReturnOp = [kind: typeof Op.CALLBACK_RETURN, opId: number, call: number, ok: 0 | 1, value: Wire];
export type StatsOp = [kind: typeof Op.STATS, opId: number];
export type ExecOp = [kind: typeof Op.EXEC, opId: number, ref: Ref, code: string];
export type EvalOp = [kind: typeof Op.EVAL, opId: number, ref: Ref, expression: string, locals: Wire];
/** `source`: the iterable to open, in the first pull only (null after); `asked` 0 closes the iterator. */
export type IterNextOp = [kind: typeof Op.ITER_NEXT, opId: number, iterator: Ref, source: Ref | null, asked: number, mode: number];
/** A recorded function (record.ts): its parameters' handle ids, its operations, and its result as a wire value. */
export type RecordOp = [kind: typeof Op.RECORD, opId: number, ref: Ref, params: Ref[], program: readonly Operation[], result: Wire, name: string];
export type ExprOp = [kind: typeof Op.EXPR, opId: number, ref: Ref, parts: string[], values: Wire[]];

export type Operation =
  | HelloOp
  | ImportOp
  | GetAttrOp
  | GetItemOp
  | SetAttrOp
  | SetItemOp
  | DelAttrOp
  | DelItemOp
  | CallOp
  | CallMethodOp
  | ValueOp
  | ReleaseOp
  | CallbackReturnOp
  | StatsOp
  | ExecOp
  | EvalOp
  | IterNextOp
  | RecordOp
  | ExprOp;

/** The first operation of a session, with its op id already given (it is queued ahead of everything). */
export const helloOp = (opId: number): HelloOp => [Op.HELLO, opId];
export const importOp = (ref: Ref, module: string): ImportOp => [Op.IMPORT, 0, ref, module];
export const getAttrOp = (ref: Ref, obj: Ref, name: string): GetAttrOp => [Op.GETATTR, 0, ref, obj, name];
export const getItemOp = (ref: Ref, obj: Ref, key: Wire): GetItemOp => [Op.GETITEM, 0, ref, obj, key];
export const setAttrOp = (obj: Ref, name: string, value: Wire): SetAttrOp => [Op.SETATTR, 0, obj, name, value];
export const setItemOp = (obj: Ref, key: Wire, value: Wire): SetItemOp => [Op.SETITEM, 0, obj, key, value];
export const delAttrOp = (obj: Ref, name: string): DelAttrOp => [Op.DELATTR, 0, obj, name];
export const delItemOp = (obj: Ref, key: Wire): DelItemOp => [Op.DELITEM, 0, obj, key];
export const callOp = (ref: Ref, fn: Ref, args: Wire, kwargs: Wire): CallOp => [Op.CALL, 0, ref, fn, args, kwargs];
export const callMethodOp = (ref: Ref, obj: Ref, name: string, args: Wire, kwargs: Wire): CallMethodOp => [
  Op.CALLMETHOD,
  0,
  ref,
  obj,
  name,
  args,
  kwargs,
];
export const valueOp = (obj: Ref, mode: number, into?: [file: string, bytes: number]): ValueOp =>
  into === undefined ? [Op.VALUE, 0, obj, mode] : [Op.VALUE, 0, obj, mode, into];
/** Releases go in a batch of their own, built at flush time with their op id (Session.flush). */
export const releaseOp = (opId: number, refs: Ref[]): ReleaseOp => [Op.RELEASE, opId, refs];
export const callbackReturnOp = (call: number, ok: 0 | 1, value: Wire): CallbackReturnOp => [Op.CALLBACK_RETURN, 0, call, ok, value];
export const statsOp = (): StatsOp => [Op.STATS, 0];
export const execOp = (ref: Ref, code: string): ExecOp => [Op.EXEC, 0, ref, code];
export const evalOp = (ref: Ref, expression: string, locals: Wire): EvalOp => [Op.EVAL, 0, ref, expression, locals];
export const iterNextOp = (iterator: Ref, source: Ref | null, asked: number, mode: number): IterNextOp => [
  Op.ITER_NEXT,
  0,
  iterator,
  source,
  asked,
  mode,
];
export const recordOp = (ref: Ref, params: Ref[], program: readonly Operation[], result: Wire, name: string): RecordOp => [
  Op.RECORD,
  0,
  ref,
  params,
  program,
  result,
  name,
];
export const exprOp = (ref: Ref, parts: string[], values: Wire[]): ExprOp => [Op.EXPR, 0, ref, parts, values];
