"""The workshop's py_iterable_wrapper: an iterable that applies a function lazily to each element of another
and keeps its len(). Keras' model.fit accepts, among iterables, only torch DataLoaders (an isinstance test):
a wrapped DataLoader is therefore wrapped by a DataLoader subclass that delegates to it."""


class IterableWrapper:
    def __init__(self, iterable, fn):
        # object.__setattr__: DataLoader guards some attribute names once initialised; these are ours.
        object.__setattr__(self, "iterable", iterable)
        object.__setattr__(self, "fn", fn)

    def __iter__(self):
        fn = self.fn
        for element in self.iterable:
            yield fn(element)

    def __len__(self):
        return len(self.iterable)

    def __repr__(self):
        return f"<IterableWrapper of {self.iterable!r} applying {self.fn!r}>"


_dataloader_wrapper = None


def _dataloader_wrapper_class():
    global _dataloader_wrapper
    if _dataloader_wrapper is None:
        from torch.utils.data import DataLoader

        class DataLoaderWrapper(IterableWrapper, DataLoader):
            """A DataLoader to Keras (and to anything that tests isinstance) that never ran DataLoader's own
            __init__: what it does not define itself, it reads from the loader it wraps."""

            def __getattr__(self, name):
                if name.startswith("__") or name in ("iterable", "fn"):
                    raise AttributeError(name)
                return getattr(self.iterable, name)

        _dataloader_wrapper = DataLoaderWrapper
    return _dataloader_wrapper


def wrap(iterable, fn):
    """The wrapper for `iterable`: a DataLoader for a DataLoader, a plain iterable otherwise."""
    import sys

    torch_data = sys.modules.get("torch.utils.data")
    if torch_data is not None and isinstance(iterable, torch_data.DataLoader):
        return _dataloader_wrapper_class()(iterable, fn)
    return IterableWrapper(iterable, fn)
