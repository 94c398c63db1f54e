"""Keras' "Simple MNIST MLP", on generated data (so that it runs offline). mnist-mlp.ts is its port."""
import os

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras
import numpy as np
from keras import layers

num_classes = 10


def build_model():
    return keras.Sequential(
        [
            keras.Input(shape=(784,)),
            layers.Dense(512, activation="relu"),
            layers.Dropout(0.2),
            layers.Dense(512, activation="relu"),
            layers.Dropout(0.2),
            layers.Dense(num_classes, activation="softmax"),
        ]
    )


def main():
    model = build_model()
    model.summary()
    model.compile(loss="categorical_crossentropy", optimizer="rmsprop", metrics=["accuracy"])
    x_train = np.random.rand(256, 784).astype("float32")
    y_train = keras.utils.to_categorical(np.random.randint(0, num_classes, size=(256,)), num_classes)
    model.fit(x_train, y_train, batch_size=128, epochs=2, validation_split=0.1, verbose=2)
    score = model.evaluate(x_train, y_train, verbose=0)
    print("Train loss:", score[0])
    print("Train accuracy:", score[1])


if __name__ == "__main__":
    main()
