"""A functional model with two inputs joined by Concatenate (Keras' functional API guide, "models with
multiple inputs"): an image and a vector of metadata, one sigmoid output. two-inputs.ts is its port."""
import os

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras
import numpy as np
from keras import layers


def build_model():
    image_input = keras.Input(shape=(32, 32, 3), name="image")
    meta_input = keras.Input(shape=(8,), name="meta")
    x = layers.Conv2D(16, 3, activation="relu")(image_input)
    x = layers.GlobalAveragePooling2D()(x)
    y = layers.Dense(16, activation="relu")(meta_input)
    merged = layers.Concatenate()([x, y])
    output = layers.Dense(1, activation="sigmoid", name="label")(merged)
    return keras.Model(inputs=[image_input, meta_input], outputs=output)


def main():
    model = build_model()
    model.summary()
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    images = np.random.rand(128, 32, 32, 3).astype("float32")
    meta = np.random.rand(128, 8).astype("float32")
    labels = np.random.randint(0, 2, size=(128, 1)).astype("float32")
    model.fit([images, meta], labels, batch_size=32, epochs=2, verbose=2)
    print("Predictions:", model.predict([images[:4], meta[:4]], verbose=0).shape)


if __name__ == "__main__":
    main()
