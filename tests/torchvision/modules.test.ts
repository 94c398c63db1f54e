// The typed torch and torchvision modules at run time: what the declarations promise exists in Python.
import { afterAll, describe, expect, it } from "vitest";
import { PythonError, py, str, tuple } from "../../src/index.js";

afterAll(() => py.shutdown());

describe("typed torch and torchvision at run time", () => {
  const torch = py.import("torch", { convert: false });
  const tv = py.import("torchvision", { convert: false });

  it("tensors: permute, to, shape, dtype, device", async () => {
    const t = torch.rand(2, 3, 4, { dtype: torch.float64 });
    const p = t.permute(2, 0, 1).to({ dtype: torch.float32 });
    expect(await str(p.shape)).toBe("torch.Size([4, 2, 3])");
    expect(await str(p.dtype)).toBe("torch.float32");
    expect(await str(p.device)).toBe("cpu");
    expect(await p.dim()).toBe(3);
    expect(await torch.tensor([1, 2], { dtype: torch.int64 }).sum().item()).toBe(3);
  });

  it("tv.transforms.v2 works without importing the submodule first, as reticulate's `$` does", async () => {
    const compose = tv.transforms.v2.Compose([tv.transforms.v2.ToImage(), tv.transforms.v2.ToDtype(torch.float32, { scale: true })]);
    const np = py.import("numpy", { convert: false });
    const image = compose(np.zeros(tuple(4, 5, 3), { dtype: np.uint8 }));
    expect(await str(image.shape)).toBe("torch.Size([3, 4, 5])");
    expect(await str(image.dtype)).toBe("torch.float32");
  });

  it("a missing attribute is still an AttributeError, also on a package", async () => {
    const err = await tv.transforms.no_such_thing.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PythonError);
    expect((err as PythonError).type).toBe("AttributeError");
    expect((err as PythonError).pythonMessage).toContain("no_such_thing");
  });
});
