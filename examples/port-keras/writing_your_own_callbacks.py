"""Keras 3 guide "Writing your own callbacks" (Rick Chao, Francois Chollet; keras-io
guides/writing_your_own_callbacks.py), section by section, each section a function; writing-your-own-callbacks.ts
is its TypeScript port. The guide's output is what it prints: tests/keras/port-writing-your-own-callbacks.test.ts
captures the printed lines of both and compares them, and compares what each section returns.

Changes from the guide's text, the same in both files:
- Random arrays of MNIST's shapes stand in for `keras.datasets.mnist.load_data()` (no download), 256 training and
  256 test rows where the guide keeps 1000 of each; each section starts with `keras.utils.set_random_seed(SEED)`,
  so that the Python and TypeScript runs, in one Python process, draw the same numbers.
- `np.Inf` is `np.inf` (NumPy 2 removed the alias; keras-io's current text has `np.inf`).
- `model.predict` is given `verbose=0` (its progress bar shows timings, which differ run to run).
- The EarlyStoppingAtMinLoss run has 10 epochs (the guide's 30) and the learning rate schedule run 13 (the
  guide's 15: its last change is at epoch 12). Each section returns its History's losses.
"""
import os

os.environ.setdefault("KERAS_BACKEND", "torch")

import numpy as np
import keras

SEED = 1337


# ## A basic example
# Define the Keras model to add callbacks to
def get_model():
    model = keras.Sequential()
    model.add(keras.layers.Dense(1))
    model.compile(
        optimizer=keras.optimizers.RMSprop(learning_rate=0.1),
        loss="mean_squared_error",
        metrics=["mean_absolute_error"],
    )
    return model


def load_data():
    """keras.datasets.mnist.load_data(), made in place, pre-processed as the guide does."""
    # Load example MNIST data and pre-process it
    x_train = np.random.randint(0, 256, size=(256, 28, 28)).astype("uint8")
    y_train = np.random.randint(0, 10, size=(256,)).astype("uint8")
    x_test = np.random.randint(0, 256, size=(256, 28, 28)).astype("uint8")
    y_test = np.random.randint(0, 10, size=(256,)).astype("uint8")
    x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
    x_test = x_test.reshape(-1, 784).astype("float32") / 255.0

    # Limit the data to 1000 samples
    x_train = x_train[:1000]
    y_train = y_train[:1000]
    x_test = x_test[:1000]
    y_test = y_test[:1000]
    return x_train, y_train, x_test, y_test


class CustomCallback(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        keys = list(logs.keys())
        print("Starting training; got log keys: {}".format(keys))

    def on_train_end(self, logs=None):
        keys = list(logs.keys())
        print("Stop training; got log keys: {}".format(keys))

    def on_epoch_begin(self, epoch, logs=None):
        keys = list(logs.keys())
        print("Start epoch {} of training; got log keys: {}".format(epoch, keys))

    def on_epoch_end(self, epoch, logs=None):
        keys = list(logs.keys())
        print("End epoch {} of training; got log keys: {}".format(epoch, keys))

    def on_test_begin(self, logs=None):
        keys = list(logs.keys())
        print("Start testing; got log keys: {}".format(keys))

    def on_test_end(self, logs=None):
        keys = list(logs.keys())
        print("Stop testing; got log keys: {}".format(keys))

    def on_predict_begin(self, logs=None):
        keys = list(logs.keys())
        print("Start predicting; got log keys: {}".format(keys))

    def on_predict_end(self, logs=None):
        keys = list(logs.keys())
        print("Stop predicting; got log keys: {}".format(keys))

    def on_train_batch_begin(self, batch, logs=None):
        keys = list(logs.keys())
        print("...Training: start of batch {}; got log keys: {}".format(batch, keys))

    def on_train_batch_end(self, batch, logs=None):
        keys = list(logs.keys())
        print("...Training: end of batch {}; got log keys: {}".format(batch, keys))

    def on_test_batch_begin(self, batch, logs=None):
        keys = list(logs.keys())
        print("...Evaluating: start of batch {}; got log keys: {}".format(batch, keys))

    def on_test_batch_end(self, batch, logs=None):
        keys = list(logs.keys())
        print("...Evaluating: end of batch {}; got log keys: {}".format(batch, keys))

    def on_predict_batch_begin(self, batch, logs=None):
        keys = list(logs.keys())
        print("...Predicting: start of batch {}; got log keys: {}".format(batch, keys))

    def on_predict_batch_end(self, batch, logs=None):
        keys = list(logs.keys())
        print("...Predicting: end of batch {}; got log keys: {}".format(batch, keys))


def a_basic_example():
    keras.utils.set_random_seed(SEED)
    x_train, y_train, x_test, y_test = load_data()

    model = get_model()
    history = model.fit(
        x_train,
        y_train,
        batch_size=128,
        epochs=1,
        verbose=0,
        validation_split=0.5,
        callbacks=[CustomCallback()],
    )

    res = model.evaluate(x_test, y_test, batch_size=128, verbose=0, callbacks=[CustomCallback()])

    res = model.predict(x_test, batch_size=128, callbacks=[CustomCallback()], verbose=0)
    return {"history": history.history, "predict_shape": list(res.shape)}


# ### Usage of `logs` dict
class LossAndErrorPrintingCallback(keras.callbacks.Callback):
    def on_train_batch_end(self, batch, logs=None):
        print("Up to batch {}, the average loss is {:7.2f}.".format(batch, logs["loss"]))

    def on_test_batch_end(self, batch, logs=None):
        print("Up to batch {}, the average loss is {:7.2f}.".format(batch, logs["loss"]))

    def on_epoch_end(self, epoch, logs=None):
        print(
            "The average loss for epoch {} is {:7.2f} "
            "and mean absolute error is {:7.2f}.".format(
                epoch, logs["loss"], logs["mean_absolute_error"]
            )
        )


def usage_of_logs_dict():
    keras.utils.set_random_seed(SEED)
    x_train, y_train, x_test, y_test = load_data()

    model = get_model()
    history = model.fit(
        x_train,
        y_train,
        batch_size=128,
        epochs=2,
        verbose=0,
        callbacks=[LossAndErrorPrintingCallback()],
    )

    res = model.evaluate(
        x_test,
        y_test,
        batch_size=128,
        verbose=0,
        callbacks=[LossAndErrorPrintingCallback()],
    )
    return {"history": history.history, "evaluate": res}


# ### Early stopping at minimum loss
class EarlyStoppingAtMinLoss(keras.callbacks.Callback):
    """Stop training when the loss is at its min, i.e. the loss stops decreasing.

    Arguments:
        patience: Number of epochs to wait after min has been hit. After this
        number of no improvement, training stops.
    """

    def __init__(self, patience=0):
        super().__init__()
        self.patience = patience
        # best_weights to store the weights at which the minimum loss occurs.
        self.best_weights = None

    def on_train_begin(self, logs=None):
        # The number of epoch it has waited when loss is no longer minimum.
        self.wait = 0
        # The epoch the training stops at.
        self.stopped_epoch = 0
        # Initialize the best as infinity.
        self.best = np.inf

    def on_epoch_end(self, epoch, logs=None):
        current = logs.get("loss")
        if np.less(current, self.best):
            self.best = current
            self.wait = 0
            # Record the best weights if current results is better (less).
            self.best_weights = self.model.get_weights()
        else:
            self.wait += 1
            if self.wait >= self.patience:
                self.stopped_epoch = epoch
                self.model.stop_training = True
                print("Restoring model weights from the end of the best epoch.")
                self.model.set_weights(self.best_weights)

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping")


def early_stopping_at_minimum_loss():
    keras.utils.set_random_seed(SEED)
    x_train, y_train, x_test, y_test = load_data()

    model = get_model()
    history = model.fit(
        x_train,
        y_train,
        batch_size=64,
        epochs=10,
        verbose=0,
        callbacks=[LossAndErrorPrintingCallback(), EarlyStoppingAtMinLoss()],
    )
    return {"history": history.history, "weights": [w.tolist() for w in model.get_weights()]}


# ### Learning rate scheduling
class CustomLearningRateScheduler(keras.callbacks.Callback):
    """Learning rate scheduler which sets the learning rate according to schedule.

    Arguments:
        schedule: a function that takes an epoch index
            (integer, indexed from 0) and current learning rate
            as inputs and returns a new learning rate as output (float).
    """

    def __init__(self, schedule):
        super().__init__()
        self.schedule = schedule

    def on_epoch_begin(self, epoch, logs=None):
        if not hasattr(self.model.optimizer, "learning_rate"):
            raise ValueError('Optimizer must have a "learning_rate" attribute.')
        # Get the current learning rate from model's optimizer.
        lr = self.model.optimizer.learning_rate
        # Call schedule function to get the scheduled learning rate.
        scheduled_lr = self.schedule(epoch, lr)
        # Set the value back to the optimizer before this epoch starts
        self.model.optimizer.learning_rate = scheduled_lr
        print(f"\nEpoch {epoch}: Learning rate is {float(np.array(scheduled_lr))}.")


LR_SCHEDULE = [
    # (epoch to start, learning rate) tuples
    (3, 0.05),
    (6, 0.01),
    (9, 0.005),
    (12, 0.001),
]


def lr_schedule(epoch, lr):
    """Helper function to retrieve the scheduled learning rate based on epoch."""
    if epoch < LR_SCHEDULE[0][0] or epoch > LR_SCHEDULE[-1][0]:
        return lr
    for i in range(len(LR_SCHEDULE)):
        if epoch == LR_SCHEDULE[i][0]:
            return LR_SCHEDULE[i][1]
    return lr


def learning_rate_scheduling():
    keras.utils.set_random_seed(SEED)
    x_train, y_train, x_test, y_test = load_data()

    model = get_model()
    history = model.fit(
        x_train,
        y_train,
        batch_size=64,
        epochs=13,
        verbose=0,
        callbacks=[
            LossAndErrorPrintingCallback(),
            CustomLearningRateScheduler(lr_schedule),
        ],
    )
    return {"history": history.history, "learning_rate": float(np.array(model.optimizer.learning_rate))}


def main():
    return {
        "a_basic_example": a_basic_example(),
        "usage_of_logs_dict": usage_of_logs_dict(),
        "early_stopping_at_minimum_loss": early_stopping_at_minimum_loss(),
        "learning_rate_scheduling": learning_rate_scheduling(),
    }


if __name__ == "__main__":
    main()
