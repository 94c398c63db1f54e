// The operation builders (src/bridge/wire/operations.ts): each lays its operation out as the server reads it,
// [kind, opId, ...fields], with op id 0 for Session.emit to fill in. No Python process: the layouts only.
import { describe, expect, it } from "vitest";
import { Op, ValueMode } from "../../src/bridge/wire/codes.js";
import {
  callMethodOp,
  callOp,
  callbackReturnOp,
  delAttrOp,
  delItemOp,
  evalOp,
  execOp,
  exprOp,
  getAttrOp,
  getItemOp,
  helloOp,
  importOp,
  iterNextOp,
  recordOp,
  releaseOp,
  setAttrOp,
  setItemOp,
  statsOp,
  valueOp,
} from "../../src/bridge/wire/operations.js";

describe("operation builders", () => {
  it("lay out each operation kind as [kind, 0, ...fields]", () => {
    expect(importOp(5, "keras")).toEqual([Op.IMPORT, 0, 5, "keras"]);
    expect(getAttrOp(6, 5, "layers")).toEqual([Op.GETATTR, 0, 6, 5, "layers"]);
    expect(getItemOp(7, 6, 0)).toEqual([Op.GETITEM, 0, 7, 6, 0]);
    expect(setAttrOp(5, "x", 1)).toEqual([Op.SETATTR, 0, 5, "x", 1]);
    expect(setItemOp(5, "k", 2)).toEqual([Op.SETITEM, 0, 5, "k", 2]);
    expect(delAttrOp(5, "x")).toEqual([Op.DELATTR, 0, 5, "x"]);
    expect(delItemOp(5, "k")).toEqual([Op.DELITEM, 0, 5, "k"]);
    expect(callOp(8, 7, [1, 2], { a: 3 })).toEqual([Op.CALL, 0, 8, 7, [1, 2], { a: 3 }]);
    expect(callMethodOp(9, 5, "fit", [], null)).toEqual([Op.CALLMETHOD, 0, 9, 5, "fit", [], null]);
    expect(valueOp(9, ValueMode.CONVERT)).toEqual([Op.VALUE, 0, 9, ValueMode.CONVERT]);
    expect(valueOp(9, ValueMode.TO_JS, ["f", 4096])).toEqual([Op.VALUE, 0, 9, ValueMode.TO_JS, ["f", 4096]]);
    expect(callbackReturnOp(3, 1, "ok")).toEqual([Op.CALLBACK_RETURN, 0, 3, 1, "ok"]);
    expect(statsOp()).toEqual([Op.STATS, 0]);
    expect(execOp(10, "x = 1")).toEqual([Op.EXEC, 0, 10, "x = 1"]);
    expect(evalOp(11, "x + 1", null)).toEqual([Op.EVAL, 0, 11, "x + 1", null]);
    expect(iterNextOp(12, 5, 16, ValueMode.SHALLOW)).toEqual([Op.ITER_NEXT, 0, 12, 5, 16, ValueMode.SHALLOW]);
    expect(exprOp(13, ["", " + 1"], [2])).toEqual([Op.EXPR, 0, 13, ["", " + 1"], [2]]);
    const program = [importOp(14, "math")];
    expect(recordOp(15, [16], program, 14, "f")).toEqual([Op.RECORD, 0, 15, [16], program, 14, "f"]);
  });

  it("give the operations sent outside emit their op id", () => {
    expect(helloOp(1)).toEqual([Op.HELLO, 1]);
    expect(releaseOp(7, [3, 4])).toEqual([Op.RELEASE, 7, [3, 4]]);
  });

  it("make a fresh array each time (emit writes the op id into it)", () => {
    expect(statsOp()).not.toBe(statsOp());
  });
});
