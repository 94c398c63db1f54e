"""Keras 3 guide "Save, serialize, and export models" (Neel Kovelamudi, Francois Chollet; keras-io
guides/serialization_and_saving.py), section by section, each section a function that returns what the test
compares; serialization-and-saving.ts is its TypeScript port.

Changes from the guide's text, the same in both files:
- Files are written into a folder the caller gives (the guide writes into the working directory).
- Each section starts with `keras.utils.set_random_seed(SEED)`, so that the Python and TypeScript runs, in one
  Python process, draw the same numbers; `model.fit` and `model.predict` are given `verbose=0`.
- A config the guide prints is also returned, and `np.testing.assert_allclose(a, b)` is kept and its arrays'
  largest difference returned.
- The custom objects the guide defines at top level (CustomLayer, custom_fn, MyDense, CustomModel) are defined,
  decorated and so registered inside the section that uses them: the TypeScript port registers classes under the
  same names in the same process, and each section must find its own.
- Left out: the guide's first `CustomLayer` sketch (a code block in its text, not code it runs).
"""
import os

os.environ.setdefault("KERAS_BACKEND", "torch")

import numpy as np
import keras
from keras import ops

SEED = 1337


def largest_difference(a, b):
    np.testing.assert_allclose(a, b)
    return float(np.max(np.abs(a - b)))


# ## Saving
def saving(folder):
    keras.utils.set_random_seed(SEED)

    def get_model():
        # Create a simple model.
        inputs = keras.Input(shape=(32,))
        outputs = keras.layers.Dense(1)(inputs)
        model = keras.Model(inputs, outputs)
        model.compile(optimizer=keras.optimizers.Adam(), loss="mean_squared_error")
        return model

    model = get_model()

    # Train the model.
    test_input = np.random.random((128, 32))
    test_target = np.random.random((128, 1))
    model.fit(test_input, test_target, verbose=0)

    # Calling `save('my_model.keras')` creates a zip archive `my_model.keras`.
    model.save(os.path.join(folder, "my_model.keras"))

    # It can be used to reconstruct the model identically.
    reconstructed_model = keras.models.load_model(os.path.join(folder, "my_model.keras"))

    # Let's check:
    return {
        "difference": largest_difference(model.predict(test_input, verbose=0), reconstructed_model.predict(test_input, verbose=0)),
        "prediction": model.predict(test_input[:2], verbose=0).tolist(),
    }


def custom_objects(folder):
    # #### Registering custom objects (**preferred**)
    # Clear all previously registered custom objects
    keras.saving.get_custom_objects().clear()

    # Upon registration, you can optionally specify a package or a name.
    # If left blank, the package defaults to `Custom` and the name defaults to
    # the class name.
    @keras.saving.register_keras_serializable(package="MyLayers")
    class CustomLayer(keras.layers.Layer):
        def __init__(self, factor):
            super().__init__()
            self.factor = factor

        def call(self, x):
            return x * self.factor

        def get_config(self):
            return {"factor": self.factor}

    @keras.saving.register_keras_serializable(package="my_package", name="custom_fn")
    def custom_fn(x):
        return x**2

    # Create the model.
    def get_model():
        inputs = keras.Input(shape=(4,))
        mid = CustomLayer(0.5)(inputs)
        outputs = keras.layers.Dense(1, activation=custom_fn)(mid)
        model = keras.Model(inputs, outputs)
        model.compile(optimizer="rmsprop", loss="mean_squared_error")
        return model

    # Train the model.
    def train_model(model):
        input = np.random.random((4, 4))
        target = np.random.random((4, 1))
        model.fit(input, target, verbose=0)
        return model

    keras.utils.set_random_seed(SEED)
    test_input = np.random.random((4, 4))
    test_target = np.random.random((4, 1))

    model = get_model()
    model = train_model(model)
    model.save(os.path.join(folder, "custom_model.keras"))

    # Now, we can simply load without worrying about our custom objects.
    reconstructed_model = keras.models.load_model(os.path.join(folder, "custom_model.keras"))

    # Let's check:
    registered = largest_difference(model.predict(test_input, verbose=0), reconstructed_model.predict(test_input, verbose=0))

    # #### Passing custom objects to `load_model()`
    model = get_model()
    model = train_model(model)

    # Calling `save('my_model.keras')` creates a zip archive `my_model.keras`.
    model.save(os.path.join(folder, "custom_model.keras"))

    # Upon loading, pass a dict containing the custom objects used in the
    # `custom_objects` argument of `keras.models.load_model()`.
    reconstructed_model = keras.models.load_model(
        os.path.join(folder, "custom_model.keras"),
        custom_objects={"CustomLayer": CustomLayer, "custom_fn": custom_fn},
    )

    # Let's check:
    passed = largest_difference(model.predict(test_input, verbose=0), reconstructed_model.predict(test_input, verbose=0))

    # #### Using a custom object scope
    model = get_model()
    model = train_model(model)
    model.save(os.path.join(folder, "custom_model.keras"))

    # Pass the custom objects dictionary to a custom object scope and place
    # the `keras.models.load_model()` call within the scope.
    custom_objects = {"CustomLayer": CustomLayer, "custom_fn": custom_fn}

    with keras.saving.custom_object_scope(custom_objects):
        reconstructed_model = keras.models.load_model(os.path.join(folder, "custom_model.keras"))

    # Let's check:
    scoped = largest_difference(model.predict(test_input, verbose=0), reconstructed_model.predict(test_input, verbose=0))
    return {
        "registered": registered,
        "passed": passed,
        "scoped": scoped,
        "prediction": model.predict(test_input, verbose=0).tolist(),
        "layer_config": reconstructed_model.layers[1].get_config(),
    }


# ### Model serialization
def model_serialization():
    keras.utils.set_random_seed(SEED)
    inputs = keras.Input((32,))
    outputs = keras.layers.Dense(1)(inputs)
    model = keras.Model(inputs, outputs)

    new_model = keras.models.clone_model(model)
    cloned = [type(new_model).__name__, new_model.count_params()]

    layer = keras.layers.Dense(3, activation="relu")
    layer_config = layer.get_config()
    print(layer_config)

    new_layer = keras.layers.Dense.from_config(layer_config)

    model = keras.Sequential([keras.Input((32,)), keras.layers.Dense(1)])
    config = model.get_config()
    new_model = keras.Sequential.from_config(config)
    sequential = [type(new_model).__name__, new_model.count_params()]

    inputs = keras.Input((32,))
    outputs = keras.layers.Dense(1)(inputs)
    model = keras.Model(inputs, outputs)
    config = model.get_config()
    new_model = keras.Model.from_config(config)
    functional = [type(new_model).__name__, new_model.count_params()]

    model = keras.Sequential([keras.Input((32,)), keras.layers.Dense(1)])
    json_config = model.to_json()
    new_model = keras.models.model_from_json(json_config)
    from_json = [type(new_model).__name__, new_model.count_params()]

    my_reg = keras.regularizers.L1(0.005)
    config = keras.saving.serialize_keras_object(my_reg)
    print(config)

    new_reg = keras.saving.deserialize_keras_object(config)
    return {
        "cloned": cloned,
        "layer_config": {k: v for k, v in layer_config.items() if k != "name"},
        "new_layer_units": new_layer.units,
        "sequential": sequential,
        "functional": functional,
        "from_json": from_json,
        "regularizer_config": config,
        "new_reg": [type(new_reg).__name__, float(new_reg.l1)],
    }


# ### Model weights saving
class SubclassedModel(keras.Model):
    def __init__(self, output_dim, name=None):
        super().__init__(name=name)
        self.output_dim = output_dim
        self.dense_1 = keras.layers.Dense(64, activation="relu", name="dense_1")
        self.dense_2 = keras.layers.Dense(64, activation="relu", name="dense_2")
        self.dense_3 = keras.layers.Dense(output_dim, name="predictions")

    def call(self, inputs):
        x = self.dense_1(inputs)
        x = self.dense_2(x)
        x = self.dense_3(x)
        return x

    def get_config(self):
        return {"output_dim": self.output_dim, "name": self.name}


class NestedDenseLayer(keras.layers.Layer):
    def __init__(self, units, name=None):
        super().__init__(name=name)
        self.dense_1 = keras.layers.Dense(units, name="dense_1")
        self.dense_2 = keras.layers.Dense(units, name="dense_2")

    def call(self, inputs):
        return self.dense_2(self.dense_1(inputs))


def model_weights_saving(folder):
    keras.utils.set_random_seed(SEED)

    def create_layer():
        layer = keras.layers.Dense(64, activation="relu", name="dense_2")
        layer.build((None, 784))
        return layer

    layer_1 = create_layer()
    layer_2 = create_layer()

    # Copy weights from layer 1 to layer 2
    layer_2.set_weights(layer_1.get_weights())
    layers_equal = largest_difference(layer_1.get_weights()[0], layer_2.get_weights()[0])

    # Create a simple functional model
    inputs = keras.Input(shape=(784,), name="digits")
    x = keras.layers.Dense(64, activation="relu", name="dense_1")(inputs)
    x = keras.layers.Dense(64, activation="relu", name="dense_2")(x)
    outputs = keras.layers.Dense(10, name="predictions")(x)
    functional_model = keras.Model(inputs=inputs, outputs=outputs, name="3_layer_mlp")

    subclassed_model = SubclassedModel(10)
    # Call the subclassed model once to create the weights.
    subclassed_model(np.ones((1, 784)))

    # Copy weights from functional_model to subclassed_model.
    subclassed_model.set_weights(functional_model.get_weights())

    assert len(functional_model.weights) == len(subclassed_model.weights)
    for a, b in zip(functional_model.weights, subclassed_model.weights):
        np.testing.assert_allclose(a.numpy(), b.numpy())
    subclassed_output = subclassed_model(np.ones((1, 784))).detach().numpy().tolist()

    inputs = keras.Input(shape=(784,), name="digits")
    x = keras.layers.Dense(64, activation="relu", name="dense_1")(inputs)
    x = keras.layers.Dense(64, activation="relu", name="dense_2")(x)
    outputs = keras.layers.Dense(10, name="predictions")(x)
    functional_model = keras.Model(inputs=inputs, outputs=outputs, name="3_layer_mlp")

    inputs = keras.Input(shape=(784,), name="digits")
    x = keras.layers.Dense(64, activation="relu", name="dense_1")(inputs)
    x = keras.layers.Dense(64, activation="relu", name="dense_2")(x)

    # Add a dropout layer, which does not contain any weights.
    x = keras.layers.Dropout(0.5)(x)
    outputs = keras.layers.Dense(10, name="predictions")(x)
    functional_model_with_dropout = keras.Model(inputs=inputs, outputs=outputs, name="3_layer_mlp")

    functional_model_with_dropout.set_weights(functional_model.get_weights())

    # Runnable example
    sequential_model = keras.Sequential(
        [
            keras.Input(shape=(784,), name="digits"),
            keras.layers.Dense(64, activation="relu", name="dense_1"),
            keras.layers.Dense(64, activation="relu", name="dense_2"),
            keras.layers.Dense(10, name="predictions"),
        ]
    )
    sequential_model.save_weights(os.path.join(folder, "my_model.weights.h5"))
    sequential_model.load_weights(os.path.join(folder, "my_model.weights.h5"))

    nested_model = keras.Sequential([keras.Input((784,)), NestedDenseLayer(10, "nested")])
    variable_names = [v.name for v in nested_model.weights]
    print("variables: {}".format(variable_names))

    print("\nChanging trainable status of one of the nested layers...")
    nested_model.get_layer("nested").dense_1.trainable = False

    variable_names_2 = [v.name for v in nested_model.weights]
    print("\nvariables: {}".format(variable_names_2))
    print("variable ordering changed:", variable_names != variable_names_2)

    # ##### **Transfer learning example**
    def create_functional_model():
        inputs = keras.Input(shape=(784,), name="digits")
        x = keras.layers.Dense(64, activation="relu", name="dense_1")(inputs)
        x = keras.layers.Dense(64, activation="relu", name="dense_2")(x)
        outputs = keras.layers.Dense(10, name="predictions")(x)
        return keras.Model(inputs=inputs, outputs=outputs, name="3_layer_mlp")

    functional_model = create_functional_model()
    functional_model.save_weights(os.path.join(folder, "pretrained.weights.h5"))

    # In a separate program:
    pretrained_model = create_functional_model()
    pretrained_model.load_weights(os.path.join(folder, "pretrained.weights.h5"))

    # Create a new model by extracting layers from the original model:
    extracted_layers = pretrained_model.layers[:-1]
    extracted_layers.append(keras.layers.Dense(5, name="dense_3"))
    model = keras.Sequential(extracted_layers)
    model.summary()
    return {
        "layers_equal": layers_equal,
        "subclassed_output": subclassed_output,
        "subclassed_config": subclassed_model.get_config(),
        "variable_names": variable_names,
        "variable_names_2": variable_names_2,
        "transfer": [layer.name for layer in model.layers] + [model.count_params()],
    }


def without_names(config):
    """A serialized config without the layers' names, which count instances in the process (my_dense_3)."""
    if isinstance(config, dict):
        return {k: without_names(v) for k, v in config.items() if k != "name"}
    if isinstance(config, list):
        return [without_names(v) for v in config]
    return config



# ### Appendix: Handling custom objects
def handling_custom_objects():
    keras.utils.set_random_seed(SEED)

    @keras.saving.register_keras_serializable(package="MyLayers", name="KernelMult")
    class MyDense(keras.layers.Layer):
        def __init__(
            self,
            units,
            *,
            kernel_regularizer=None,
            kernel_initializer=None,
            nested_model=None,
            **kwargs
        ):
            super().__init__(**kwargs)
            self.hidden_units = units
            self.kernel_regularizer = kernel_regularizer
            self.kernel_initializer = kernel_initializer
            self.nested_model = nested_model

        def get_config(self):
            config = super().get_config()
            # Update the config with the custom layer's parameters
            config.update(
                {
                    "units": self.hidden_units,
                    "kernel_regularizer": self.kernel_regularizer,
                    "kernel_initializer": self.kernel_initializer,
                    "nested_model": self.nested_model,
                }
            )
            return config

        def build(self, input_shape):
            input_units = input_shape[-1]
            self.kernel = self.add_weight(
                name="kernel",
                shape=(input_units, self.hidden_units),
                regularizer=self.kernel_regularizer,
                initializer=self.kernel_initializer,
            )

        def call(self, inputs):
            return ops.matmul(inputs, self.kernel)

    # #### Defining the config methods
    layer = MyDense(units=16, kernel_regularizer="l1", kernel_initializer="ones")
    layer3 = MyDense(units=64, nested_model=layer)

    config = keras.layers.serialize(layer3)

    print(config)

    new_layer = keras.layers.deserialize(config)

    print(new_layer)

    # #### How custom objects are serialized
    layer_l1l2 = MyDense(
        units=16,
        kernel_regularizer=keras.regularizers.L1L2(l1=1e-5, l2=1e-4),
        kernel_initializer="ones",
    )
    config_l1l2 = keras.layers.serialize(layer_l1l2)
    print(config_l1l2)
    methods = {
        "config": without_names(config),
        "new_layer": [type(new_layer).__name__, new_layer.hidden_units, type(new_layer.nested_model).__name__],
        "config_l1l2": without_names(config_l1l2),
    }

    @keras.saving.register_keras_serializable(package="ComplexModels")
    class CustomModel(keras.layers.Layer):
        def __init__(self, first_layer, second_layer=None, **kwargs):
            super().__init__(**kwargs)
            self.first_layer = first_layer
            if second_layer is not None:
                self.second_layer = second_layer
            else:
                self.second_layer = keras.layers.Dense(8)

        def get_config(self):
            config = super().get_config()
            config.update(
                {
                    "first_layer": self.first_layer,
                    "second_layer": self.second_layer,
                }
            )
            return config

        @classmethod
        def from_config(cls, config):
            # Note that you can also use `keras.saving.deserialize_keras_object` here
            config["first_layer"] = keras.layers.deserialize(config["first_layer"])
            config["second_layer"] = keras.layers.deserialize(config["second_layer"])
            return cls(**config)

        def call(self, inputs):
            return self.first_layer(self.second_layer(inputs))

    layer = MyDense(units=16, kernel_regularizer="l1", kernel_initializer="ones")
    # Let's make our first layer the custom layer from the previous example (MyDense)
    inputs = keras.Input((32,))
    outputs = CustomModel(first_layer=layer)(inputs)
    model = keras.Model(inputs, outputs)

    config = model.get_config()
    new_model = keras.Model.from_config(config)
    data = np.random.random((2, 32))
    return {
        "config_methods": methods,
        "new_model": [type(new_model.layers[1]).__name__, type(new_model.layers[1].first_layer).__name__],
        "output_shape": list(new_model(data).shape),
    }


def main(folder):
    return {
        "saving": saving(folder),
        "custom_objects": custom_objects(folder),
        "model_serialization": model_serialization(),
        "model_weights_saving": model_weights_saving(folder),
        "handling_custom_objects": handling_custom_objects(),
    }


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        main(folder)
