// Devices: the accelerator torch can actually use, and the common device transform of a data loader, both
// computed in Python (python/tsreticulate/devices.py).
import { bridgeOf, defaultBridge } from "../bridge/bridge-of.js";
import type { Bridge } from "../bridge/py.js";
import { isProxy, stateOf, type PyObject } from "../bridge/proxy.js";

/**
 * The available accelerator as a `torch.device` (cuda, mps, ...), otherwise `cpu`. Unlike
 * `torch.accelerator.current_accelerator()`, which names `cuda` on a CUDA build of torch even with no GPU.
 * `bridge`: the process whose device it is. @default the pool job's bridge, else `py`
 */
export function defaultDevice(options: { bridge?: Bridge } = {}): PyObject {
  return defaultBridge(options?.bridge).import("tsreticulate.helpers.devices").default_device();
}

export interface ToDeviceOptions {
  /** A `torch.device` or its name ("cuda", "cpu"). @default defaultDevice() */
  device?: string | PyObject;
  /** The dtype of the images (the first item of each batch): a torch dtype or its name. @default "float32" */
  dtype?: string | PyObject;
  /** The dtype of the other items of each batch (labels). @default the same as `dtype` */
  labelDtype?: string | PyObject;
  /** Turns 4-d images from NCHW (torchvision) to NHWC (Keras' channels_last). @default true */
  channelsLast?: boolean;
}

const OPTION_NAMES = new Set(["device", "dtype", "labelDtype", "channelsLast"]);

/**
 * `loader` with each batch moved to a device, its images made channels-last and cast, all inside Python:
 * the wrapper keeps `len()` and is a DataLoader that `model.fit` accepts.
 */
export function toDevice(loader: unknown, options: ToDeviceOptions = {}): PyObject {
  if (!isProxy(loader)) throw new TypeError(`toDevice() takes a Python data loader (a proxy), got ${typeof loader}`);
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`toDevice(): options must be an object, got ${options === null ? "null" : typeof options}`);
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_NAMES.has(key)) {
      throw new TypeError(`toDevice(): unknown option "${key}"; the options are ${[...OPTION_NAMES].join(", ")}`);
    }
  }
  const { device, dtype = "float32", labelDtype, channelsLast = true } = options;
  if (typeof channelsLast !== "boolean") {
    throw new TypeError(`toDevice(): channelsLast must be a boolean, got ${typeof channelsLast}`);
  }
  for (const [name, value] of [["device", device], ["dtype", dtype], ["labelDtype", labelDtype]] as const) {
    if (value !== undefined && typeof value !== "string" && !isProxy(value)) {
      throw new TypeError(`toDevice(): ${name} must be a string or a Python object, got ${typeof value}`);
    }
  }
  const wrapper = bridgeOf(loader, "toDevice()").import("tsreticulate.helpers.devices").to_device(loader, {
    device: device ?? null,
    dtype,
    label_dtype: labelDtype ?? null,
    channels_last: channelsLast,
  }) as PyObject;
  stateOf(wrapper)!.convert = stateOf(loader)!.convert;
  return wrapper;
}
