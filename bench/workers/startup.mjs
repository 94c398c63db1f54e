// Measurement 4: from the start of a script to the first answered call, for one bridge (argv[2]). Plain
// JavaScript run by plain `node` (no tsx loader), importing each package as a user's script would: the built
// tsreticulate (dist/, `npm run build`) and pythonia. The bridge is imported after the clock starts, so loading
// the package counts; the load is also reported on its own (moduleMs), and so is the rest: starting Python
// until it answers (pythonMs).
const bridge = process.argv[2];
const t0 = performance.now();
let loaded;
let answered;
if (bridge === "tsreticulate") {
  const { py } = await import("../../dist/index.js");
  loaded = performance.now();
  await py.import("math").sqrt(2);
  answered = performance.now();
  await py.shutdown();
} else if (bridge === "pythonia") {
  const { python } = (await import("pythonia")).default; // starts its Python process as it loads
  loaded = performance.now();
  await (await python("math")).sqrt(2);
  answered = performance.now();
  python.exit();
} else {
  throw new Error(`unknown bridge ${bridge}`);
}
// The report line bench/lib/samples.ts reads (its `report`).
process.stdout.write(`\n@@bench-result ${JSON.stringify({ firstCallMs: [answered - t0], moduleMs: [loaded - t0], pythonMs: [answered - loaded] })}\n`);
