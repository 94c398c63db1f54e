// Part of `npm run build`: dist/index.js becomes one file (and one chunk it shares with dist/workshop/index.js).
// Node 20 has no compile cache, and its ESM loader resolves, reads and compiles each of the package's 57 modules
// in turn: 60-70 ms of every script's start-up, against about 20 ms for the same code as one file (measured with
// the start-up benchmark's worker). The dependencies stay outside (they are required lazily, most of them after
// Python has been spawned). tsc still emits the other files of dist/, for the declarations and for the CLI
// (dist/cli.js), which loads its own copy.
import { build } from "esbuild";
import { readFileSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { dependencies } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

// Two entry points, the package root and tsreticulate/workshop, split so that the code both use (NDArray, the
// bridge) is one shared chunk: two self-contained bundles would give the workshop its own copy of each class, and
// an NDArray from loadCatAndDog() would then fail the root's instanceof checks.
// Chunk names carry a hash: last build's would stay beside this one's.
rmSync(join(root, "dist/chunks"), { recursive: true, force: true });
await build({
  entryPoints: { index: join(root, "src/index.ts"), "workshop/index": join(root, "src/workshop/index.ts") },
  outdir: join(root, "dist"),
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  // No keepNames: its helper call on every function made at run time cost 7 µs per bridge call (measured under
  // tsx, which sets it). Not minified, the bundle keeps every name that does not collide between modules;
  // the check below fails the build if a class would lose its name.
  external: Object.keys(dependencies).flatMap((name) => [name, `${name}/*`]),
  logLevel: "warning",
});

// esbuild renames a top-level name that two modules share by adding a number; a class's name is what users see in
// errors and in console.log, so such a collision is a build error (rename one of the two).
const bundled = [join(root, "dist/index.js"), join(root, "dist/workshop/index.js"), ...chunks()];
const renamed = bundled.flatMap((file) => [...readFileSync(file, "utf8").matchAll(/^var (\w+?\d+) = class\b/gm)].map((m) => m[1]));
if (renamed.length > 0) throw new Error(`the bundle renamed these classes (a name two modules share): ${renamed.join(", ")}`);

function chunks() {
  const dir = join(root, "dist/chunks");
  return readdirSync(dir).filter((f) => f.endsWith(".js")).map((f) => join(dir, f));
}
