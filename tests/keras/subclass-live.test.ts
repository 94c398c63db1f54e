// pyClass methods give the results Python would give for the code as written: they run live (a JS call per
// Python call), so JS control flow and closures see each call's values. The first three cases were silently
// wrong when methods were recorded once on placeholders.
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { dict, methodKinds, py, pyClass, toJs, tuple, type PyObject } from "../../src/index.js";

afterAll(() => py.shutdown());

process.env.KERAS_BACKEND = "torch";
const keras = py.import("keras", { convert: false });
const np = py.import("numpy", { convert: false });
const inspect = py.import("inspect", { convert: false });

// Module-level bindings named like Keras' privileged parameters: esbuild (tsx, vitest) renames a parameter
// that shares its name with one of them (`mask` → `mask2`); Python must still see `mask`.
const mask = "module-level mask";
const training = "module-level training";
const sample_weight = "module-level sample_weight";
void [mask, training, sample_weight];

/** The guide's CustomDropout, as written in TypeScript. */
class CustomDropout extends pyClass(keras.layers.Layer) {
  constructor(rate: number, kwargs = {}) {
    super(kwargs);
    this.rate = rate;
  }
  override call(inputs: PyObject, training: boolean | null = null) {
    if (training) return keras.random.dropout(inputs, { rate: this.rate });
    return inputs;
  }
}

/** A 0-d tensor's value. */
async function scalar(x: PyObject): Promise<number> {
  return (await keras.ops.convert_to_numpy(x).item()) as number;
}

async function zerosIn(x: PyObject): Promise<number> {
  return Array.from((await toJs(x)).data as Float32Array).filter((v) => v === 0).length;
}

describe("live methods (silently wrong when recorded)", () => {
  it("`if (training)` sees each call's flag: no dropout at inference", async () => {
    const layer = new CustomDropout(0.5);
    const x = keras.ops.ones(tuple(8, 64));
    expect(await zerosIn(layer(x, { training: false }))).toBe(0);
    expect(await zerosIn(layer(x))).toBe(0);
    expect(await zerosIn(layer(x, { training: true }))).toBeGreaterThan(0);
    expect(await zerosIn(layer(x, { training: false }))).toBe(0);
    expect(await methodKinds(layer)).toEqual({ call: "live" });
  });

  it("a metric's `if (sample_weight !== null)` works in fit, with and without sample weights", async () => {
    class WeightedSum extends pyClass(keras.metrics.Metric) {
      constructor(name = "weighted_sum", kwargs = {}) {
        super({ name, ...kwargs });
        this.total = this.add_variable({ shape: tuple(), initializer: "zeros", name: "total" });
      }
      update_state(y_true: PyObject, y_pred: PyObject, sample_weight: PyObject | null = null) {
        let values = keras.ops.reshape(keras.ops.cast(y_true, "float32"), tuple(-1));
        if (sample_weight !== null) {
          values = keras.ops.multiply(values, keras.ops.reshape(keras.ops.cast(sample_weight, "float32"), tuple(-1)));
        }
        this.total.assign_add(keras.ops.sum(values));
      }
      result() {
        return this.total;
      }
      reset_state() {
        this.total.assign(0);
      }
    }
    const metric = new WeightedSum();
    expect(await inspect.signature(metric.update_state).__str__()).toBe("(y_true, y_pred, sample_weight=None)");
    metric.update_state(np.ones(tuple(4, 1)), np.ones(tuple(4, 1)));
    expect(await scalar(metric.result())).toBeCloseTo(4);
    (metric as PyObject).update_state(np.ones(tuple(4, 1)), np.ones(tuple(4, 1)), { sample_weight: np.full(tuple(4, 1), 0.5) });
    expect(await scalar(metric.result())).toBeCloseTo(6);

    const input = keras.Input(tuple(3));
    const model = keras.Model(input, keras.layers.Dense(1)(input));
    model.compile({ loss: "mse", optimizer: "sgd", weighted_metrics: [new WeightedSum()] });
    const x = np.ones(tuple(8, 3));
    const y = np.ones(tuple(8, 1));
    const plain = await model.fit(x, y, { epochs: 1, batch_size: 4, verbose: 0 });
    expect((await plain.history).weighted_sum[0]).toBeCloseTo(8);
    const weighted = await model.fit(x, y, { sample_weight: np.full(tuple(8), 0.25), epochs: 1, batch_size: 4, verbose: 0 });
    expect((await weighted.history).weighted_sum[0]).toBeCloseTo(2);
  });

  it("a method reads the current value of a JS variable, not the one it had when the class was made", async () => {
    let a = 1;
    class SayA extends pyClass(py.builtins.object) {
      say_a() {
        return a;
      }
    }
    const obj = new SayA();
    expect(await obj.say_a()).toBe(1);
    a = 2;
    expect(await obj.say_a()).toBe(2);
  });
});

describe("signatures", () => {
  it("use the parameter names as written, even where esbuild renamed them", async () => {
    class Masked extends pyClass(keras.layers.Layer) {
      override call(inputs: PyObject, training: unknown = null, mask: unknown = null) {
        return inputs;
      }
    }
    expect(await inspect.signature(new Masked().call).__str__()).toBe("(inputs, training=None, mask=None)");
  });

  it("are the names as written under `node --import tsx`, whose esbuild renamed them", async () => {
    const fixture = fileURLToPath(new URL("./fixtures/renamed-parameters.ts", import.meta.url));
    const r = await execa("node", ["--import", "tsx", fixture], { reject: false, all: true });
    expect(r.exitCode, r.all).toBe(0);
    const printed = JSON.parse(r.stdout.trim().split("\n").at(-1)!);
    expect(printed.source).toMatch(/mask2/); // what esbuild made of it
    expect(printed.call).toBe("(inputs, training=None, mask=None)");
    expect(printed.update).toBe("(y_true, sample_weight=None)");
  });

  it("give optional parameters a None default in Python, and the JS default where Python passes None", async () => {
    class Defaults extends pyClass(py.builtins.object) {
      scaled(x: number, factor: number | null = 3) {
        return factor === null ? "null" : x * factor;
      }
    }
    const d: PyObject = new Defaults();
    expect(await inspect.signature(d.scaled).__str__()).toBe("(x, factor=None)");
    expect(await d.scaled(2)).toBe(6); // left out: the JS default
    expect(await d.scaled(2, 5)).toBe(10);
    expect(await d.scaled(2, { factor: 4 })).toBe(8); // by keyword
    expect(await d.scaled(2, null)).toBe(6); // None, Python's own default: the JS default
  });

  it("accept **kwargs for `...rest` and for a trailing options object", async () => {
    class Kw extends pyClass(py.builtins.object) {
      rest(first: unknown, ...more: unknown[]) {
        return [first, ...more];
      }
      options(first: unknown, kwargs: Record<string, unknown> = {}) {
        return [first, kwargs];
      }
      destructured(first: unknown, { scale = 1, shift = 0 }: { scale?: number; shift?: number } = {}) {
        return (first as number) * scale + shift;
      }
    }
    const k: PyObject = new Kw();
    expect(await inspect.signature(k.rest).__str__()).toBe("(first, *args, **kwargs)");
    expect(await inspect.signature(k.options).__str__()).toBe("(first, **kwargs)");
    expect(await k.rest(1, 2, 3)).toEqual([1, 2, 3]);
    expect(await k.rest(1, 2, { a: 3 })).toEqual([1, 2, { a: 3 }]);
    expect(await k.options(1, { a: 2, b: 3 })).toEqual([1, { a: 2, b: 3 }]);
    expect(await k.options(1)).toEqual([1, {}]);
    expect(await k.destructured(2, { scale: 10, shift: 1 })).toBe(21);
    expect(await k.destructured(2)).toBe(2);
  });
});

describe("the constructor is __init__", () => {
  class Linear extends pyClass(keras.layers.Layer) {
    constructor(units = 32, kwargs = {}) {
      super(kwargs);
      this.units = units;
    }
    build(input_shape: PyObject) {
      this.w = this.add_weight({ shape: tuple(input_shape[-1], this.units), initializer: "random_normal", trainable: true });
      this.b = this.add_weight({ shape: tuple(this.units), initializer: "random_normal", trainable: true });
    }
    override call(inputs: PyObject) {
      return keras.ops.add(keras.ops.matmul(inputs, this.w), this.b);
    }
    get_config() {
      const config = super.get_config();
      config.update({ units: this.units });
      return config;
    }
    get double_units() {
      return keras.ops.multiply(this.units, 2);
    }
  }

  it("from_config runs the JS constructor, with get_config's own config", async () => {
    const layer = new Linear(64, { name: "linear" });
    const config = layer.get_config();
    expect(await config).toMatchObject({ units: 64, name: "linear" });
    const copy = Linear.from_config(config);
    expect(await copy.units).toBe(64);
    expect(await copy.name).toBe("linear");
    expect(await Linear.from_config({ units: 3 }).units).toBe(3);
    expect(await inspect.signature(py.builtins.type(layer).__init__).__str__()).toBe("(self, units=None, **kwargs)");
  });

  it("Python code that makes an instance runs it too: the class passed to Python is the Python class", async () => {
    const make = py.eval("lambda cls: cls(5, name='from_python')");
    const layer = make(Linear);
    expect(await layer.units).toBe(5);
    expect(await layer.name).toBe("from_python");
    expect(await py.builtins.isinstance(layer, Linear)).toBe(true);
  });

  it("getters are Python properties", async () => {
    const layer = new Linear(7);
    expect(await scalar(layer.double_units)).toBe(14);
    const isProperty = py.eval("lambda obj: isinstance(type(obj).__dict__['double_units'], property)");
    expect(await isProperty(layer)).toBe(true);
  });

  it("a model saved with the layer loads with custom_objects naming the JS class", async () => {
    const { mkdtempSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const file = join(mkdtempSync(join(tmpdir(), "pyclass-")), "model.keras");
    const input = keras.Input(tuple(4));
    const model = keras.Model(input, new Linear(3)(input));
    const x = np.ones(tuple(2, 4));
    const before = await toJs(model.predict(x, { verbose: 0 }));
    await model.save(file);
    const loaded = keras.models.load_model(file, { custom_objects: dict({ Linear }) });
    expect(await loaded.layers[1].__class__.__name__).toBe("Linear");
    expect(await loaded.layers[1].units).toBe(3);
    expect(Array.from((await toJs(loaded.predict(x, { verbose: 0 }))).data as Float32Array)).toEqual(Array.from(before.data as Float32Array));
  });
});

describe("a JS class extending a pyClass() class", () => {
  let scaledConstructions = 0;
  class Scaled extends pyClass(keras.layers.Layer) {
    constructor(factor = 2, kwargs = {}) {
      super(kwargs);
      scaledConstructions++;
      this.factor = factor;
    }
    override call(inputs: PyObject) {
      return keras.ops.multiply(inputs, this.factor);
    }
    describe() {
      return "scaled";
    }
  }
  class Shifted extends Scaled {
    static override recorded = ["call"];
    constructor(factor = 2, shift = 1, kwargs = {}) {
      super(factor, kwargs);
      this.shift = shift;
    }
    override call(inputs: PyObject) {
      return keras.ops.add(super.call(inputs), this.shift);
    }
    get_config() {
      const config = super.get_config(); // Layer's: no JS class of the chain defines get_config
      config.update({ factor: this.factor, shift: this.shift });
      return config;
    }
  }

  it("is a Python subclass of that class' Python class, with only its own members", async () => {
    const layer = new Shifted(3, 1, { name: "shifted" });
    expect(await py.builtins.isinstance(layer, Scaled)).toBe(true);
    expect(await py.builtins.issubclass(Shifted, Scaled)).toBe(true);
    expect(await py.eval("lambda c: sorted(k for k in vars(c) if not k.startswith('__'))")(Shifted)).toEqual(["call", "get_config"]);
    expect(await methodKinds(layer)).toEqual({ call: "recorded", describe: "live", get_config: "live" });
    expect(await layer.describe()).toBe("scaled");
    const x = keras.ops.ones(tuple(2, 2));
    expect(Array.from((await toJs(layer(x))).data as Float32Array)).toEqual([4, 4, 4, 4]);
  });

  it("runs its constructor chain once when Python makes an instance, from_config too", async () => {
    const before = scaledConstructions;
    const made = py.eval("lambda cls: cls(5, shift=2, name='made')")(Shifted);
    expect([await made.factor, await made.shift, await made.name]).toEqual([5, 2, "made"]);
    expect(scaledConstructions).toBe(before + 1);
    const copy = Shifted.from_config(made.get_config());
    expect([await copy.factor, await copy.shift, await copy.name]).toEqual([5, 2, "made"]);
    expect(await py.builtins.type(copy).__name__).toBe("Shifted");
  });
});

describe("recorded methods (opt-in)", () => {
  class RecordedDropout extends pyClass(keras.layers.Layer) {
    static override recorded = ["call"];
    override call(inputs: PyObject, training: boolean | null = null) {
      if (training) return keras.random.dropout(inputs, { rate: 0.5 });
      return inputs;
    }
  }

  it("are recorded once per distinct non-tensor argument, so `if (training)` holds", async () => {
    const layer = new RecordedDropout();
    expect(await methodKinds(layer)).toEqual({ call: "recorded" });
    const x = keras.ops.ones(tuple(8, 64));
    expect(await zerosIn(layer(x, { training: false }))).toBe(0);
    expect(await zerosIn(layer(x, { training: true }))).toBeGreaterThan(0);
    expect(await zerosIn(layer(x))).toBe(0);
    expect(await zerosIn(layer(x, { training: true }))).toBeGreaterThan(0);
    // One recording each for training=False, training=True and training left out; the fourth call replays.
    const recordings = py.eval("lambda layer: len(type(layer).call.__globals__['_invoke'].cache)");
    expect(await recordings(layer)).toBe(3);
  });

  it("train inside fit", async () => {
    const input = keras.Input(tuple(4));
    const model = keras.Model(input, keras.layers.Dense(1)(new RecordedDropout()(input)));
    model.compile({ loss: "mse", optimizer: "sgd" });
    const history = await model.fit(np.ones(tuple(8, 4)), np.ones(tuple(8, 1)), { epochs: 2, batch_size: 4, verbose: 0 });
    expect((await history.history).loss).toHaveLength(2);
  });

  it("are refused with a clear error where they cannot be recorded", async () => {
    class Converts extends pyClass(keras.layers.Layer) {
      static override recorded = ["call"];
      override call(inputs: PyObject) {
        return `${inputs}`; // needs the tensor's value in JS
      }
    }
    await expect(new Converts()(keras.ops.ones(tuple(2)))).rejects.toThrow(/Converts\.call\(·\) could not be recorded/);
    class Async extends pyClass(keras.layers.Layer) {
      static override recorded = ["call"];
      override async call(inputs: PyObject) {
        return inputs;
      }
    }
    expect(() => new Async()).toThrow(/Async\.call is async: it needs JS at each call and cannot be recorded/);
    class Unknown extends pyClass(keras.layers.Layer) {
      static override recorded = ["cal"];
      override call(inputs: PyObject) {
        return inputs;
      }
    }
    expect(() => new Unknown()).toThrow(/Unknown\.recorded names cal, which is not a method/);
  });
});
