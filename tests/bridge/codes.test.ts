// The protocol's tables are defined once per side: both sides must agree.
import { afterAll, expect, it } from "vitest";
import { py } from "../../src/index.js";
import { allCodes, RECORDED_OP_SHAPES } from "../../src/bridge/wire/codes.js";

afterAll(() => py.shutdown());

it("the TypeScript and Python code tables are the same", async () => {
  await py.eval("1");
  const python = py.current().info!.codes;
  expect(python).toEqual(allCodes());
});

it("the TypeScript and Python recorded-operation shapes are the same", async () => {
  // Keys as strings and tuples as lists on the Python side, so that the value is a plain JSON-like object.
  const python = await py.eval(
    "{str(kind): [creates, list(reads), list(values)] for kind, (creates, reads, values) in __import__('tsreticulate.codes').codes.RECORDED_OP_SHAPES.items()}",
  );
  expect(python).toEqual(JSON.parse(JSON.stringify(RECORDED_OP_SHAPES)));
});
