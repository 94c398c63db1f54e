"""Keras' "Simple MNIST convnet", on generated data (so that it runs offline). convnet.ts is its port."""
import os

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras
import numpy as np
from keras import layers

num_classes = 10
input_shape = (28, 28, 1)


def build_model():
    return keras.Sequential(
        [
            keras.Input(shape=input_shape),
            layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
            layers.MaxPooling2D(pool_size=(2, 2)),
            layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
            layers.MaxPooling2D(pool_size=(2, 2)),
            layers.Flatten(),
            layers.Dropout(0.5),
            layers.Dense(num_classes, activation="softmax"),
        ]
    )


def main():
    model = build_model()
    model.summary()
    x_train = np.random.rand(256, *input_shape).astype("float32")
    y_train = keras.utils.to_categorical(np.random.randint(0, num_classes, size=(256,)), num_classes)
    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    model.fit(x_train, y_train, batch_size=128, epochs=2, validation_split=0.1, verbose=2)
    score = model.evaluate(x_train, y_train, verbose=0)
    print("Train loss:", score[0])
    print("Train accuracy:", score[1])


if __name__ == "__main__":
    main()
