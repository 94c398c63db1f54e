// Measurement 6: a loop over a DataLoader of 2,000 small batches (batch_size=1 over a [2000, 1] float tensor),
// through tsreticulate's `iterate`, through pythonia's async iteration, and in plain Python
// (bench/python/iteration.py, the same interpreter). The two bridges live in this one process and the Python
// script beside it; the three take their loops in turn, the order rotating each run, so that a busy neighbour
// slows each of them alike. Each builds its own loader and warms up with one untimed loop.
import { execa } from "execa";
import { iterate, py } from "../../dist/index.js";
import { LineReader } from "../lib/lines.js";
import { benchPython } from "../lib/python.js";
import { arg, report } from "../lib/samples.js";
import { LOADER_ITEMS } from "../lib/sizes.js";

const runs = arg("runs", 5);
const pythoniaRuns = arg("pythonia-runs", runs); // a round trip per batch: seconds per loop
const result: Record<string, number[]> = {};
const add = (key: string, value: number) => (result[key] ??= []).push(value);

interface Contender {
  readonly name: string;
  /** One loop over the loader; milliseconds. */
  loop(): Promise<number>;
  close(): Promise<void>;
}

const expectItems = (name: string, n: number) => {
  if (n !== LOADER_ITEMS) throw new Error(`${name}: the loop saw ${n} batches, not ${LOADER_ITEMS}`);
};

async function timed(name: string, body: () => Promise<number>): Promise<number> {
  const t0 = performance.now();
  const n = await body();
  const ms = performance.now() - t0;
  expectItems(name, n);
  return ms;
}

/** tsreticulate, as the workshop writes it: torch without conversion, `for await ... of iterate(loader)`. */
async function tsreticulate(): Promise<Contender> {
  const torch = py.import("torch", { convert: false });
  const dataset = torch.utils.data.TensorDataset(torch.arange(LOADER_ITEMS).float().reshape(LOADER_ITEMS, 1));
  const loader = torch.utils.data.DataLoader(dataset, { batch_size: 1 });
  const loop = async () => {
    let n = 0;
    for await (const _batch of iterate(loader)) n++;
    return n;
  };
  expectItems("tsreticulate", await loop()); // warm-up
  return { name: "tsreticulate", loop: () => timed("tsreticulate", loop), close: () => py.shutdown() };
}

/** pythonia, as its README iterates a Python object: `for await (const x of await pyObj)`. */
async function pythonia(): Promise<Contender> {
  process.env.PYTHON_BIN ??= await benchPython(); // pythonia starts its Python process as it loads
  const { python } = (await import("pythonia")).default;
  const torch = await python("torch");
  const data = await (await (await torch.arange(LOADER_ITEMS)).float()).reshape(LOADER_ITEMS, 1);
  const dataset = await torch.utils.data.TensorDataset(data);
  const loader = await torch.utils.data.DataLoader$(dataset, { batch_size: 1 });
  const loop = async () => {
    let n = 0;
    for await (const _batch of loader) n++;
    return n;
  };
  expectItems("pythonia", await loop()); // warm-up
  return {
    name: "pythonia",
    loop: () => timed("pythonia", loop),
    async close() {
      python.exit();
    },
  };
}

/** The same loop in plain Python: the script times its own loop, so the pipe to it is not counted. */
async function plainPython(): Promise<Contender> {
  const child = execa(await benchPython(), ["-u", "bench/python/iteration.py", String(LOADER_ITEMS)], {
    stderr: "inherit",
    buffer: false,
  });
  const lines = new LineReader(child.stdout!);
  const next = async (prefix: string) => {
    const line = await lines.next(prefix);
    if (line === undefined) throw new Error(`bench/python/iteration.py ended before printing ${prefix}`);
    return line;
  };
  await next("@@ready");
  return {
    name: "python",
    async loop() {
      child.stdin!.write("loop\n");
      return Number(await next("@@loop"));
    },
    async close() {
      child.stdin!.end("quit\n");
      await child;
    },
  };
}

const contenders = [await plainPython(), await tsreticulate(), await pythonia()];
const rotated = (run: number) => contenders.map((_, i) => contenders[(i + run) % contenders.length]!);
try {
  for (let run = 0; run < runs; run++) {
    for (const c of rotated(run)) {
      if (c.name === "pythonia" && run >= pythoniaRuns) continue;
      add(`${c.name}.loopMs`, await c.loop());
    }
  }
} finally {
  for (const c of contenders) await c.close();
}
report(result);
