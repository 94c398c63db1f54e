// The protocol's tables are defined once per side: both sides must agree.
import { afterAll, expect, it } from "vitest";
import { py } from "../../src/index.js";
import { allCodes } from "../../src/bridge/wire/codes.js";

afterAll(() => py.shutdown());

it("the TypeScript and Python code tables are the same", async () => {
  await py.eval("1");
  const python = py.current().info!.codes;
  expect(python).toEqual(allCodes());
});
