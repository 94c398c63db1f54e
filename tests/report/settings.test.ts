// envInteger / envChoice: the examples' settings (EPOCHS, SEED, TREES, FEATURES).
import { afterEach, describe, expect, it } from "vitest";
import { envChoice, envInteger } from "../../src/workshop/index.js";

afterEach(() => {
  delete process.env.TSR_TEST_SETTING;
});

describe("envInteger", () => {
  it("reads a positive integer, or gives the default when unset or empty", () => {
    expect(envInteger("TSR_TEST_SETTING", 5)).toBe(5);
    process.env.TSR_TEST_SETTING = "";
    expect(envInteger("TSR_TEST_SETTING", 5)).toBe(5);
    process.env.TSR_TEST_SETTING = "100";
    expect(envInteger("TSR_TEST_SETTING", 5)).toBe(100);
  });

  it("names the variable and the bad value", () => {
    for (const bad of ["abc", "0", "2.5", "-3"]) {
      process.env.TSR_TEST_SETTING = bad;
      expect(() => envInteger("TSR_TEST_SETTING", 5)).toThrow(`TSR_TEST_SETTING must be a positive integer, got "${bad}"`);
    }
  });
});

describe("envChoice", () => {
  it("defaults to the first choice and refuses others", () => {
    expect(envChoice("TSR_TEST_SETTING", ["pixels", "pca"])).toBe("pixels");
    process.env.TSR_TEST_SETTING = "pca";
    expect(envChoice("TSR_TEST_SETTING", ["pixels", "pca"])).toBe("pca");
    process.env.TSR_TEST_SETTING = "PCA";
    expect(() => envChoice("TSR_TEST_SETTING", ["pixels", "pca"])).toThrow('TSR_TEST_SETTING must be one of "pixels", "pca", got "PCA"');
  });
});
