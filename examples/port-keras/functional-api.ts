// Keras 3 guide "The Functional API" (functional_api.py beside this file: keras-io guides/functional_api.py, by
// fchollet), ported line for line; each section is a function that returns what it built, on data made in place
// (see functional_api.py for those changes, the same in both files). Run: npx tsx examples/port-keras/functional-api.ts
//
// Differences from the Python text that TypeScript forced:
// - Keyword arguments are a trailing object (`Dense(64, { activation: "relu" })`), tuples are `tuple(...)`,
//   `None` is `null`. A dict is `dict({...})` where it is an argument (`model.fit(dict({ title: ... }), ...)`:
//   a trailing plain object is the keyword arguments) and where Keras' generated types take any value
//   (`outputs=`, `loss=`, `loss_weights=`: a plain object there would read as a misspelled keyword object).
// - Operators and slicing are Python expression templates: `x_train.reshape(...) / 255`,
//   `ops.matmul(inputs, self.w) + self.b`, `h + self.projection_2(state)`, `x_train[:1000]` and
//   `inputs[:, t, :]` become py.x`${...} / 255` and so on; the comprehension
//   `[layer.output for layer in vgg19.layers]` is py.x`[layer.output for layer in ${vgg19}.layers]`.
// - A value printed or used as a JS value is awaited (`await inputs.shape`, `await test_scores`); `print(x)` is
//   `console.log(...)`, and a shape prints as a JS array (`[ 1, 10, 32 ]` for `torch.Size([1, 10, 32])`).
// - Classes subclass `pyClass(layers.Layer)`: `self` is `this`, `__init__` is the constructor. `CustomRNN.call`
//   loops `inputs.shape[1]` times, a JS number, so it is `async` (it awaits the shape) and runs in TypeScript at
//   each call, as a JS callback. The second `CustomDense`'s `get_config()` returns a plain object, which reaches
//   Python as the dict the guide returns; the class itself goes into `custom_objects` (`{ CustomDense:
//   CustomDense }`, a plain object inside the keyword object, so a dict): passed to Python, it is its Python
//   class, whose `__init__` is the JS constructor, so `keras.Model.from_config` rebuilds the layer with it.
// - `del model` has no TypeScript form: `model` is simply assigned again.
// - Left out, as in functional_api.py: the `keras.utils.plot_model(...)` calls (pydot and graphviz).
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { dict, py, pyClass, tuple, type PyObject } from "tsreticulate";

process.env.KERAS_BACKEND = "torch";
const np = py.import("numpy", { convert: false });
const keras = py.import("keras", { convert: false });
const layers = keras.layers;
const ops = keras.ops;

/** keras.datasets.mnist.load_data(), made in place: uint8 images (N, 28, 28), uint8 labels (N,). */
export function load_mnist() {
  const x_train = np.random.randint(0, 256, { size: tuple(600, 28, 28) }).astype("uint8");
  const y_train = np.random.randint(0, 10, { size: tuple(600) }).astype("uint8");
  const x_test = np.random.randint(0, 256, { size: tuple(100, 28, 28) }).astype("uint8");
  const y_test = np.random.randint(0, 10, { size: tuple(100) }).astype("uint8");
  return [[x_train, y_train], [x_test, y_test]] as const;
}

/** keras.datasets.cifar10.load_data(), made in place: uint8 images (N, 32, 32, 3), uint8 labels (N, 1). */
export function load_cifar10() {
  const x_train = np.random.randint(0, 256, { size: tuple(200, 32, 32, 3) }).astype("uint8");
  const y_train = np.random.randint(0, 10, { size: tuple(200, 1) }).astype("uint8");
  const x_test = np.random.randint(0, 256, { size: tuple(50, 32, 32, 3) }).astype("uint8");
  const y_test = np.random.randint(0, 10, { size: tuple(50, 1) }).astype("uint8");
  return [[x_train, y_train], [x_test, y_test]] as const;
}

export async function introduction() {
  const inputs = keras.Input({ shape: tuple(784) });

  // Just for demonstration purposes.
  const img_inputs = keras.Input({ shape: tuple(32, 32, 3) });

  console.log(await inputs.shape);
  console.log(await inputs.dtype);

  const dense = layers.Dense(64, { activation: "relu" });
  let x = dense(inputs);

  x = layers.Dense(64, { activation: "relu" })(x);
  const outputs = layers.Dense(10)(x);

  const model = keras.Model({ inputs: inputs, outputs: outputs, name: "mnist_model" });

  await model.summary();
  return { inputs, img_inputs, model };
}

export async function training_evaluation_and_inference(model: PyObject) {
  let [[x_train, y_train], [x_test, y_test]] = load_mnist();

  x_train = py.x`${x_train.reshape(600, 784).astype("float32")} / 255`;
  x_test = py.x`${x_test.reshape(100, 784).astype("float32")} / 255`;

  model.compile({
    loss: keras.losses.SparseCategoricalCrossentropy({ from_logits: true }),
    optimizer: keras.optimizers.RMSprop(),
    metrics: ["accuracy"],
  });

  const history = model.fit(
    x_train, y_train, { batch_size: 64, epochs: 2, validation_split: 0.2 }
  );

  const test_scores = await model.evaluate(x_test, y_test, { verbose: 2 });
  console.log("Test loss:", test_scores[0]);
  console.log("Test accuracy:", test_scores[1]);
  return { history, test_scores };
}

export async function save_and_serialize(model: PyObject, folder: string) {
  await model.save(join(folder, "my_model.keras"));
  // Recreate the exact same model purely from the file:
  model = keras.models.load_model(join(folder, "my_model.keras"));
  return { model };
}

export async function same_graph_of_layers_for_multiple_models() {
  const encoder_input = keras.Input({ shape: tuple(28, 28, 1), name: "img" });
  let x = layers.Conv2D(16, 3, { activation: "relu" })(encoder_input);
  x = layers.Conv2D(32, 3, { activation: "relu" })(x);
  x = layers.MaxPooling2D(3)(x);
  x = layers.Conv2D(32, 3, { activation: "relu" })(x);
  x = layers.Conv2D(16, 3, { activation: "relu" })(x);
  const encoder_output = layers.GlobalMaxPooling2D()(x);

  const encoder = keras.Model(encoder_input, encoder_output, { name: "encoder" });
  await encoder.summary();

  x = layers.Reshape(tuple(4, 4, 1))(encoder_output);
  x = layers.Conv2DTranspose(16, 3, { activation: "relu" })(x);
  x = layers.Conv2DTranspose(32, 3, { activation: "relu" })(x);
  x = layers.UpSampling2D(3)(x);
  x = layers.Conv2DTranspose(16, 3, { activation: "relu" })(x);
  const decoder_output = layers.Conv2DTranspose(1, 3, { activation: "relu" })(x);

  const autoencoder = keras.Model(encoder_input, decoder_output, { name: "autoencoder" });
  await autoencoder.summary();
  return { encoder, autoencoder };
}

export async function models_are_callable() {
  const encoder_input = keras.Input({ shape: tuple(28, 28, 1), name: "original_img" });
  let x = layers.Conv2D(16, 3, { activation: "relu" })(encoder_input);
  x = layers.Conv2D(32, 3, { activation: "relu" })(x);
  x = layers.MaxPooling2D(3)(x);
  x = layers.Conv2D(32, 3, { activation: "relu" })(x);
  x = layers.Conv2D(16, 3, { activation: "relu" })(x);
  const encoder_output = layers.GlobalMaxPooling2D()(x);

  const encoder = keras.Model(encoder_input, encoder_output, { name: "encoder" });
  await encoder.summary();

  const decoder_input = keras.Input({ shape: tuple(16), name: "encoded_img" });
  x = layers.Reshape(tuple(4, 4, 1))(decoder_input);
  x = layers.Conv2DTranspose(16, 3, { activation: "relu" })(x);
  x = layers.Conv2DTranspose(32, 3, { activation: "relu" })(x);
  x = layers.UpSampling2D(3)(x);
  x = layers.Conv2DTranspose(16, 3, { activation: "relu" })(x);
  const decoder_output = layers.Conv2DTranspose(1, 3, { activation: "relu" })(x);

  const decoder = keras.Model(decoder_input, decoder_output, { name: "decoder" });
  await decoder.summary();

  const autoencoder_input = keras.Input({ shape: tuple(28, 28, 1), name: "img" });
  const encoded_img = encoder(autoencoder_input);
  const decoded_img = decoder(encoded_img);
  const autoencoder = keras.Model(autoencoder_input, decoded_img, { name: "autoencoder" });
  await autoencoder.summary();
  return { encoder, decoder, autoencoder };
}

export function ensembling() {
  function get_model() {
    const inputs = keras.Input({ shape: tuple(128) });
    const outputs = layers.Dense(1)(inputs);
    return keras.Model(inputs, outputs);
  }

  const model1 = get_model();
  const model2 = get_model();
  const model3 = get_model();

  const inputs = keras.Input({ shape: tuple(128) });
  const y1 = model1(inputs);
  const y2 = model2(inputs);
  const y3 = model3(inputs);
  const outputs = layers.average([y1, y2, y3]);
  const ensemble_model = keras.Model({ inputs: inputs, outputs: outputs });
  return { ensemble_model };
}

export async function multiple_inputs_and_outputs() {
  const num_tags = 12; // Number of unique issue tags
  const num_words = 10000; // Size of vocabulary obtained when preprocessing text data
  const num_departments = 4; // Number of departments for predictions

  const title_input = keras.Input(
    { shape: tuple(null), name: "title" }
  ); // Variable-length sequence of ints
  const body_input = keras.Input(
    { shape: tuple(null), name: "body" }
  ); // Variable-length sequence of ints
  const tags_input = keras.Input(
    { shape: tuple(num_tags), name: "tags" }
  ); // Binary vectors of size `num_tags`

  // Embed each word in the title into a 64-dimensional vector
  let title_features = layers.Embedding(num_words, 64)(title_input);
  // Embed each word in the text into a 64-dimensional vector
  let body_features = layers.Embedding(num_words, 64)(body_input);

  // Reduce sequence of embedded words in the title into a single 128-dimensional vector
  title_features = layers.LSTM(128)(title_features);
  // Reduce sequence of embedded words in the body into a single 32-dimensional vector
  body_features = layers.LSTM(32)(body_features);

  // Merge all available features into a single large vector via concatenation
  const x = layers.concatenate([title_features, body_features, tags_input]);

  // Stick a logistic regression for priority prediction on top of the features
  const priority_pred = layers.Dense(1, { name: "priority" })(x);
  // Stick a department classifier on top of the features
  const department_pred = layers.Dense(num_departments, { name: "department" })(x);

  // Instantiate an end-to-end model predicting both priority and department
  const model = keras.Model({
    inputs: [title_input, body_input, tags_input],
    outputs: dict({ priority: priority_pred, department: department_pred }),
  });

  model.compile({
    optimizer: keras.optimizers.RMSprop(1e-3),
    loss: [
      keras.losses.BinaryCrossentropy({ from_logits: true }),
      keras.losses.CategoricalCrossentropy({ from_logits: true }),
    ],
    loss_weights: [1.0, 0.2],
  });

  model.compile({
    optimizer: keras.optimizers.RMSprop(1e-3),
    loss: dict({
      priority: keras.losses.BinaryCrossentropy({ from_logits: true }),
      department: keras.losses.CategoricalCrossentropy({ from_logits: true }),
    }),
    loss_weights: dict({ priority: 1.0, department: 0.2 }),
  });

  // Dummy input data
  const title_data = np.random.randint(num_words, { size: tuple(64, 10) });
  const body_data = np.random.randint(num_words, { size: tuple(64, 100) });
  const tags_data = np.random.randint(2, { size: tuple(64, num_tags) }).astype("float32");

  // Dummy target data
  const priority_targets = np.random.random({ size: tuple(64, 1) });
  const dept_targets = np.random.randint(2, { size: tuple(64, num_departments) });

  const history = await model.fit(
    dict({ title: title_data, body: body_data, tags: tags_data }),
    dict({ priority: priority_targets, department: dept_targets }),
    {
      epochs: 2,
      batch_size: 32,
    },
  );
  return { model, history };
}

export async function toy_resnet() {
  const inputs = keras.Input({ shape: tuple(32, 32, 3), name: "img" });
  let x = layers.Conv2D(32, 3, { activation: "relu" })(inputs);
  x = layers.Conv2D(64, 3, { activation: "relu" })(x);
  const block_1_output = layers.MaxPooling2D(3)(x);

  x = layers.Conv2D(64, 3, { activation: "relu", padding: "same" })(block_1_output);
  x = layers.Conv2D(64, 3, { activation: "relu", padding: "same" })(x);
  const block_2_output = layers.add([x, block_1_output]);

  x = layers.Conv2D(64, 3, { activation: "relu", padding: "same" })(block_2_output);
  x = layers.Conv2D(64, 3, { activation: "relu", padding: "same" })(x);
  const block_3_output = layers.add([x, block_2_output]);

  x = layers.Conv2D(64, 3, { activation: "relu" })(block_3_output);
  x = layers.GlobalAveragePooling2D()(x);
  x = layers.Dense(256, { activation: "relu" })(x);
  x = layers.Dropout(0.5)(x);
  const outputs = layers.Dense(10)(x);

  const model = keras.Model(inputs, outputs, { name: "toy_resnet" });
  await model.summary();

  let [[x_train, y_train], [x_test, y_test]] = load_cifar10();

  x_train = py.x`${x_train.astype("float32")} / 255.0`;
  x_test = py.x`${x_test.astype("float32")} / 255.0`;
  y_train = keras.utils.to_categorical(y_train, 10);
  y_test = keras.utils.to_categorical(y_test, 10);

  model.compile({
    optimizer: keras.optimizers.RMSprop(1e-3),
    loss: keras.losses.CategoricalCrossentropy({ from_logits: true }),
    metrics: ["acc"],
  });
  // We restrict the data to the first 1000 samples so as to limit execution time
  // on Colab. Try to train on the entire dataset until convergence!
  const history = await model.fit(
    py.x`${x_train}[:1000]`,
    py.x`${y_train}[:1000]`,
    {
      batch_size: 64,
      epochs: 1,
      validation_split: 0.2,
    },
  );
  return { model, history };
}

export function shared_layers() {
  // Embedding for 1000 unique words mapped to 128-dimensional vectors
  const shared_embedding = layers.Embedding(1000, 128);

  // Variable-length sequence of integers
  const text_input_a = keras.Input({ shape: tuple(null), dtype: "int32" });

  // Variable-length sequence of integers
  const text_input_b = keras.Input({ shape: tuple(null), dtype: "int32" });

  // Reuse the same layer to encode both inputs
  const encoded_input_a = shared_embedding(text_input_a);
  const encoded_input_b = shared_embedding(text_input_b);
  return { shared_embedding, encoded_input_a, encoded_input_b };
}

export function extract_and_reuse_nodes() {
  const vgg19 = keras.applications.VGG19({ weights: null });

  const features_list = py.x`[layer.output for layer in ${vgg19}.layers]`;

  const feat_extraction_model = keras.Model({ inputs: vgg19.input, outputs: features_list });

  const img = np.random.random(tuple(1, 224, 224, 3)).astype("float32");
  const extracted_features = feat_extraction_model(img);
  return { vgg19, features_list, feat_extraction_model, extracted_features };
}

export function custom_layers() {
  class CustomDense extends pyClass(layers.Layer) {
    constructor(units = 32) {
      super();
      this.units = units;
    }

    build(input_shape: PyObject) {
      this.w = this.add_weight({
        shape: tuple(input_shape[-1], this.units),
        initializer: "random_normal",
        trainable: true,
      });
      this.b = this.add_weight(
        { shape: tuple(this.units), initializer: "random_normal", trainable: true }
      );
    }

    override call(inputs: PyObject) {
      return py.x`${ops.matmul(inputs, this.w)} + ${this.b}`;
    }
  }

  const inputs = keras.Input(tuple(4));
  const outputs = new CustomDense(10)(inputs);

  const model = keras.Model(inputs, outputs);
  return { model, outputs };
}

export function custom_layer_serialization() {
  class CustomDense extends pyClass(layers.Layer) {
    constructor(units = 32) {
      super();
      this.units = units;
    }

    build(input_shape: PyObject) {
      this.w = this.add_weight({
        shape: tuple(input_shape[-1], this.units),
        initializer: "random_normal",
        trainable: true,
      });
      this.b = this.add_weight(
        { shape: tuple(this.units), initializer: "random_normal", trainable: true }
      );
    }

    override call(inputs: PyObject) {
      return py.x`${ops.matmul(inputs, this.w)} + ${this.b}`;
    }

    get_config() {
      return { units: this.units };
    }
  }

  const inputs = keras.Input(tuple(4));
  const outputs = new CustomDense(10)(inputs);

  const model = keras.Model(inputs, outputs);
  const config = model.get_config();

  const new_model = keras.Model.from_config(
    config, { custom_objects: { CustomDense: CustomDense } }
  );
  return { model, new_model };
}

export function mix_and_match() {
  const units = 32;
  const timesteps = 10;
  const input_dim = 5;

  // Define a Functional model
  const inputs = keras.Input(tuple(null, units));
  const x = layers.GlobalAveragePooling1D()(inputs);
  const outputs = layers.Dense(1)(x);
  const model = keras.Model(inputs, outputs);

  class CustomRNN extends pyClass(layers.Layer) {
    constructor() {
      super();
      this.units = units;
      this.projection_1 = layers.Dense({ units: units, activation: "tanh" });
      this.projection_2 = layers.Dense({ units: units, activation: "tanh" });
      // Our previously-defined Functional model
      this.classifier = model;
    }

    override async call(inputs: PyObject) {
      const outputs: PyObject[] = [];
      let state = ops.zeros({ shape: tuple(inputs.shape[0], this.units) });
      for (let t = 0, n = await inputs.shape[1]; t < n; t++) {
        const x = py.x`${inputs}[:, ${t}, :]`;
        const h = this.projection_1(x);
        const y = py.x`${h} + ${this.projection_2(state)}`;
        state = y;
        outputs.push(y);
      }
      const features = ops.stack(outputs, { axis: 1 });
      console.log(await features.shape);
      return this.classifier(features);
    }
  }

  const rnn_model = new CustomRNN();
  const _ = rnn_model(ops.zeros(tuple(1, timesteps, input_dim)));
  return { rnn_model, output: _ };
}

export function custom_rnn_in_a_functional_model() {
  const units = 32;
  const timesteps = 10;
  const input_dim = 5;
  const batch_size = 16;

  class CustomRNN extends pyClass(layers.Layer) {
    constructor() {
      super();
      this.units = units;
      this.projection_1 = layers.Dense({ units: units, activation: "tanh" });
      this.projection_2 = layers.Dense({ units: units, activation: "tanh" });
      this.classifier = layers.Dense(1);
    }

    override async call(inputs: PyObject) {
      const outputs: PyObject[] = [];
      let state = ops.zeros({ shape: tuple(inputs.shape[0], this.units) });
      for (let t = 0, n = await inputs.shape[1]; t < n; t++) {
        const x = py.x`${inputs}[:, ${t}, :]`;
        const h = this.projection_1(x);
        const y = py.x`${h} + ${this.projection_2(state)}`;
        state = y;
        outputs.push(y);
      }
      const features = ops.stack(outputs, { axis: 1 });
      return this.classifier(features);
    }
  }

  // Note that you specify a static batch size for the inputs with the `batch_shape`
  // arg, because the inner computation of `CustomRNN` requires a static batch size
  // (when you create the `state` zeros tensor).
  const inputs = keras.Input({ batch_shape: tuple(batch_size, timesteps, input_dim) });
  const x = layers.Conv1D(32, 3)(inputs);
  const outputs = new CustomRNN()(x);

  const model = keras.Model(inputs, outputs);

  const rnn_model = new CustomRNN();
  const _ = rnn_model(ops.zeros(tuple(1, 10, 5)));
  return { model, rnn_model, output: _ };
}

export async function main(folder = "."): Promise<void> {
  const built = await introduction();
  await training_evaluation_and_inference(built.model);
  await save_and_serialize(built.model, folder);
  await same_graph_of_layers_for_multiple_models();
  await models_are_callable();
  await ensembling().ensemble_model;
  await multiple_inputs_and_outputs();
  await toy_resnet();
  await shared_layers().encoded_input_b;
  await extract_and_reuse_nodes().extracted_features;
  await custom_layers().model;
  await custom_layer_serialization().new_model;
  await mix_and_match().output;
  await custom_rnn_in_a_functional_model().output;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
  await py.shutdown();
}
