// Typed torch and torchvision: `py.import("torch")` and `py.import("torchvision")` return proxies whose
// declarations (./generated/, written by scripts/torchvision-types/generate.py) carry Python's parameter names;
// and the device helpers of the workshop.
import "./generated/torch.js";
import "./generated/torchvision.js";
export { defaultDevice, toDevice, type ToDeviceOptions } from "./devices.js";
export type { Tensor, TorchModule, DataLoader, Dataset, Device } from "./generated/torch.js";
export type { TorchvisionModule, Transform } from "./generated/torchvision.js";
