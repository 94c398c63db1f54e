"""Keras 3 guide "Understanding masking & padding" (Scott Zhu, Francois Chollet; keras-io
guides/understanding_masking_and_padding.py), section by section, each section a function that returns what the
test compares; understanding-masking-and-padding.ts is its TypeScript port.

Changes from the guide's text, the same in both files:
- Each section starts with `keras.utils.set_random_seed(SEED)`, so that the Python and TypeScript runs, in one
  Python process, draw the same numbers.
- What the guide prints (the masks) is also returned, as lists; the outputs of the models it calls are returned
  as their shapes and, where small, their values. The sections that need `padded_inputs` and
  `masked_embedding` take them from the first two sections.
"""
import os

os.environ.setdefault("KERAS_BACKEND", "torch")

import numpy as np
import keras
from keras import ops
from keras import layers

SEED = 1337


def tolist(x):
    return ops.convert_to_numpy(x).tolist()


# ## Padding sequence data
def padding_sequence_data():
    raw_inputs = [
        [711, 632, 71],
        [73, 8, 3215, 55, 927],
        [83, 91, 1, 645, 1253, 927],
    ]

    # By default, this will pad using 0s; it is configurable via the
    # "value" parameter.
    # Note that you could use "pre" padding (at the beginning) or
    # "post" padding (at the end).
    # We recommend using "post" padding when working with RNN layers
    # (in order to be able to use the
    # CuDNN implementation of the layers).
    padded_inputs = keras.utils.pad_sequences(raw_inputs, padding="post")
    print(padded_inputs)
    return padded_inputs


# ## Mask-generating layers: `Embedding` and `Masking`
def mask_generating_layers(padded_inputs):
    keras.utils.set_random_seed(SEED)
    embedding = layers.Embedding(input_dim=5000, output_dim=16, mask_zero=True)
    masked_output = embedding(padded_inputs)

    print(masked_output._keras_mask)

    masking_layer = layers.Masking()
    # Simulate the embedding lookup by expanding the 2D input to 3D,
    # with embedding dimension of 10.
    unmasked_embedding = ops.cast(
        ops.tile(ops.expand_dims(padded_inputs, axis=-1), [1, 1, 10]),
        dtype="float32",
    )

    masked_embedding = masking_layer(unmasked_embedding)
    print(masked_embedding._keras_mask)
    return masked_embedding, {
        "embedding_mask": tolist(masked_output._keras_mask),
        "masking_mask": tolist(masked_embedding._keras_mask),
    }


# ## Mask propagation in the Functional API and Sequential API
def mask_propagation():
    keras.utils.set_random_seed(SEED)
    model = keras.Sequential(
        [
            layers.Embedding(input_dim=5000, output_dim=16, mask_zero=True),
            layers.LSTM(32),
        ]
    )

    inputs = keras.Input(shape=(None,), dtype="int32")
    x = layers.Embedding(input_dim=5000, output_dim=16, mask_zero=True)(inputs)
    outputs = layers.LSTM(32)(x)

    model = keras.Model(inputs, outputs)
    data = np.array([[5, 6, 0, 0], [5, 6, 7, 8]])
    return tolist(model(data))


# ## Passing mask tensors directly to layers
class MyLayer(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.embedding = layers.Embedding(input_dim=5000, output_dim=16, mask_zero=True)
        self.lstm = layers.LSTM(32)

    def call(self, inputs):
        x = self.embedding(inputs)
        # Note that you could also prepare a `mask` tensor manually.
        # It only needs to be a boolean tensor
        # with the right shape, i.e. (batch_size, timesteps).
        mask = self.embedding.compute_mask(inputs)
        output = self.lstm(x, mask=mask)  # The layer will ignore the masked values
        return output


def passing_mask_tensors_directly():
    keras.utils.set_random_seed(SEED)
    layer = MyLayer()
    x = np.random.random((32, 10)) * 100
    x = x.astype("int32")
    return tolist(layer(x)[:2])


# ## Supporting masking in your custom layers
class TemporalSplit(keras.layers.Layer):
    """Split the input tensor into 2 tensors along the time dimension."""

    def call(self, inputs):
        # Expect the input to be 3D and mask to be 2D, split the input tensor into 2
        # subtensors along the time axis (axis 1).
        return ops.split(inputs, 2, axis=1)

    def compute_mask(self, inputs, mask=None):
        # Also split the mask into 2 if it presents.
        if mask is None:
            return None
        return ops.split(mask, 2, axis=1)


class CustomEmbedding(keras.layers.Layer):
    def __init__(self, input_dim, output_dim, mask_zero=False, **kwargs):
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.output_dim = output_dim
        self.mask_zero = mask_zero

    def build(self, input_shape):
        self.embeddings = self.add_weight(
            shape=(self.input_dim, self.output_dim),
            initializer="random_normal",
            dtype="float32",
        )

    def call(self, inputs):
        inputs = ops.cast(inputs, "int32")
        return ops.take(self.embeddings, inputs)

    def compute_mask(self, inputs, mask=None):
        if not self.mask_zero:
            return None
        return ops.not_equal(inputs, 0)


def supporting_masking_in_custom_layers(masked_embedding):
    keras.utils.set_random_seed(SEED)
    first_half, second_half = TemporalSplit()(masked_embedding)
    print(first_half._keras_mask)
    print(second_half._keras_mask)

    layer = CustomEmbedding(10, 32, mask_zero=True)
    x = np.random.random((3, 10)) * 9
    x = x.astype("int32")

    y = layer(x)
    mask = layer.compute_mask(x)

    print(mask)
    return {
        "first_half": tolist(first_half._keras_mask),
        "second_half": tolist(second_half._keras_mask),
        "y": tolist(y[0, :2]),
        "y_mask": tolist(y._keras_mask),
        "mask": tolist(mask),
    }


# ## Opting-in to mask propagation on compatible layers
class MyActivation(keras.layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Signal that the layer is safe for mask propagation
        self.supports_masking = True

    def call(self, inputs):
        return ops.relu(inputs)


def opting_in_to_mask_propagation():
    keras.utils.set_random_seed(SEED)
    inputs = keras.Input(shape=(None,), dtype="int32")
    x = layers.Embedding(input_dim=5000, output_dim=16, mask_zero=True)(inputs)
    x = MyActivation()(x)  # Will pass the mask along
    print("Mask found:", x._keras_mask)
    outputs = layers.LSTM(32)(x)  # Will receive the mask

    model = keras.Model(inputs, outputs)
    y = model(np.random.randint(0, 5000, size=(32, 100)))
    return {"mask_found": list(x._keras_mask.shape), "y": tolist(y[:2])}


# ## Writing layers that need mask information
class TemporalSoftmax(keras.layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def call(self, inputs, mask=None):
        assert mask is not None
        broadcast_float_mask = ops.expand_dims(ops.cast(mask, "float32"), -1)
        inputs_exp = ops.exp(inputs) * broadcast_float_mask
        inputs_sum = ops.sum(inputs_exp * broadcast_float_mask, axis=-1, keepdims=True)
        return inputs_exp / inputs_sum


def writing_layers_that_need_mask_information():
    keras.utils.set_random_seed(SEED)
    inputs = keras.Input(shape=(None,), dtype="int32")
    x = layers.Embedding(input_dim=10, output_dim=32, mask_zero=True)(inputs)
    x = layers.Dense(1)(x)
    outputs = TemporalSoftmax()(x)

    model = keras.Model(inputs, outputs)
    y = model(np.random.randint(0, 10, size=(32, 100)))
    return {"shape": list(y.shape), "y": tolist(y[0, :5])}


def main():
    padded_inputs = padding_sequence_data()
    masked_embedding, masks = mask_generating_layers(padded_inputs)
    return {
        "padding_sequence_data": padded_inputs.tolist(),
        "mask_generating_layers": masks,
        "mask_propagation": mask_propagation(),
        "passing_mask_tensors_directly": passing_mask_tensors_directly(),
        "supporting_masking_in_custom_layers": supporting_masking_in_custom_layers(masked_embedding),
        "opting_in_to_mask_propagation": opting_in_to_mask_propagation(),
        "writing_layers_that_need_mask_information": writing_layers_that_need_mask_information(),
    }


if __name__ == "__main__":
    import pprint

    pprint.pprint(main(), width=150)
