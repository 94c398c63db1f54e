"""Keras 3 guide "Training & evaluation with the built-in methods" (fchollet; keras-io
guides/training_with_built_in_methods.py, last modified 2023/03/25), section by section, each section a function
that returns what the test compares. training-with-built-in-methods.ts is its TypeScript port.

Changes from the guide's text, the same in both files:
- Random arrays of MNIST's shapes stand in for `keras.datasets.mnist.load_data()` (no download): 320 training rows
  (256 after the 64 held out for validation) and 64 test rows, so that each fit is a few batches of 64. Each
  section starts with `keras.utils.set_random_seed(SEED)` and makes its data, so that the Python and the TypeScript
  runs, in one Python process, draw the same numbers: the test compares their losses and metrics.
- Epochs are 1 or 2 where the guide has 3 or 20 (EarlyStopping: 3 epochs, patience 1).
- Left out: the `tf.data` sections (TensorFlow is not in the environment; the same cases run with numpy arrays,
  a PyDataset and a DataLoader), `keras.utils.plot_model` (pydot, graphviz) and the TensorBoard callback.
- Checkpoints go to a folder the caller gives (the guide writes to the working directory); the
  "every 100 batches" ModelCheckpoint saves every 2 batches.
- Of the guide's six `compile` calls on the multi-input, multi-output model, two are kept: the one with a dict of
  losses, metrics and `loss_weights`, and the list of losses it trains with.
- Bare expressions the guide leaves for the notebook (`history.history`) are returned.
"""
import os

os.environ.setdefault("KERAS_BACKEND", "torch")

import torch
import numpy as np
import keras
from keras import layers
from keras import ops

SEED = 1337


def load_mnist():
    """keras.datasets.mnist.load_data(), made in place: uint8 images (N, 28, 28), uint8 labels (N,)."""
    x_train = np.random.randint(0, 256, size=(320, 28, 28)).astype("uint8")
    y_train = np.random.randint(0, 10, size=(320,)).astype("uint8")
    x_test = np.random.randint(0, 256, size=(64, 28, 28)).astype("uint8")
    y_test = np.random.randint(0, 10, size=(64,)).astype("uint8")
    return (x_train, y_train), (x_test, y_test)


def mnist_arrays():
    """The guide's preprocessing of MNIST: flattened float32 images in [0, 1], float32 labels, 64 held out."""
    (x_train, y_train), (x_test, y_test) = load_mnist()

    # Preprocess the data (these are NumPy arrays)
    x_train = x_train.reshape(320, 784).astype("float32") / 255
    x_test = x_test.reshape(64, 784).astype("float32") / 255

    y_train = y_train.astype("float32")
    y_test = y_test.astype("float32")

    # Reserve 64 samples for validation (the guide's 10,000)
    x_val = x_train[-64:]
    y_val = y_train[-64:]
    x_train = x_train[:-64]
    y_train = y_train[:-64]
    return x_train, y_train, x_val, y_val, x_test, y_test


def get_uncompiled_model():
    inputs = keras.Input(shape=(784,), name="digits")
    x = layers.Dense(64, activation="relu", name="dense_1")(inputs)
    x = layers.Dense(64, activation="relu", name="dense_2")(x)
    outputs = layers.Dense(10, activation="softmax", name="predictions")(x)
    model = keras.Model(inputs=inputs, outputs=outputs)
    return model


def get_compiled_model():
    model = get_uncompiled_model()
    model.compile(
        optimizer="rmsprop",
        loss="sparse_categorical_crossentropy",
        metrics=["sparse_categorical_accuracy"],
    )
    return model


# ## API overview: a first end-to-end example
def api_overview():
    keras.utils.set_random_seed(SEED)
    x_train, y_train, x_val, y_val, x_test, y_test = mnist_arrays()

    inputs = keras.Input(shape=(784,), name="digits")
    x = layers.Dense(64, activation="relu", name="dense_1")(inputs)
    x = layers.Dense(64, activation="relu", name="dense_2")(x)
    outputs = layers.Dense(10, activation="softmax", name="predictions")(x)

    model = keras.Model(inputs=inputs, outputs=outputs)

    model.compile(
        optimizer=keras.optimizers.RMSprop(),  # Optimizer
        # Loss function to minimize
        loss=keras.losses.SparseCategoricalCrossentropy(),
        # List of metrics to monitor
        metrics=[keras.metrics.SparseCategoricalAccuracy()],
    )

    print("Fit model on training data")
    history = model.fit(
        x_train,
        y_train,
        batch_size=64,
        epochs=2,
        # We pass some validation for
        # monitoring validation loss and metrics
        # at the end of each epoch
        validation_data=(x_val, y_val),
        verbose=0,
    )

    # Evaluate the model on the test data using `evaluate`
    print("Evaluate on test data")
    results = model.evaluate(x_test, y_test, batch_size=128, verbose=0)
    print("test loss, test acc:", results)

    # Generate predictions (probabilities -- the output of the last layer)
    # on new data using `predict`
    print("Generate predictions for 3 samples")
    predictions = model.predict(x_test[:3], verbose=0)
    print("predictions shape:", predictions.shape)
    return {
        "history": history.history,
        "results": results,
        "predictions_shape": list(predictions.shape),
        "predictions": predictions.tolist(),
    }


# ### Custom losses
def custom_mean_squared_error(y_true, y_pred):
    return ops.mean(ops.square(y_true - y_pred), axis=-1)


class CustomMSE(keras.losses.Loss):
    def __init__(self, regularization_factor=0.1, name="custom_mse"):
        super().__init__(name=name)
        self.regularization_factor = regularization_factor

    def call(self, y_true, y_pred):
        mse = ops.mean(ops.square(y_true - y_pred), axis=-1)
        reg = ops.mean(ops.square(0.5 - y_pred), axis=-1)
        return mse + reg * self.regularization_factor


def custom_losses():
    keras.utils.set_random_seed(SEED)
    x_train, y_train, *_ = mnist_arrays()

    model = get_uncompiled_model()
    model.compile(optimizer=keras.optimizers.Adam(), loss=custom_mean_squared_error)

    # We need to one-hot encode the labels to use MSE
    y_train_one_hot = ops.one_hot(y_train, num_classes=10)
    function_history = model.fit(x_train, y_train_one_hot, batch_size=64, epochs=1, verbose=0)

    model = get_uncompiled_model()
    model.compile(optimizer=keras.optimizers.Adam(), loss=CustomMSE())

    y_train_one_hot = ops.one_hot(y_train, num_classes=10)
    class_history = model.fit(x_train, y_train_one_hot, batch_size=64, epochs=1, verbose=0)
    return {"function": function_history.history, "class": class_history.history}


# ### Custom metrics
class CategoricalTruePositives(keras.metrics.Metric):
    def __init__(self, name="categorical_true_positives", **kwargs):
        super().__init__(name=name, **kwargs)
        self.true_positives = self.add_variable(
            shape=(), name="ctp", initializer="zeros"
        )

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = ops.reshape(ops.argmax(y_pred, axis=1), (-1, 1))
        values = ops.cast(y_true, "int32") == ops.cast(y_pred, "int32")
        values = ops.cast(values, "float32")
        if sample_weight is not None:
            sample_weight = ops.cast(sample_weight, "float32")
            values = ops.multiply(values, sample_weight)
        self.true_positives.assign_add(ops.sum(values))

    def result(self):
        return self.true_positives

    def reset_state(self):
        # The state of the metric will be reset at the start of each epoch.
        self.true_positives.assign(0)


def custom_metrics():
    keras.utils.set_random_seed(SEED)
    x_train, y_train, *_ = mnist_arrays()

    model = get_uncompiled_model()
    model.compile(
        optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
        loss=keras.losses.SparseCategoricalCrossentropy(),
        metrics=[CategoricalTruePositives()],
    )
    history = model.fit(x_train, y_train, batch_size=64, epochs=2, verbose=0)
    return history.history


# ### Handling losses and metrics that don't fit the standard signature
class ActivityRegularizationLayer(layers.Layer):
    def call(self, inputs):
        self.add_loss(ops.sum(inputs) * 0.1)
        return inputs  # Pass-through layer.


class LogisticEndpoint(keras.layers.Layer):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.loss_fn = keras.losses.BinaryCrossentropy(from_logits=True)

    def call(self, targets, logits, sample_weights=None):
        # Compute the training-time loss value and add it
        # to the layer using `self.add_loss()`.
        loss = self.loss_fn(targets, logits, sample_weights)
        self.add_loss(loss)

        # Return the inference-time prediction tensor (for `.predict()`).
        return ops.softmax(logits)


def non_standard_signature():
    keras.utils.set_random_seed(SEED)
    x_train, y_train, *_ = mnist_arrays()

    inputs = keras.Input(shape=(784,), name="digits")
    x = layers.Dense(64, activation="relu", name="dense_1")(inputs)

    # Insert activity regularization as a layer
    x = ActivityRegularizationLayer()(x)

    x = layers.Dense(64, activation="relu", name="dense_2")(x)
    outputs = layers.Dense(10, name="predictions")(x)

    model = keras.Model(inputs=inputs, outputs=outputs)
    model.compile(
        optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    )

    # The displayed loss will be much higher than before
    # due to the regularization component.
    regularized = model.fit(x_train, y_train, batch_size=64, epochs=1, verbose=0)

    inputs = keras.Input(shape=(3,), name="inputs")
    targets = keras.Input(shape=(10,), name="targets")
    logits = keras.layers.Dense(10)(inputs)
    predictions = LogisticEndpoint(name="predictions")(targets, logits)

    model = keras.Model(inputs=[inputs, targets], outputs=predictions)
    model.compile(optimizer="adam")  # No loss argument!

    data = {
        "inputs": np.random.random((3, 3)),
        "targets": np.random.random((3, 10)),
    }
    endpoint = model.fit(data, verbose=0)
    return {"activity_regularization": regularized.history, "logistic_endpoint": endpoint.history}


# ### Automatically setting apart a validation holdout set
def validation_split():
    keras.utils.set_random_seed(SEED)
    x_train, y_train, *_ = mnist_arrays()

    model = get_compiled_model()
    history = model.fit(x_train, y_train, batch_size=64, validation_split=0.2, epochs=1, verbose=0)
    return history.history


# ## Training & evaluation using `PyDataset` instances
class ExamplePyDataset(keras.utils.PyDataset):
    def __init__(self, x, y, batch_size, **kwargs):
        super().__init__(**kwargs)
        self.x = x
        self.y = y
        self.batch_size = batch_size

    def __len__(self):
        return int(np.ceil(len(self.x) / float(self.batch_size)))

    def __getitem__(self, idx):
        batch_x = self.x[idx * self.batch_size : (idx + 1) * self.batch_size]
        batch_y = self.y[idx * self.batch_size : (idx + 1) * self.batch_size]
        return batch_x, batch_y


def py_dataset(workers=1):
    keras.utils.set_random_seed(SEED)
    x_train, y_train, x_val, y_val, *_ = mnist_arrays()

    train_py_dataset = ExamplePyDataset(x_train, y_train, batch_size=32, workers=workers)
    val_py_dataset = ExamplePyDataset(x_val, y_val, batch_size=32, workers=workers)

    model = get_compiled_model()
    history = model.fit(
        train_py_dataset, batch_size=64, validation_data=val_py_dataset, epochs=1, verbose=0
    )
    evaluation = model.evaluate(val_py_dataset, verbose=0)
    return {"length": len(train_py_dataset), "history": history.history, "evaluate": evaluation}


# ## Training & evaluation using PyTorch `DataLoader` objects
class ExampleTorchDataset(torch.utils.data.Dataset):
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __len__(self):
        return len(self.x)

    def __getitem__(self, idx):
        return self.x[idx], self.y[idx]


def torch_dataloader():
    keras.utils.set_random_seed(SEED)
    x_train, y_train, x_val, y_val, *_ = mnist_arrays()

    train_torch_dataset = ExampleTorchDataset(x_train, y_train)
    val_torch_dataset = ExampleTorchDataset(x_val, y_val)

    train_dataloader = torch.utils.data.DataLoader(
        train_torch_dataset, batch_size=32, shuffle=True
    )
    val_dataloader = torch.utils.data.DataLoader(
        val_torch_dataset, batch_size=32, shuffle=True
    )

    model = get_compiled_model()
    history = model.fit(
        train_dataloader, batch_size=64, validation_data=val_dataloader, epochs=1, verbose=0
    )
    evaluation = model.evaluate(val_dataloader, verbose=0)
    return {"history": history.history, "evaluate": evaluation}


# ## Using sample weighting and class weighting
def sample_and_class_weights():
    keras.utils.set_random_seed(SEED)
    x_train, y_train, *_ = mnist_arrays()

    class_weight = {
        0: 1.0,
        1: 1.0,
        2: 1.0,
        3: 1.0,
        4: 1.0,
        # Set weight "2" for class "5",
        # making this class 2x more important
        5: 2.0,
        6: 1.0,
        7: 1.0,
        8: 1.0,
        9: 1.0,
    }

    print("Fit with class weight")
    model = get_compiled_model()
    class_history = model.fit(x_train, y_train, class_weight=class_weight, batch_size=64, epochs=1, verbose=0)

    sample_weight = np.ones(shape=(len(y_train),))
    sample_weight[y_train == 5] = 2.0

    print("Fit with sample weight")
    model = get_compiled_model()
    sample_history = model.fit(
        x_train, y_train, sample_weight=sample_weight, batch_size=64, epochs=1, verbose=0
    )
    return {"class_weight": class_history.history, "sample_weight": sample_history.history}


# ## Passing data to multi-input, multi-output models
def multi_input_multi_output():
    keras.utils.set_random_seed(SEED)
    image_input = keras.Input(shape=(32, 32, 3), name="img_input")
    timeseries_input = keras.Input(shape=(None, 10), name="ts_input")

    x1 = layers.Conv2D(3, 3)(image_input)
    x1 = layers.GlobalMaxPooling2D()(x1)

    x2 = layers.Conv1D(3, 3)(timeseries_input)
    x2 = layers.GlobalMaxPooling1D()(x2)

    x = layers.concatenate([x1, x2])

    score_output = layers.Dense(1, name="score_output")(x)
    class_output = layers.Dense(5, name="class_output")(x)

    model = keras.Model(
        inputs=[image_input, timeseries_input], outputs=[score_output, class_output]
    )

    model.compile(
        optimizer=keras.optimizers.RMSprop(1e-3),
        loss={
            "score_output": keras.losses.MeanSquaredError(),
            "class_output": keras.losses.CategoricalCrossentropy(),
        },
        metrics={
            "score_output": [
                keras.metrics.MeanAbsolutePercentageError(),
                keras.metrics.MeanAbsoluteError(),
            ],
            "class_output": [keras.metrics.CategoricalAccuracy()],
        },
        loss_weights={"score_output": 2.0, "class_output": 1.0},
    )
    model.compile(
        optimizer=keras.optimizers.RMSprop(1e-3),
        loss=[
            keras.losses.MeanSquaredError(),
            keras.losses.CategoricalCrossentropy(),
        ],
    )

    # Generate dummy NumPy data
    img_data = np.random.random_sample(size=(100, 32, 32, 3))
    ts_data = np.random.random_sample(size=(100, 20, 10))
    score_targets = np.random.random_sample(size=(100, 1))
    class_targets = np.random.random_sample(size=(100, 5))

    # Fit on lists
    lists = model.fit(
        [img_data, ts_data], [score_targets, class_targets], batch_size=32, epochs=1, verbose=0
    )

    # Alternatively, fit on dicts
    dicts = model.fit(
        {"img_input": img_data, "ts_input": ts_data},
        {"score_output": score_targets, "class_output": class_targets},
        batch_size=32,
        epochs=1,
        verbose=0,
    )
    return {"params": model.count_params(), "lists": lists.history, "dicts": dicts.history}


# ## Using callbacks
class LossHistory(keras.callbacks.Callback):
    def on_train_begin(self, logs):
        self.per_batch_losses = []

    def on_batch_end(self, batch, logs):
        self.per_batch_losses.append(logs.get("loss"))


def using_callbacks():
    keras.utils.set_random_seed(SEED)
    x_train, y_train, *_ = mnist_arrays()

    model = get_compiled_model()

    callbacks = [
        keras.callbacks.EarlyStopping(
            # Stop training when `val_loss` is no longer improving
            monitor="val_loss",
            # "no longer improving" being defined as "no better than 1e-2 less"
            min_delta=1e-2,
            # "no longer improving" being further defined as "for at least 1 epoch"
            patience=1,
            verbose=0,
        ),
        LossHistory(),
    ]
    history = model.fit(
        x_train,
        y_train,
        epochs=3,
        batch_size=64,
        callbacks=callbacks,
        validation_split=0.2,
        verbose=0,
    )
    return {"history": history.history, "per_batch_losses": callbacks[1].per_batch_losses}


# ## Checkpointing models
def checkpointing_models(folder):
    keras.utils.set_random_seed(SEED)
    x_train, y_train, *_ = mnist_arrays()

    model = get_compiled_model()

    callbacks = [
        keras.callbacks.ModelCheckpoint(
            # Path where to save the model
            # The two parameters below mean that we will overwrite
            # the current checkpoint if and only if
            # the `val_loss` score has improved.
            # The saved model name will include the current epoch.
            filepath=os.path.join(folder, "mymodel_{epoch}.keras"),
            save_best_only=True,  # Only save a model if `val_loss` has improved.
            monitor="val_loss",
            verbose=0,
        )
    ]
    model.fit(
        x_train,
        y_train,
        epochs=2,
        batch_size=64,
        callbacks=callbacks,
        validation_split=0.2,
        verbose=0,
    )
    best = sorted(name for name in os.listdir(folder) if name.startswith("mymodel_"))

    # Prepare a directory to store all the checkpoints.
    checkpoint_dir = os.path.join(folder, "ckpt")
    if not os.path.exists(checkpoint_dir):
        os.makedirs(checkpoint_dir)

    def make_or_restore_model():
        # Either restore the latest model, or create a fresh one
        # if there is no checkpoint available.
        checkpoints = [
            os.path.join(checkpoint_dir, name)
            for name in os.listdir(checkpoint_dir)
        ]
        if checkpoints:
            latest_checkpoint = max(checkpoints, key=os.path.getctime)
            print("Restoring from", latest_checkpoint)
            return keras.models.load_model(latest_checkpoint)
        print("Creating a new model")
        return get_compiled_model()

    model = make_or_restore_model()
    callbacks = [
        # This callback saves the model every 2 batches (the guide's 100).
        # We include the training loss in the saved model name.
        keras.callbacks.ModelCheckpoint(
            filepath=os.path.join(checkpoint_dir, "model-loss={loss:.2f}.keras"),
            save_freq=2,
        )
    ]
    model.fit(x_train, y_train, epochs=1, callbacks=callbacks, verbose=0)
    saved = len(os.listdir(checkpoint_dir))
    restored = make_or_restore_model()
    return {"best": best, "saved": saved, "restored_params": restored.count_params()}


# ## Using learning rate schedules
def learning_rate_schedules():
    initial_learning_rate = 0.1
    lr_schedule = keras.optimizers.schedules.ExponentialDecay(
        initial_learning_rate, decay_steps=100000, decay_rate=0.96, staircase=True
    )

    optimizer = keras.optimizers.RMSprop(learning_rate=lr_schedule)
    return {"at_0": float(lr_schedule(0)), "at_200000": float(lr_schedule(200000)), "optimizer": optimizer.name}


def main(folder):
    return {
        "api_overview": api_overview(),
        "custom_losses": custom_losses(),
        "custom_metrics": custom_metrics(),
        "non_standard_signature": non_standard_signature(),
        "validation_split": validation_split(),
        "py_dataset": py_dataset(),
        "torch_dataloader": torch_dataloader(),
        "sample_and_class_weights": sample_and_class_weights(),
        "multi_input_multi_output": multi_input_multi_output(),
        "using_callbacks": using_callbacks(),
        "checkpointing_models": checkpointing_models(folder),
        "learning_rate_schedules": learning_rate_schedules(),
    }


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        print(main(folder))
