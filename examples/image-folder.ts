// Workshop 2.1, "Image loading: classification": ImageFolder reads root/<class>/<image>.png, a DataLoader
// samples batches, and a wrapper turns each batch channels-last and moves it to the device. Writes
// sample-batch.png (the first batch) to the output folder.
import {
  BREAK,
  defaultDevice,
  iterate,
  py,
  pyFor,
  pyIterableWrapper,
  str,
  toJs,
  tuple,
  type NDArray,
  type PyObject,
} from "tsreticulate";
import { outputPath, plotRgb, sampleImagesFolder, wrapPlots } from "tsreticulate/workshop";

const torch = py.import("torch", { convert: false });
const tv = py.import("torchvision", { convert: false });

// The workshop's here::here("data/sample_images"): cat/ and dog/, ten 32x32 PNGs each.
const dataset = tv.datasets.ImageFolder({ root: sampleImagesFolder, transform: tv.transforms.ToTensor() });
console.log(`classes: ${await str(dataset.classes)}, ${await py.builtins.len(dataset)} images`);

// The available accelerator (cuda, mps), else the CPU: current_accelerator() may name a missing GPU.
const device = defaultDevice();
const dataloader = torch.utils.data.DataLoader(dataset, { batch_size: 10, shuffle: true });

// The function runs inside Python for each batch: NCHW -> NHWC, float32, on the device.
const myLoader = pyIterableWrapper(dataloader, (batch: PyObject) => {
  batch[0] = batch[0].permute(0, 2, 3, 1);
  batch[0] = batch[0].to({ device, dtype: torch.float32 });
  batch[1] = batch[1].to({ device, dtype: torch.float32 });
  return tuple(batch[0], batch[1]);
});
console.log(`batches per epoch: ${await py.builtins.len(myLoader)}`);

// py_for(c(x, y) ~ my_loader, { ...; break })
await pyFor(myLoader, async ([x, y]) => {
  console.log(`Images: ${await str(x.shape)}, ${await str(x.dtype)}, ${await str(x.device)}`);
  console.log(`Labels: ${await str(y.shape)}, ${await str(y.dtype)}, ${await str(y.device)}`);
  return BREAK;
});

// The same loop as TypeScript writes it; here it keeps the first batch to draw it.
for await (const [x, y] of iterate(myLoader)) {
  const images = await toJs<NDArray>(x); // float32 [10, 32, 32, 3], values 0 - 1
  const labels = await toJs<NDArray>(y);
  console.log(`labels of the first batch (0 = cat, 1 = dog): ${Array.from(labels.data as Float32Array).join(" ")}`);
  const grid = wrapPlots(Array.from({ length: images.shape[0]! }, (_, i) => plotRgb(images.at(i))), { ncol: 5 });
  console.log(`wrote ${grid.save(outputPath("sample-batch.png"))}`);
  break;
}

await py.shutdown();
