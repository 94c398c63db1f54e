// The iteration workload, one child per round for one bridge (`--contender`): a loop over a DataLoader of
// 2,000 small batches (batch_size=1 over a [2000, 1] float tensor), one untimed loop, then `--loops` timed ones.
// tsreticulate's `iterate` and pythonia's async iteration each run here; plain Python runs the same loop in
// bench/python/iteration.py, a child of its own, and the orchestrator alternates the three.
import { arg, argString, fail, report, timed } from "../lib/samples.js";
import { benchPython } from "../lib/python.js";
import { LOADER_ITEMS } from "../lib/sizes.js";

const contender = argString("contender");
const loops = arg("loops", 3);
const watchdogMs = arg("watchdog-s", 120) * 1000;

/** One loop over the loader, counting its batches; the contender's own way of looping. */
type Loop = () => Promise<number>;

/** tsreticulate, as the workshop writes it: torch without conversion, `for await ... of iterate(loader)`. */
async function tsreticulate(): Promise<{ loop: Loop; close: () => Promise<void> }> {
  const { iterate, py } = await import("../../dist/index.js");
  const torch = py.import("torch", { convert: false });
  const dataset = torch.utils.data.TensorDataset(torch.arange(LOADER_ITEMS).float().reshape(LOADER_ITEMS, 1));
  const loader = torch.utils.data.DataLoader(dataset, { batch_size: 1 });
  const loop = async () => {
    let n = 0;
    for await (const _batch of iterate(loader)) n++;
    return n;
  };
  return { loop, close: () => py.shutdown() };
}

/** pythonia, as its README iterates a Python object: `for await (const x of await pyObj)`. */
async function pythonia(): Promise<{ loop: Loop; close: () => Promise<void> }> {
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
  return { loop, close: async () => python.exit() };
}

const contenders = { tsreticulate, pythonia } as const;
if (!(contender in contenders)) throw new Error(`unknown contender ${contender}`);
const { loop, close } = await contenders[contender as keyof typeof contenders]();
const loopMs: number[] = [];
try {
  for (let i = 0; i <= loops; i++) {
    let n = 0;
    const ms = await timed("a loop over the DataLoader", watchdogMs, async () => (n = await loop()));
    if (n !== LOADER_ITEMS) throw new Error(`the loop saw ${n} batches, not ${LOADER_ITEMS}`);
    if (i > 0) loopMs.push(ms); // the first is the warm-up
  }
} catch (error) {
  fail(`${contender}: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await close();
}
report({ loopMs });
process.exit(0);
