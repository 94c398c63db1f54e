"""Keras 3 guide "The Sequential model" (fchollet; keras-io guides/sequential_model.py), section by section, each
section a function that returns what the test compares; sequential-model.ts is its TypeScript port.

Changes from the guide's text, the same in both files:
- Each section starts with `keras.utils.set_random_seed(SEED)`, so that the Python and TypeScript runs, in one
  Python process, give the same weights; the values the guide leaves for the notebook to display (`model.layers`,
  `layer.weights`) and the outputs it computes are returned, as names, counts and shapes (and a few values).
- Left out: the two transfer-learning blueprints, code blocks in the guide's text that it does not run (one loads
  weights from `...`, the other downloads Xception's ImageNet weights).
"""
import os

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras
from keras import layers
from keras import ops

SEED = 1337


def shapes(tensors):
    return [list(t.shape) for t in tensors]


# ## When to use a Sequential model
def when_to_use_a_sequential_model():
    keras.utils.set_random_seed(SEED)
    # Define Sequential model with 3 layers
    model = keras.Sequential(
        [
            layers.Dense(2, activation="relu", name="layer1"),
            layers.Dense(3, activation="relu", name="layer2"),
            layers.Dense(4, name="layer3"),
        ]
    )
    # Call model on a test input
    x = ops.ones((3, 3))
    y = model(x)

    keras.utils.set_random_seed(SEED)
    # Create 3 layers
    layer1 = layers.Dense(2, activation="relu", name="layer1")
    layer2 = layers.Dense(3, activation="relu", name="layer2")
    layer3 = layers.Dense(4, name="layer3")

    # Call layers on a test input
    x = ops.ones((3, 3))
    y2 = layer3(layer2(layer1(x)))
    return {"model": ops.convert_to_numpy(y).tolist(), "function": ops.convert_to_numpy(y2).tolist()}


# ## Creating a Sequential model
def creating_a_sequential_model():
    model = keras.Sequential(
        [
            layers.Dense(2, activation="relu"),
            layers.Dense(3, activation="relu"),
            layers.Dense(4),
        ]
    )

    # Its layers are accessible via the `layers` attribute:
    listed = [type(layer).__name__ for layer in model.layers]

    model = keras.Sequential()
    model.add(layers.Dense(2, activation="relu"))
    model.add(layers.Dense(3, activation="relu"))
    model.add(layers.Dense(4))

    model.pop()
    print(len(model.layers))  # 2
    after_pop = len(model.layers)

    model = keras.Sequential(name="my_sequential")
    model.add(layers.Dense(2, activation="relu", name="layer1"))
    model.add(layers.Dense(3, activation="relu", name="layer2"))
    model.add(layers.Dense(4, name="layer3"))
    return {"listed": listed, "after_pop": after_pop, "name": model.name, "names": [layer.name for layer in model.layers]}


# ## Specifying the input shape in advance
def specifying_the_input_shape_in_advance():
    keras.utils.set_random_seed(SEED)
    layer = layers.Dense(3)
    before = len(layer.weights)  # Empty

    # Call layer on a test input
    x = ops.ones((1, 4))
    y = layer(x)
    after = shapes(layer.weights)  # Now it has weights, of shape (4, 3) and (3,)

    model = keras.Sequential(
        [
            layers.Dense(2, activation="relu"),
            layers.Dense(3, activation="relu"),
            layers.Dense(4),
        ]
    )  # No weights at this stage!

    # Call the model on a test input
    x = ops.ones((1, 4))
    y = model(x)
    print("Number of weights after calling the model:", len(model.weights))  # 6
    weights = len(model.weights)

    model.summary()

    model = keras.Sequential()
    model.add(keras.Input(shape=(4,)))
    model.add(layers.Dense(2, activation="relu"))

    model.summary()

    # model.layers: the Input object is not displayed, since it isn't a layer
    return {
        "before": before,
        "after": after,
        "weights": weights,
        "layers": [type(layer).__name__ for layer in model.layers],
        "output": ops.convert_to_numpy(y).tolist(),
    }


# ## A common debugging workflow: `add()` + `summary()`
def add_and_summary():
    model = keras.Sequential()
    model.add(keras.Input(shape=(250, 250, 3)))  # 250x250 RGB images
    model.add(layers.Conv2D(32, 5, strides=2, activation="relu"))
    model.add(layers.Conv2D(32, 3, activation="relu"))
    model.add(layers.MaxPooling2D(3))

    # Can you guess what the current output shape is at this point? Probably not.
    # Let's just print it:
    model.summary()
    first = list(model.output_shape)

    # The answer was: (40, 40, 32), so we can keep downsampling...

    model.add(layers.Conv2D(32, 3, activation="relu"))
    model.add(layers.Conv2D(32, 3, activation="relu"))
    model.add(layers.MaxPooling2D(3))
    model.add(layers.Conv2D(32, 3, activation="relu"))
    model.add(layers.Conv2D(32, 3, activation="relu"))
    model.add(layers.MaxPooling2D(2))

    # And now?
    model.summary()
    second = list(model.output_shape)

    # Now that we have 4x4 feature maps, time to apply global max pooling.
    model.add(layers.GlobalMaxPooling2D())

    # Finally, we add a classification layer.
    model.add(layers.Dense(10))
    return {"first": first, "second": second, "final": list(model.output_shape), "params": model.count_params()}


# ## Feature extraction with a Sequential model
def feature_extraction():
    keras.utils.set_random_seed(SEED)
    initial_model = keras.Sequential(
        [
            keras.Input(shape=(250, 250, 3)),
            layers.Conv2D(32, 5, strides=2, activation="relu"),
            layers.Conv2D(32, 3, activation="relu"),
            layers.Conv2D(32, 3, activation="relu"),
        ]
    )
    feature_extractor = keras.Model(
        inputs=initial_model.inputs,
        outputs=[layer.output for layer in initial_model.layers],
    )

    # Call feature extractor on test input.
    x = ops.ones((1, 250, 250, 3))
    features = feature_extractor(x)
    all_layers = shapes(features)
    total = float(ops.convert_to_numpy(ops.sum(features[-1])))

    initial_model = keras.Sequential(
        [
            keras.Input(shape=(250, 250, 3)),
            layers.Conv2D(32, 5, strides=2, activation="relu"),
            layers.Conv2D(32, 3, activation="relu", name="my_intermediate_layer"),
            layers.Conv2D(32, 3, activation="relu"),
        ]
    )
    feature_extractor = keras.Model(
        inputs=initial_model.inputs,
        outputs=initial_model.get_layer(name="my_intermediate_layer").output,
    )
    # Call feature extractor on test input.
    x = ops.ones((1, 250, 250, 3))
    features = feature_extractor(x)
    return {"all_layers": all_layers, "total": total, "one_layer": list(features.shape)}


def main():
    return {
        "when_to_use_a_sequential_model": when_to_use_a_sequential_model(),
        "creating_a_sequential_model": creating_a_sequential_model(),
        "specifying_the_input_shape_in_advance": specifying_the_input_shape_in_advance(),
        "add_and_summary": add_and_summary(),
        "feature_extraction": feature_extraction(),
    }


if __name__ == "__main__":
    import pprint

    pprint.pprint(main(), width=150)
