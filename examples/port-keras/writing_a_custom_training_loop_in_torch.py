"""Keras 3 guide "Writing a training loop from scratch in PyTorch" (fchollet; keras-io
guides/writing_a_custom_training_loop_in_torch.py), section by section, each section a function;
writing-a-custom-training-loop-in-torch.ts is its TypeScript port, whose loops run in TypeScript, batch by batch.
tests/keras/port-writing-a-custom-training-loop-in-torch.test.ts compares the lines both print.

Changes from the guide's text, the same in both files:
- Random arrays of MNIST's shapes stand in for `keras.datasets.mnist.load_data()` (no download): 256 rows, 64 of
  them held out for validation (the guide's 10,000), so an epoch is 6 batches of 32; 2 epochs (the guide's 3), a
  line logged every 2 batches (the guide's 100).
- Each section starts with `keras.utils.set_random_seed(SEED)` and makes its DataLoaders, so that the Python and
  TypeScript runs, in one Python process, draw the same weights and the same shuffles.
- The last section trains the model it builds with ActivityRegularizationLayer, so that `model.losses` is not
  empty (the guide builds it, then trains a fresh `get_model()`), and leaves out the validation loop the
  previous section has.
"""
import os

# This guide can only be run with the torch backend.
os.environ["KERAS_BACKEND"] = "torch"

import torch
import keras
import numpy as np

SEED = 1337
epochs = 2
batch_size = 32


# Let's consider a simple MNIST model
def get_model():
    inputs = keras.Input(shape=(784,), name="digits")
    x1 = keras.layers.Dense(64, activation="relu")(inputs)
    x2 = keras.layers.Dense(64, activation="relu")(x1)
    outputs = keras.layers.Dense(10, name="predictions")(x2)
    model = keras.Model(inputs=inputs, outputs=outputs)
    return model


def get_dataloaders():
    """keras.datasets.mnist.load_data(), made in place, in the guide's DataLoaders."""
    x_train = np.random.randint(0, 256, size=(256, 28, 28)).astype("uint8")
    y_train = np.random.randint(0, 10, size=(256,)).astype("uint8")
    x_train = np.reshape(x_train, (-1, 784)).astype("float32")
    y_train = keras.utils.to_categorical(y_train, 10)

    # Reserve 64 samples for validation.
    x_val = x_train[-64:]
    y_val = y_train[-64:]
    x_train = x_train[:-64]
    y_train = y_train[:-64]

    # Create torch Datasets
    train_dataset = torch.utils.data.TensorDataset(torch.from_numpy(x_train), torch.from_numpy(y_train))
    val_dataset = torch.utils.data.TensorDataset(torch.from_numpy(x_val), torch.from_numpy(y_val))

    # Create DataLoaders for the Datasets
    train_dataloader = torch.utils.data.DataLoader(train_dataset, batch_size=batch_size, shuffle=True)
    val_dataloader = torch.utils.data.DataLoader(val_dataset, batch_size=batch_size, shuffle=False)
    return train_dataloader, val_dataloader


# ## A first end-to-end example
def a_first_end_to_end_example():
    keras.utils.set_random_seed(SEED)
    train_dataloader, val_dataloader = get_dataloaders()

    # Instantiate a torch optimizer
    model = get_model()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

    # Instantiate a torch loss function
    loss_fn = torch.nn.CrossEntropyLoss()

    for epoch in range(epochs):
        for step, (inputs, targets) in enumerate(train_dataloader):
            # Forward pass
            logits = model(inputs)
            loss = loss_fn(logits, targets)

            # Backward pass
            model.zero_grad()
            loss.backward()

            # Optimizer variable updates
            optimizer.step()

            # Log every 2 batches.
            if step % 2 == 0:
                print(f"Training loss (for 1 batch) at step {step}: {loss.detach().numpy():.4f}")
                print(f"Seen so far: {(step + 1) * batch_size} samples")

    keras.utils.set_random_seed(SEED)
    train_dataloader, val_dataloader = get_dataloaders()

    model = get_model()
    optimizer = keras.optimizers.Adam(learning_rate=1e-3)
    loss_fn = keras.losses.CategoricalCrossentropy(from_logits=True)

    for epoch in range(epochs):
        print(f"\nStart of epoch {epoch}")
        for step, (inputs, targets) in enumerate(train_dataloader):
            # Forward pass
            logits = model(inputs)
            loss = loss_fn(targets, logits)

            # Backward pass
            model.zero_grad()
            trainable_weights = [v for v in model.trainable_weights]

            # Call torch.Tensor.backward() on the loss to compute gradients
            # for the weights.
            loss.backward()
            gradients = [v.value.grad for v in trainable_weights]

            # Update weights
            with torch.no_grad():
                optimizer.apply(gradients, trainable_weights)

            # Log every 2 batches.
            if step % 2 == 0:
                print(f"Training loss (for 1 batch) at step {step}: {loss.detach().numpy():.4f}")
                print(f"Seen so far: {(step + 1) * batch_size} samples")


# ## Low-level handling of metrics
def low_level_handling_of_metrics():
    keras.utils.set_random_seed(SEED)
    train_dataloader, val_dataloader = get_dataloaders()

    # Get a fresh model
    model = get_model()

    # Instantiate an optimizer to train the model.
    optimizer = keras.optimizers.Adam(learning_rate=1e-3)
    # Instantiate a loss function.
    loss_fn = keras.losses.CategoricalCrossentropy(from_logits=True)

    # Prepare the metrics.
    train_acc_metric = keras.metrics.CategoricalAccuracy()
    val_acc_metric = keras.metrics.CategoricalAccuracy()

    for epoch in range(epochs):
        print(f"\nStart of epoch {epoch}")
        for step, (inputs, targets) in enumerate(train_dataloader):
            # Forward pass
            logits = model(inputs)
            loss = loss_fn(targets, logits)

            # Backward pass
            model.zero_grad()
            trainable_weights = [v for v in model.trainable_weights]

            # Call torch.Tensor.backward() on the loss to compute gradients
            # for the weights.
            loss.backward()
            gradients = [v.value.grad for v in trainable_weights]

            # Update weights
            with torch.no_grad():
                optimizer.apply(gradients, trainable_weights)

            # Update training metric.
            train_acc_metric.update_state(targets, logits)

            # Log every 2 batches.
            if step % 2 == 0:
                print(f"Training loss (for 1 batch) at step {step}: {loss.detach().numpy():.4f}")
                print(f"Seen so far: {(step + 1) * batch_size} samples")

        # Display metrics at the end of each epoch.
        train_acc = train_acc_metric.result()
        print(f"Training acc over epoch: {float(train_acc):.4f}")

        # Reset training metrics at the end of each epoch
        train_acc_metric.reset_state()

        # Run a validation loop at the end of each epoch.
        for x_batch_val, y_batch_val in val_dataloader:
            val_logits = model(x_batch_val, training=False)
            # Update val metrics
            val_acc_metric.update_state(y_batch_val, val_logits)
        val_acc = val_acc_metric.result()
        val_acc_metric.reset_state()
        print(f"Validation acc: {float(val_acc):.4f}")


# ## Low-level handling of losses tracked by the model
class ActivityRegularizationLayer(keras.layers.Layer):
    def call(self, inputs):
        self.add_loss(1e-2 * torch.sum(inputs))
        return inputs


def low_level_handling_of_losses():
    keras.utils.set_random_seed(SEED)
    train_dataloader, val_dataloader = get_dataloaders()

    inputs = keras.Input(shape=(784,), name="digits")
    x = keras.layers.Dense(64, activation="relu")(inputs)
    # Insert activity regularization as a layer
    x = ActivityRegularizationLayer()(x)
    x = keras.layers.Dense(64, activation="relu")(x)
    outputs = keras.layers.Dense(10, name="predictions")(x)

    model = keras.Model(inputs=inputs, outputs=outputs)

    # Instantiate an optimizer to train the model.
    optimizer = keras.optimizers.Adam(learning_rate=1e-3)
    # Instantiate a loss function.
    loss_fn = keras.losses.CategoricalCrossentropy(from_logits=True)

    # Prepare the metrics.
    train_acc_metric = keras.metrics.CategoricalAccuracy()

    for epoch in range(epochs):
        print(f"\nStart of epoch {epoch}")
        for step, (inputs, targets) in enumerate(train_dataloader):
            # Forward pass
            logits = model(inputs)
            loss = loss_fn(targets, logits)
            if model.losses:
                loss = loss + torch.sum(*model.losses)

            # Backward pass
            model.zero_grad()
            trainable_weights = [v for v in model.trainable_weights]

            # Call torch.Tensor.backward() on the loss to compute gradients
            # for the weights.
            loss.backward()
            gradients = [v.value.grad for v in trainable_weights]

            # Update weights
            with torch.no_grad():
                optimizer.apply(gradients, trainable_weights)

            # Update training metric.
            train_acc_metric.update_state(targets, logits)

            # Log every 2 batches.
            if step % 2 == 0:
                print(f"Training loss (for 1 batch) at step {step}: {loss.detach().numpy():.4f}")
                print(f"Seen so far: {(step + 1) * batch_size} samples")

        # Display metrics at the end of each epoch.
        train_acc = train_acc_metric.result()
        print(f"Training acc over epoch: {float(train_acc):.4f}")

        # Reset training metrics at the end of each epoch
        train_acc_metric.reset_state()


def main():
    a_first_end_to_end_example()
    low_level_handling_of_metrics()
    low_level_handling_of_losses()


if __name__ == "__main__":
    main()
