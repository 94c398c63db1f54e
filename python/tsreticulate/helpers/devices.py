"""Devices: the accelerator torch can actually use, and the common device transform of a loader.

torch.accelerator.current_accelerator() names the accelerator torch was built for (cuda on a CUDA build)
even where none is present, and .to() then fails: default_device() asks whether one is available."""
from .iterable_wrapper import wrap


def default_device():
    import torch

    accelerator = getattr(torch, "accelerator", None)
    if accelerator is not None:
        try:
            found = accelerator.current_accelerator(check_available=True)
        except TypeError:  # torch before 2.7 has no check_available: the checks below do its work
            found = None
        if found is not None:
            return torch.device(found.type)
    if torch.cuda.is_available():
        return torch.device("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def _dtype(torch, value, what):
    if value is None or isinstance(value, torch.dtype):
        return value
    if isinstance(value, str):
        found = getattr(torch, value, None)
        if isinstance(found, torch.dtype):
            return found
    raise TypeError(f"{what} must be a torch dtype or its name (such as 'float32'), got {value!r}")


class DeviceTransform:
    """Moves a batch (x, y, ...) to a device: x from NCHW to NHWC if asked, x to `dtype`, the other items to
    `label_dtype`; items that are not tensors pass unchanged."""

    def __init__(self, device, dtype, label_dtype, channels_last):
        import torch

        self.torch = torch
        self.device = torch.device(device) if device is not None else default_device()
        self.dtype = _dtype(torch, dtype, "dtype")
        self.label_dtype = _dtype(torch, label_dtype, "labelDtype")
        self.channels_last = channels_last

    def __call__(self, batch):
        Tensor = self.torch.Tensor
        items = list(batch) if isinstance(batch, (tuple, list)) else [batch]
        out = []
        for i, item in enumerate(items):
            if isinstance(item, Tensor):
                if i == 0 and self.channels_last and item.dim() == 4:
                    item = item.permute(0, 2, 3, 1)
                item = item.to(device=self.device, dtype=self.dtype if i == 0 else self.label_dtype)
            out.append(item)
        return tuple(out) if isinstance(batch, (tuple, list)) else out[0]

    def __repr__(self):
        return (f"<DeviceTransform to {self.device}, dtype={self.dtype}, label_dtype={self.label_dtype}, "
                f"channels_last={self.channels_last}>")


def to_device(loader, device=None, dtype="float32", label_dtype=None, channels_last=True):
    """`loader` with each batch moved to `device` (default: default_device()), inside Python."""
    if label_dtype is None:
        label_dtype = dtype
    return wrap(loader, DeviceTransform(device, dtype, label_dtype, channels_last))
