// Workshop 2.1, "Pixels" to "In-memory representation": an image in memory is an array of pixel values,
// [height, width] for greyscale, [height, width, channels] for RGB. Writes pixels.png to the output folder
// (TSRETICULATE_OUT, default out/).
import { py, str, toJs, type NDArray } from "tsreticulate";
import { loadCatAndDog, outputPath, plotRgb, wrapPlots } from "tsreticulate/workshop";

const torch = py.import("torch", { convert: false });

// Greyscale: one intensity per pixel, a 2D array [H, W].
const grey = torch.rand(100, 100);
console.log(`greyscale: ${await str(grey.shape)}, ${await str(grey.dtype)}`);

// RGB: three channels per pixel, a 3D array [H, W, C] (channels last).
const rgb = torch.rand(100, 100, 3);
console.log(`RGB:       ${await str(rgb.shape)}, ${await str(rgb.dtype)}`);

// Pay attention to the channel order: torchvision uses channels first [C, H, W], Keras channels last.
const channelsFirst = rgb.permute(2, 0, 1);
console.log(`channels first: ${await str(channelsFirst.shape)}; back to last: ${await str(channelsFirst.permute(1, 2, 0).shape)}`);

// Files store 8-bit values (0 - 255); float32 images hold 0 - 1. A CIFAR-10 image is uint8 [32, 32, 3].
const catAndDog = loadCatAndDog();
const cat = catAndDog.x_train.at(0);
console.log(`a CIFAR-10 image: [${cat.shape.join(", ")}] ${cat.dtype}; top-left pixel (R, G, B) =`, Array.from(cat.data.subarray(0, 3)));

// Draw them: random greyscale, random RGB (float, 0 - 1), and the cat (uint8, 0 - 255).
const pictures = [plotRgb(await toJs<NDArray>(grey)), plotRgb(await toJs<NDArray>(rgb)), plotRgb(cat, { scale: 6 })];
const file = wrapPlots(pictures, { ncol: 3 }).save(outputPath("pixels.png"));
console.log(`wrote ${file}`);

await py.shutdown();
