// The workshop's "A Keras model" and "Data, training, evaluation" blocks, built from TypeScript with the
// typed `py.import("keras")`, against a real Keras (torch backend).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { NDArray, kerasCallback, py, tuple, type KerasLogs } from "../../src/index.js";

afterAll(() => py.shutdown());

process.env.KERAS_BACKEND = "torch";
const keras = py.import("keras", { convert: false });
const torch = py.import("torch", { convert: false });

/** What Python printed (forwarded to process.stdout) while `fn` ran. */
async function printedBy(fn: () => PromiseLike<unknown>): Promise<string> {
  const chunks: string[] = [];
  const original = process.stdout.write.bind(process.stdout);
  const spy = vi.spyOn(process.stdout, "write").mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
    chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
    return original(chunk as string, ...(rest as []));
  }) as typeof process.stdout.write);
  try {
    await fn();
  } finally {
    spy.mockRestore();
  }
  return chunks.join("");
}

function workshopModel() {
  const input = keras.Input(tuple(32, 32, 3));
  let x = keras.layers.Flatten()(input);
  x = keras.layers.Dense(32, { activation: "relu" })(x);
  const output = keras.layers.Dense(1, { activation: "sigmoid" })(x);
  return keras.Model(input, output);
}

const PYTHON_WORKSHOP_MODEL = `
import keras
_input = keras.Input((32, 32, 3))
_x = keras.layers.Flatten()(_input)
_x = keras.layers.Dense(32, activation="relu")(_x)
_output = keras.layers.Dense(1, activation="sigmoid")(_x)
workshop_model = keras.Model(_input, _output)
`;

describe("the workshop's Keras model from TypeScript", () => {
  let model: ReturnType<typeof workshopModel>;
  const x = torch.rand(96, 32, 32, 3);
  const y = torch.randint(0, 2, tuple(96, 1)).float();

  beforeAll(async () => {
    await keras.utils.clear_session(); // layer names start from "dense", as in a fresh Python
    model = workshopModel();
  });

  it("has 98,369 parameters and summary() prints the table Python prints", async () => {
    expect(await model.count_params()).toBe(98_369);
    const fromTs = await printedBy(() => model.summary());
    expect(fromTs).toContain("Total params: 98,369 (384.25 KB)");
    await keras.utils.clear_session();
    const fromPython = await printedBy(() => py.exec(`${PYTHON_WORKSHOP_MODEL}\nworkshop_model.summary()`));
    expect(fromTs).toBe(fromPython);
  });

  it("compiles, fits two epochs with Keras' own verbose 2 lines, and the History converts", async () => {
    model.compile({ loss: "binary_crossentropy", optimizer: "sgd", metrics: ["accuracy"] });
    let history: any;
    const printed = await printedBy(async () => {
      history = await model.fit({ x, y, epochs: 2, batch_size: 32, verbose: 2 });
    });
    expect(printed).toMatch(/Epoch 1\/2\n3\/3 - .*accuracy: [\d.]+ - loss: [\d.]+/);
    expect(printed).toContain("Epoch 2/2");
    const h = (await history.history) as { loss: number[]; accuracy: number[] };
    expect(Object.keys(h).sort()).toEqual(["accuracy", "loss"]);
    expect(h.loss).toHaveLength(2);
    expect(h.accuracy).toHaveLength(2);
    for (const v of [...h.loss, ...h.accuracy]) expect(typeof v).toBe("number");
  });

  it("prints verbose 1's progress bar", async () => {
    const printed = await printedBy(() => model.fit(x, y, { epochs: 1, batch_size: 32, verbose: 1 }));
    expect(printed).toContain("1/3");
    expect(printed).toContain("3/3");
    expect(printed).toContain("━"); // Keras' bar, redrawn in place
    expect(printed).toContain("\r");
  });

  it("predicts an NDArray of shape [N, 1] and evaluates to [loss, accuracy]", async () => {
    const predictions = await model.predict(x, { verbose: 0 });
    expect(predictions).toBeInstanceOf(NDArray);
    expect(predictions.shape).toEqual([96, 1]);
    const scores = await model.evaluate(x, y, { verbose: 0 });
    expect(scores).toHaveLength(2);
    expect(scores.every((v: unknown) => typeof v === "number")).toBe(true);
    expect(scores[1]).toBeGreaterThanOrEqual(0);
    expect(scores[1]).toBeLessThanOrEqual(1);
  });

  it("calls a TypeScript callback with each epoch's logs, in order", async () => {
    const events: [string, number, KerasLogs][] = [];
    const cb = kerasCallback({
      on_epoch_begin: (epoch) => void events.push(["begin", epoch, {}]),
      on_epoch_end: (epoch, logs) => void events.push(["end", epoch, logs]),
    });
    const history = await model.fit({ x, y, epochs: 3, batch_size: 48, verbose: 0, callbacks: [cb] });
    expect(events.map(([kind, epoch]) => `${kind}${epoch}`)).toEqual(["begin0", "end0", "begin1", "end1", "begin2", "end2"]);
    const h = (await history.history) as Record<string, number[]>;
    const ends = events.filter(([kind]) => kind === "end").map(([, , logs]) => logs);
    expect(ends.map((l) => l.loss)).toEqual(h.loss);
    expect(ends.map((l) => l.accuracy)).toEqual(h.accuracy);
  });

  it("waits for an async hook, and a hook that throws stops fit with the JS error", async () => {
    const seen: number[] = [];
    const slow = kerasCallback({
      on_epoch_end: async (epoch) => {
        await new Promise((r) => setTimeout(r, 5));
        seen.push(epoch);
      },
    });
    await model.fit(x, y, { epochs: 2, verbose: 0, callbacks: [slow] });
    expect(seen).toEqual([0, 1]);
    const failing = kerasCallback({
      on_train_begin: () => {
        throw new Error("stop here");
      },
    });
    await expect(model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [failing] })).rejects.toThrow(/stop here/);
  });

  it("names a misspelled hook", () => {
    expect(() => kerasCallback({ on_epoch_ned: () => undefined } as never)).toThrow(/"on_epoch_ned" is not a Keras callback hook/);
  });
});
