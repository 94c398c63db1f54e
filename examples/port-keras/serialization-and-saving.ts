// Keras 3 guide "Save, serialize, and export models" (serialization_and_saving.py beside this file: keras-io
// guides/serialization_and_saving.py, by Neel Kovelamudi and Francois Chollet), ported line for line; each section
// is a function that returns what the test compares (see the .py for the changes made to both files).
// Run: npx tsx examples/port-keras/serialization-and-saving.ts
//
// Differences from the Python text that TypeScript forced:
// - Decorators are calls: `@keras.saving.register_keras_serializable(package="MyLayers")` above a class is
//   `keras.saving.register_keras_serializable({ package: "MyLayers" })(CustomLayer)` after it (a pyClass class
//   passed to Python is its Python class, so Keras registers that).
// - `custom_fn` is a Python function (`py.exec`): a JS function can be an activation, but Keras cannot serialize
//   it (it is not a Python function, and each time a JS function crosses to Python it is a new Python object,
//   so the one registered is not the one the layer holds): `model.save` raises "Cannot serialize object
//   <JavaScript function N>".
// - `@classmethod def from_config(cls, config)` is `static from_config(config)`: a static method of a pyClass
//   class is a Python classmethod, `this` the class; `cls(**config)` is py.x`${this}(**${config})`, and
//   `config["first_layer"] = ...` is `setItem(config, "first_layer", ...)`.
// - MyDense's keyword-only parameters (`*, kernel_regularizer=None, ...`) and `**kwargs` are one options object.
// - `np.testing.assert_allclose(a, b)` is awaited; `x * self.factor` and `x**2` are py.x templates;
//   `pretrained_model.layers[:-1]` is py.x`${...}[:-1]`; `[v.name for v in model.weights]` is a py.x comprehension;
//   `with keras.saving.custom_object_scope(...)` is `withPy`; `assert` is a thrown Error.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { dict, item, len, py, pyClass, setItem, tuple, withPy, type PyObject } from "tsreticulate";

process.env.KERAS_BACKEND = "torch";

const np = py.import("numpy", { convert: false });
const keras = py.import("keras", { convert: false });
const ops = keras.ops;

export const SEED = 1337;

async function largest_difference(a: PyObject, b: PyObject) {
  await np.testing.assert_allclose(a, b);
  return (await py.builtins.float(np.max(np.abs(py.x`${a} - ${b}`)))) as number;
}

// ## Saving
export async function saving(folder: string) {
  keras.utils.set_random_seed(SEED);

  function get_model() {
    // Create a simple model.
    const inputs = keras.Input({ shape: tuple(32) });
    const outputs = keras.layers.Dense(1)(inputs);
    const model = keras.Model(inputs, outputs);
    model.compile({ optimizer: keras.optimizers.Adam(), loss: "mean_squared_error" });
    return model;
  }

  const model = get_model();

  // Train the model.
  const test_input = np.random.random(tuple(128, 32));
  const test_target = np.random.random(tuple(128, 1));
  await model.fit(test_input, test_target, { verbose: 0 });

  // Calling `save('my_model.keras')` creates a zip archive `my_model.keras`.
  await model.save(join(folder, "my_model.keras"));

  // It can be used to reconstruct the model identically.
  const reconstructed_model = keras.models.load_model(join(folder, "my_model.keras"));

  // Let's check:
  return {
    difference: await largest_difference(model.predict(test_input, { verbose: 0 }), reconstructed_model.predict(test_input, { verbose: 0 })),
    prediction: await model.predict(py.x`${test_input}[:2]`, { verbose: 0 }).tolist(),
  };
}

// #### Registering custom objects (**preferred**)
// Upon registration, you can optionally specify a package or a name.
// If left blank, the package defaults to `Custom` and the name defaults to
// the class name.
export class CustomLayer extends pyClass(keras.layers.Layer) {
  constructor(factor: number) {
    super();
    this.factor = factor;
  }

  override call(x: PyObject) {
    return py.x`${x} * ${this.factor}`;
  }

  get_config() {
    return { factor: this.factor };
  }
}

export async function custom_objects(folder: string) {
  // Clear all previously registered custom objects
  keras.saving.get_custom_objects().clear();

  keras.saving.register_keras_serializable({ package: "MyLayers" })(CustomLayer);

  py.exec("def custom_fn(x):\n    return x**2");
  const custom_fn = keras.saving.register_keras_serializable({ package: "my_package", name: "custom_fn" })(py.eval("custom_fn"));

  // Create the model.
  function get_model() {
    const inputs = keras.Input({ shape: tuple(4) });
    const mid = new CustomLayer(0.5)(inputs);
    const outputs = keras.layers.Dense(1, { activation: custom_fn })(mid);
    const model = keras.Model(inputs, outputs);
    model.compile({ optimizer: "rmsprop", loss: "mean_squared_error" });
    return model;
  }

  // Train the model.
  async function train_model(model: PyObject) {
    const input = np.random.random(tuple(4, 4));
    const target = np.random.random(tuple(4, 1));
    await model.fit(input, target, { verbose: 0 });
    return model;
  }

  keras.utils.set_random_seed(SEED);
  const test_input = np.random.random(tuple(4, 4));
  const test_target = np.random.random(tuple(4, 1));

  let model = get_model();
  model = await train_model(model);
  await model.save(join(folder, "custom_model.keras"));

  // Now, we can simply load without worrying about our custom objects.
  let reconstructed_model = keras.models.load_model(join(folder, "custom_model.keras"));

  // Let's check:
  const registered = await largest_difference(model.predict(test_input, { verbose: 0 }), reconstructed_model.predict(test_input, { verbose: 0 }));

  // #### Passing custom objects to `load_model()`
  model = get_model();
  model = await train_model(model);

  // Calling `save('my_model.keras')` creates a zip archive `my_model.keras`.
  await model.save(join(folder, "custom_model.keras"));

  // Upon loading, pass a dict containing the custom objects used in the
  // `custom_objects` argument of `keras.models.load_model()`.
  reconstructed_model = keras.models.load_model(join(folder, "custom_model.keras"), {
    custom_objects: dict({ CustomLayer: CustomLayer, custom_fn: custom_fn }),
  });

  // Let's check:
  const passed = await largest_difference(model.predict(test_input, { verbose: 0 }), reconstructed_model.predict(test_input, { verbose: 0 }));

  // #### Using a custom object scope
  model = get_model();
  model = await train_model(model);
  await model.save(join(folder, "custom_model.keras"));

  // Pass the custom objects dictionary to a custom object scope and place
  // the `keras.models.load_model()` call within the scope.
  const custom_objects = dict({ CustomLayer: CustomLayer, custom_fn: custom_fn });

  await withPy(keras.saving.custom_object_scope(custom_objects), () => {
    reconstructed_model = keras.models.load_model(join(folder, "custom_model.keras"));
  });

  // Let's check:
  const scoped = await largest_difference(model.predict(test_input, { verbose: 0 }), reconstructed_model.predict(test_input, { verbose: 0 }));
  return {
    registered,
    passed,
    scoped,
    prediction: await model.predict(test_input, { verbose: 0 }).tolist(),
    layer_config: await reconstructed_model.layers[1].get_config(),
  };
}

// ### Model serialization
export async function model_serialization() {
  keras.utils.set_random_seed(SEED);
  let inputs = keras.Input(tuple(32));
  let outputs = keras.layers.Dense(1)(inputs);
  let model = keras.Model(inputs, outputs);

  let new_model = keras.models.clone_model(model);
  const cloned = [await py.builtins.type(new_model).__name__, await new_model.count_params()];

  const layer = keras.layers.Dense(3, { activation: "relu" });
  const layer_config = layer.get_config();
  console.log(await layer_config);

  const new_layer = keras.layers.Dense.from_config(layer_config);

  model = keras.Sequential([keras.Input(tuple(32)), keras.layers.Dense(1)]);
  let config = model.get_config();
  new_model = keras.Sequential.from_config(config);
  const sequential = [await py.builtins.type(new_model).__name__, await new_model.count_params()];

  inputs = keras.Input(tuple(32));
  outputs = keras.layers.Dense(1)(inputs);
  model = keras.Model(inputs, outputs);
  config = model.get_config();
  new_model = keras.Model.from_config(config);
  const functional = [await py.builtins.type(new_model).__name__, await new_model.count_params()];

  model = keras.Sequential([keras.Input(tuple(32)), keras.layers.Dense(1)]);
  const json_config = model.to_json();
  new_model = keras.models.model_from_json(json_config);
  const from_json = [await py.builtins.type(new_model).__name__, await new_model.count_params()];

  const my_reg = keras.regularizers.L1(0.005);
  config = keras.saving.serialize_keras_object(my_reg);
  console.log(await config);

  const new_reg = keras.saving.deserialize_keras_object(config);
  const { name: _name, ...layerConfigWithoutName } = (await layer_config) as Record<string, unknown>;
  return {
    cloned,
    layer_config: layerConfigWithoutName,
    new_layer_units: await new_layer.units,
    sequential,
    functional,
    from_json,
    regularizer_config: await config,
    new_reg: [await py.builtins.type(new_reg).__name__, await py.builtins.float(new_reg.l1)],
  };
}

// ### Model weights saving
export class SubclassedModel extends pyClass(keras.Model) {
  constructor(output_dim: number, name: string | null = null) {
    super({ name: name });
    this.output_dim = output_dim;
    this.dense_1 = keras.layers.Dense(64, { activation: "relu", name: "dense_1" });
    this.dense_2 = keras.layers.Dense(64, { activation: "relu", name: "dense_2" });
    this.dense_3 = keras.layers.Dense(output_dim, { name: "predictions" });
  }

  override call(inputs: PyObject) {
    let x = this.dense_1(inputs);
    x = this.dense_2(x);
    x = this.dense_3(x);
    return x;
  }

  get_config() {
    return { output_dim: this.output_dim, name: this.name };
  }
}

export class NestedDenseLayer extends pyClass(keras.layers.Layer) {
  constructor(units: number, name: string | null = null) {
    super({ name: name });
    this.dense_1 = keras.layers.Dense(units, { name: "dense_1" });
    this.dense_2 = keras.layers.Dense(units, { name: "dense_2" });
  }

  override call(inputs: PyObject) {
    return this.dense_2(this.dense_1(inputs));
  }
}

export async function model_weights_saving(folder: string) {
  keras.utils.set_random_seed(SEED);

  function create_layer() {
    const layer = keras.layers.Dense(64, { activation: "relu", name: "dense_2" });
    layer.build(tuple(null, 784));
    return layer;
  }

  const layer_1 = create_layer();
  const layer_2 = create_layer();

  // Copy weights from layer 1 to layer 2
  layer_2.set_weights(layer_1.get_weights());
  const layers_equal = await largest_difference(layer_1.get_weights()[0], layer_2.get_weights()[0]);

  // Create a simple functional model
  let inputs = keras.Input({ shape: tuple(784), name: "digits" });
  let x = keras.layers.Dense(64, { activation: "relu", name: "dense_1" })(inputs);
  x = keras.layers.Dense(64, { activation: "relu", name: "dense_2" })(x);
  let outputs = keras.layers.Dense(10, { name: "predictions" })(x);
  let functional_model = keras.Model({ inputs: inputs, outputs: outputs, name: "3_layer_mlp" });

  const subclassed_model = new SubclassedModel(10);
  // Call the subclassed model once to create the weights.
  subclassed_model(np.ones(tuple(1, 784)));

  // Copy weights from functional_model to subclassed_model.
  subclassed_model.set_weights(functional_model.get_weights());

  if ((await len(functional_model.weights)) !== (await len(subclassed_model.weights))) throw new Error("assert");
  const pairs = (await py.builtins.list(py.builtins.zip(functional_model.weights, subclassed_model.weights))) as PyObject[][];
  for (const [a, b] of pairs) {
    await np.testing.assert_allclose(a!.numpy(), b!.numpy());
  }
  const subclassed_output = await subclassed_model(np.ones(tuple(1, 784))).detach().numpy().tolist();

  inputs = keras.Input({ shape: tuple(784), name: "digits" });
  x = keras.layers.Dense(64, { activation: "relu", name: "dense_1" })(inputs);
  x = keras.layers.Dense(64, { activation: "relu", name: "dense_2" })(x);
  outputs = keras.layers.Dense(10, { name: "predictions" })(x);
  functional_model = keras.Model({ inputs: inputs, outputs: outputs, name: "3_layer_mlp" });

  inputs = keras.Input({ shape: tuple(784), name: "digits" });
  x = keras.layers.Dense(64, { activation: "relu", name: "dense_1" })(inputs);
  x = keras.layers.Dense(64, { activation: "relu", name: "dense_2" })(x);

  // Add a dropout layer, which does not contain any weights.
  x = keras.layers.Dropout(0.5)(x);
  outputs = keras.layers.Dense(10, { name: "predictions" })(x);
  const functional_model_with_dropout = keras.Model({ inputs: inputs, outputs: outputs, name: "3_layer_mlp" });

  functional_model_with_dropout.set_weights(functional_model.get_weights());

  // Runnable example
  const sequential_model = keras.Sequential([
    keras.Input({ shape: tuple(784), name: "digits" }),
    keras.layers.Dense(64, { activation: "relu", name: "dense_1" }),
    keras.layers.Dense(64, { activation: "relu", name: "dense_2" }),
    keras.layers.Dense(10, { name: "predictions" }),
  ]);
  await sequential_model.save_weights(join(folder, "my_model.weights.h5"));
  await sequential_model.load_weights(join(folder, "my_model.weights.h5"));

  const nested_model = keras.Sequential([keras.Input(tuple(784)), new NestedDenseLayer(10, "nested")]);
  const variable_names = (await py.x`[v.name for v in ${nested_model}.weights]`) as string[];
  console.log(`variables: ${variable_names}`);

  console.log("\nChanging trainable status of one of the nested layers...");
  nested_model.get_layer("nested").dense_1.trainable = false;

  const variable_names_2 = (await py.x`[v.name for v in ${nested_model}.weights]`) as string[];
  console.log(`\nvariables: ${variable_names_2}`);
  console.log("variable ordering changed:", JSON.stringify(variable_names) !== JSON.stringify(variable_names_2));

  // ##### **Transfer learning example**
  function create_functional_model() {
    const inputs = keras.Input({ shape: tuple(784), name: "digits" });
    let x = keras.layers.Dense(64, { activation: "relu", name: "dense_1" })(inputs);
    x = keras.layers.Dense(64, { activation: "relu", name: "dense_2" })(x);
    const outputs = keras.layers.Dense(10, { name: "predictions" })(x);
    return keras.Model({ inputs: inputs, outputs: outputs, name: "3_layer_mlp" });
  }

  functional_model = create_functional_model();
  await functional_model.save_weights(join(folder, "pretrained.weights.h5"));

  // In a separate program:
  const pretrained_model = create_functional_model();
  await pretrained_model.load_weights(join(folder, "pretrained.weights.h5"));

  // Create a new model by extracting layers from the original model:
  const extracted_layers = py.x`${pretrained_model.layers}[:-1]`;
  extracted_layers.append(keras.layers.Dense(5, { name: "dense_3" }));
  const model = keras.Sequential(extracted_layers);
  await model.summary();
  return {
    layers_equal,
    subclassed_output,
    subclassed_config: await subclassed_model.get_config(),
    variable_names,
    variable_names_2,
    transfer: [...((await py.x`[layer.name for layer in ${model}.layers]`) as string[]), await model.count_params()],
  };
}

/** A serialized config without the layers' names, which count instances in the process (my_dense_3). */
export function without_names(config: unknown): unknown {
  if (Array.isArray(config)) return config.map(without_names);
  if (config !== null && typeof config === "object") {
    return Object.fromEntries(Object.entries(config).filter(([k]) => k !== "name").map(([k, v]) => [k, without_names(v)]));
  }
  return config;
}

// ### Appendix: Handling custom objects
export class MyDense extends pyClass(keras.layers.Layer) {
  constructor(
    units: number,
    { kernel_regularizer = null, kernel_initializer = null, nested_model = null, ...kwargs }: Record<string, unknown> = {},
  ) {
    super(kwargs);
    this.hidden_units = units;
    this.kernel_regularizer = kernel_regularizer;
    this.kernel_initializer = kernel_initializer;
    this.nested_model = nested_model;
  }

  get_config() {
    const config = super.get_config();
    // Update the config with the custom layer's parameters
    config.update({
      units: this.hidden_units,
      kernel_regularizer: this.kernel_regularizer,
      kernel_initializer: this.kernel_initializer,
      nested_model: this.nested_model,
    });
    return config;
  }

  build(input_shape: PyObject) {
    const input_units = input_shape[-1];
    this.kernel = this.add_weight({
      name: "kernel",
      shape: tuple(input_units, this.hidden_units),
      regularizer: this.kernel_regularizer,
      initializer: this.kernel_initializer,
    });
  }

  override call(inputs: PyObject) {
    return ops.matmul(inputs, this.kernel);
  }
}

export class CustomModel extends pyClass(keras.layers.Layer) {
  constructor(first_layer: PyObject, second_layer: PyObject | null = null, kwargs = {}) {
    super(kwargs);
    this.first_layer = first_layer;
    if (second_layer !== null) {
      this.second_layer = second_layer;
    } else {
      this.second_layer = keras.layers.Dense(8);
    }
  }

  get_config() {
    const config = super.get_config();
    config.update({
      first_layer: this.first_layer,
      second_layer: this.second_layer,
    });
    return config;
  }

  static override from_config(config: PyObject) {
    // Note that you can also use `keras.saving.deserialize_keras_object` here
    setItem(config, "first_layer", keras.layers.deserialize(item(config, "first_layer")));
    setItem(config, "second_layer", keras.layers.deserialize(item(config, "second_layer")));
    return py.x`${this}(**${config})`;
  }

  override call(inputs: PyObject) {
    return this.first_layer(this.second_layer(inputs));
  }
}

export async function handling_custom_objects() {
  keras.utils.set_random_seed(SEED);
  keras.saving.register_keras_serializable({ package: "MyLayers", name: "KernelMult" })(MyDense);

  // #### Defining the config methods
  let layer = new MyDense(16, { kernel_regularizer: "l1", kernel_initializer: "ones" });
  const layer3 = new MyDense(64, { nested_model: layer });

  const config = keras.layers.serialize(layer3);

  console.log(await config);

  const new_layer = keras.layers.deserialize(config);

  console.log(await new_layer);

  // #### How custom objects are serialized
  const layer_l1l2 = new MyDense(16, {
    kernel_regularizer: keras.regularizers.L1L2({ l1: 1e-5, l2: 1e-4 }),
    kernel_initializer: "ones",
  });
  const config_l1l2 = keras.layers.serialize(layer_l1l2);
  console.log(await config_l1l2);
  const methods = {
    config: without_names(await config),
    new_layer: [await py.builtins.type(new_layer).__name__, await new_layer.hidden_units, await py.builtins.type(new_layer.nested_model).__name__],
    config_l1l2: without_names(await config_l1l2),
  };

  keras.saving.register_keras_serializable({ package: "ComplexModels" })(CustomModel);

  layer = new MyDense(16, { kernel_regularizer: "l1", kernel_initializer: "ones" });
  // Let's make our first layer the custom layer from the previous example (MyDense)
  const inputs = keras.Input(tuple(32));
  const outputs = new CustomModel(layer)(inputs);
  const model = keras.Model(inputs, outputs);

  const model_config = model.get_config();
  const new_model = keras.Model.from_config(model_config);
  const data = np.random.random(tuple(2, 32));
  return {
    config_methods: methods,
    new_model: [await py.builtins.type(new_model.layers[1]).__name__, await py.builtins.type(new_model.layers[1].first_layer).__name__],
    output_shape: await new_model(data).shape,
  };
}

export async function main(folder: string) {
  return {
    saving: await saving(folder),
    custom_objects: await custom_objects(folder),
    model_serialization: await model_serialization(),
    model_weights_saving: await model_weights_saving(folder),
    handling_custom_objects: await handling_custom_objects(),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const folder = mkdtempSync(join(tmpdir(), "serialization-and-saving-"));
  try {
    await main(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
    await py.shutdown();
  }
}
