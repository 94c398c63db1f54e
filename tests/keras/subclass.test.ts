// Python subclasses written in TypeScript: a custom Keras layer used inside keras.Model and trained by fit.
import { afterAll, describe, expect, it } from "vitest";
import { attr, dict, isinstance, item, kerasCallback, methodKinds, py, pyClass, setItem, toJs, tuple, type PyObject } from "../../src/index.js";
import { parametersOf } from "../../src/keras/parameters.js";

afterAll(() => py.shutdown());

process.env.KERAS_BACKEND = "torch";
const keras = py.import("keras", { convert: false });
const torch = py.import("torch", { convert: false });

/** y = x * w, with one trainable weight per feature: the "Scale" layer of Keras' subclassing guide, recorded. */
// (`override call`: PyObject is callable, so `call` overrides Function.prototype.call for noImplicitOverride.)
class Scale extends pyClass(keras.layers.Layer) {
  static override recorded = ["build", "call"];
  build(input_shape: PyObject) {
    this.w = this.add_weight({ shape: tuple(input_shape[-1]), initializer: "ones", trainable: true, name: "w" });
  }
  override call(x: PyObject) {
    return keras.ops.multiply(x, this.w);
  }
}

/** The same layer, live (the default), with a method that awaits. */
class LoggedScale extends pyClass(keras.layers.Layer) {
  build(input_shape: PyObject) {
    this.w = this.add_weight({ shape: tuple(input_shape[-1]), initializer: "ones", name: "w" });
  }
  override async call(x: PyObject, training: PyObject | boolean = false) {
    // Arguments arrive as handles (tensors stay in Python); toJs reads a JS value, which needs JS at each call.
    calls.push(await toJs(training));
    return keras.ops.multiply(x, this.w);
  }
}
const calls: unknown[] = [];

async function trainedWeights(layer: PyObject): Promise<{ before: number[]; after: number[]; model: PyObject }> {
  const input = keras.Input(tuple(4));
  const output = keras.layers.Dense(1)(layer(input));
  const model = keras.Model(input, output);
  model.compile({ loss: "mse", optimizer: keras.optimizers.SGD({ learning_rate: 0.1 }) });
  const before = Array.from((await toJs(layer.w)).data as Float32Array);
  await model.fit(torch.rand(32, 4), torch.rand(32, 1), { epochs: 2, batch_size: 8, verbose: 0 });
  const after = Array.from((await toJs(layer.w)).data as Float32Array);
  return { before, after, model };
}

describe("pyClass", () => {
  it("makes a real Keras layer whose recorded methods train inside keras.Model", async () => {
    const layer = new Scale({ name: "scale" });
    expect(await isinstance(layer, keras.layers.Layer)).toBe(true);
    expect(await layer.name).toBe("scale");
    expect(await methodKinds(layer)).toEqual({ build: "recorded", call: "recorded" });
    const { before, after, model } = await trainedWeights(layer);
    expect(before).toEqual([1, 1, 1, 1]);
    expect(after).not.toEqual(before); // fit trained the TypeScript layer's weight
    expect(await model.count_params()).toBe(4 + 5);
    expect(await model.layers[1].__class__.__name__).toBe("Scale");
  });

  it("runs live methods, an async one too, with Keras' training flag", async () => {
    const layer = new LoggedScale();
    expect(await methodKinds(layer)).toEqual({ build: "live", call: "live" });
    const { before, after } = await trainedWeights(layer);
    expect(after).not.toEqual(before);
    expect(calls).toContain(true); // fit calls the layer with training=True
    expect(calls.every((c) => typeof c === "boolean")).toBe(true); // and an async method never ran on placeholders
  });

  it("subclasses a concrete layer, with constructor arguments and calls to the base's methods", async () => {
    class BiasedDense extends pyClass(keras.layers.Dense) {
      build(input_shape: PyObject) {
        keras.layers.Dense.build(this, input_shape); // Python's super().build(input_shape)
        this.extra = this.add_weight({ shape: tuple(1), initializer: "zeros", name: "extra" });
      }
      override call(x: PyObject) {
        return keras.ops.add(attr(keras.layers.Dense, "call")(this, x), this.extra); // super().call(x)
      }
    }
    const layer = new BiasedDense(3, { activation: "relu" });
    expect(await methodKinds(layer)).toEqual({ build: "live", call: "live" });
    const input = keras.Input(tuple(4));
    const model = keras.Model(input, layer(input));
    expect(await model.count_params()).toBe(4 * 3 + 3 + 1);
    expect(await layer.units).toBe(3);
    model.compile({ loss: "mse", optimizer: "sgd" });
    await model.fit(torch.rand(8, 4), torch.rand(8, 3), { epochs: 1, verbose: 0 });
  });

  it("makes a subclassed keras.Model, its layers set in the TypeScript constructor", async () => {
    class TwoLayerModel extends pyClass(keras.Model) {
      constructor(units: number) {
        super(); // Python's super().__init__()
        this.hidden = keras.layers.Dense(units, { activation: "relu" });
        this.out = keras.layers.Dense(1);
      }
      override call(x: PyObject) {
        return this.out(this.hidden(x));
      }
    }
    const model = new TwoLayerModel(8);
    model.compile({ loss: "mse", optimizer: "sgd" });
    const history = await model.fit(torch.rand(16, 4), torch.rand(16, 1), { epochs: 2, batch_size: 8, verbose: 0 });
    expect((await history.history).loss).toHaveLength(2);
    expect(await model.count_params()).toBe(4 * 8 + 8 + 8 + 1);
    expect((await model.predict(torch.rand(3, 4), { verbose: 0 })).shape).toEqual([3, 1]);
    expect(await methodKinds(model)).toEqual({ call: "live" });
  });

  it("makes static methods Python classmethods: Keras' deserialization calls a TypeScript from_config", async () => {
    // Keras' serialization guide: CustomModel's `@classmethod from_config` deserializes the sublayer it was given.
    class Wrapper extends pyClass(keras.layers.Layer) {
      constructor(inner: PyObject, kwargs = {}) {
        super(kwargs);
        this.inner = inner;
      }
      get_config() {
        const config = super.get_config();
        config.update({ inner: this.inner });
        return config;
      }
      static override from_config(config: PyObject) {
        setItem(config, "inner", keras.layers.deserialize(item(config, "inner")));
        return py.x`${this}(**${config})`; // cls(**config): `this` is the class
      }
      override call(x: PyObject) {
        return this.inner(x);
      }
    }
    const layer = new Wrapper(keras.layers.Dense(3), { name: "wrapper" });
    const rebuilt = keras.layers.deserialize(keras.layers.serialize(layer), { custom_objects: dict({ Wrapper }) });
    expect(await py.builtins.type(rebuilt.inner).__name__).toBe("Dense"); // not the config dict
    expect(await rebuilt(torch.rand(2, 4)).shape).toEqual([2, 3]);
    expect(await rebuilt.name).toBe("wrapper");
    expect(await py.eval("lambda c: isinstance(vars(c)['from_config'], classmethod)")(Wrapper)).toBe(true);
    expect(await methodKinds(rebuilt)).toEqual({ get_config: "live", from_config: "live", call: "live" });
  });

  it("reuses one Python class per TypeScript class", async () => {
    const a = new Scale();
    const b = new Scale();
    expect(await py.builtins.id(a.__class__)).toBe(await py.builtins.id(b.__class__));
  });

  it("works with callbacks during the same fit", async () => {
    const epochs: number[] = [];
    const input = keras.Input(tuple(4));
    const model = keras.Model(input, new Scale()(input));
    model.compile({ loss: "mse", optimizer: "sgd" });
    await model.fit(torch.rand(8, 4), torch.rand(8, 4), {
      epochs: 2,
      verbose: 0,
      callbacks: [kerasCallback({ on_epoch_end: (epoch) => void epochs.push(epoch) })],
    });
    expect(epochs).toEqual([0, 1]);
  });

  it("rejects what is not a Python class, and needs new", () => {
    expect(() => pyClass({} as never)).toThrow(/base 0 must be a Python class/);
    expect(() => pyClass()).toThrow(/at least one Python class/);
    const Base = pyClass(keras.layers.Layer);
    expect(() => (Base as unknown as () => void)()).toThrow(/with new/);
  });

  it("reads JS parameter names and defaults, which Keras inspects", () => {
    class Example {
      call(inputs: unknown, training = false, mask: unknown = null) {
        return [inputs, training, mask];
      }
      many(a: unknown, { b }: { b: unknown }, ...rest: unknown[]) {
        return [a, b, rest];
      }
    }
    expect(parametersOf(Example.prototype.call)).toEqual({ params: ["inputs", "training", "mask"], required: 1, rest: false, options: false });
    expect(parametersOf(Example.prototype.many)).toEqual({ params: ["a", "arg1"], required: 2, rest: true, options: false });
  });
});
