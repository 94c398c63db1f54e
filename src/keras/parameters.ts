// The Python signature of a JS method, read from its source with a real parser (acorn): Python libraries read
// signatures (Keras passes `training` and `mask` only to a `call` that names them, `from_config` calls the
// constructor by keyword), so the names must be those the user wrote.
//
// What `fn.toString()` shows is the source as it runs, which is not always the source as written: esbuild
// (under tsx, and so in `npx tsx` scripts) renames a parameter that shares its name with a module-level binding
// (`mask` becomes `mask2`). esbuild picks the new name by adding a number and skipping names the file already
// uses, so a name `<base><digits>` that does not occur in the file as written, where `<base>` does, is such a
// rename: it is undone. The file as written is the one the class was defined in, found from the call site of
// `pyClass()` (tsx, vitest and Node's --enable-source-maps map call sites to the original file).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type * as Acorn from "acorn";

/** A JS function's parameters, as Python sees them. */
export interface PythonParameters {
  /** The named parameters, in order; a destructured one is `arg<i>`. */
  params: string[];
  /** How many of them have no default (the rest are optional: None in Python's signature). */
  required: number;
  /** `...rest`: Python's `*args, **kwargs`; keyword arguments arrive as a trailing plain object. */
  rest: boolean;
  /** The last JS parameter is an options object (`{ a, b }`, `= {}`, or named `kwargs`): Python's `**kwargs`. */
  options: boolean;
}

// acorn is loaded when the first class is made, not with the package: most scripts never make one.
let acorn: typeof Acorn | undefined;
function parser(): typeof Acorn {
  acorn ??= createRequire(import.meta.url)("acorn") as typeof Acorn;
  return acorn;
}

const PARSE_OPTIONS = { ecmaVersion: "latest", checkPrivateFields: false } as const;

/**
 * The parameters of `fn` (a method, function, arrow function or class: a class gives its constructor's, or
 * undefined when it has none). `writtenSource`, the text of the file `fn` was written in, undoes renames.
 */
export function parametersOf(fn: Function, writtenSource?: string): PythonParameters | undefined {
  const text = Function.prototype.toString.call(fn);
  const node = functionNode(text, fn);
  if (node === null) return undefined;
  const out: PythonParameters = { params: [], required: -1 as number, rest: false, options: false };
  const params = node.params;
  params.forEach((p, i) => {
    if (p.type === "RestElement") {
      out.rest = true;
      return;
    }
    const last = i === params.length - 1;
    const target = p.type === "AssignmentPattern" ? p.left : p;
    const hasDefault = p.type === "AssignmentPattern";
    if (last && isOptionsObject(p)) {
      out.options = true;
      return;
    }
    if (hasDefault && out.required < 0) out.required = out.params.length;
    out.params.push(target.type === "Identifier" ? target.name : `arg${i}`);
  });
  if (out.required < 0) out.required = out.params.length;
  if (writtenSource !== undefined) out.params = undoRenames(out.params, writtenSource);
  return out;
}

function isOptionsObject(p: Acorn.Pattern): boolean {
  if (p.type === "ObjectPattern") return true;
  if (p.type === "Identifier") return p.name === "kwargs";
  if (p.type === "AssignmentPattern") {
    return p.left.type === "ObjectPattern" || p.right.type === "ObjectExpression" || (p.left.type === "Identifier" && p.left.name === "kwargs");
  }
  return false;
}

type FunctionNode = Acorn.Function;

/** The function node of `text`; null for a class without a constructor. */
function functionNode(text: string, fn: Function): FunctionNode | null {
  const { parseExpressionAt } = parser();
  const attempt = (wrapped: string, offset: number): Acorn.Expression | undefined => {
    try {
      return parseExpressionAt(wrapped, offset, PARSE_OPTIONS);
    } catch {
      return undefined;
    }
  };
  // A function, arrow function or class is an expression as it stands; a method (`call(x) {}`, `async
  // call(x) {}`, `*gen() {}`) is one inside a class body.
  const direct = attempt(`(${text})`, 0);
  if (direct?.type === "ClassExpression") {
    const ctor = direct.body.body.find((m) => m.type === "MethodDefinition" && m.kind === "constructor");
    return ctor && ctor.type === "MethodDefinition" ? ctor.value : null;
  }
  if (direct?.type === "FunctionExpression" || direct?.type === "ArrowFunctionExpression") return direct;
  const wrapped = attempt(`(class { ${text} })`, 0);
  if (wrapped?.type === "ClassExpression") {
    const method = wrapped.body.body[0];
    if (method?.type === "MethodDefinition") return method.value;
  }
  throw new TypeError(`cannot read the parameters of ${fn.name || "a function"} from its source: ${text.slice(0, 80)}`);
}

function undoRenames(params: string[], written: string): string[] {
  const names = identifiersOf(written);
  return params.map((name) => {
    const m = /^([A-Za-z_$][\w$]*?)(\d+)$/.exec(name);
    if (!m) return name;
    const base = m[1]!;
    const original = names.has(name) || !names.has(base) ? name : base;
    return original !== name && params.includes(original) ? name : original;
  });
}

const identifiers = new Map<string, Set<string>>();

/**
 * The identifiers a source file uses, from acorn's tokenizer (comments and strings do not count: a comment that
 * mentions `mask2` must not keep a renamed `mask`). The file is TypeScript, which the tokenizer mostly reads (type
 * annotations are names and punctuation); where it cannot, every word of the text counts, which only keeps names
 * as they run.
 */
function identifiersOf(text: string): Set<string> {
  let names = identifiers.get(text);
  if (names) return names;
  names = new Set<string>();
  try {
    for (const token of parser().tokenizer(text, { ecmaVersion: "latest", allowHashBang: true })) {
      if (token.type.label === "name") names.add((token as unknown as { value: string }).value);
    }
  } catch {
    for (const word of text.match(/[A-Za-z_$][\w$]*/g) ?? []) names.add(word);
  }
  identifiers.set(text, names);
  return names;
}

const sources = new Map<string, string | undefined>();

/**
 * The text of the file that called the function which called this one (`pyClass()`'s caller), or undefined
 * where there is no readable file (a REPL, `eval`, a notebook cell).
 */
export function callerSource(skip: (file: string) => boolean): string | undefined {
  const stack = new Error().stack ?? "";
  for (const line of stack.split("\n").slice(1)) {
    const m = /\(?((?:file:\/\/)?\/[^():]+|[A-Za-z]:\\[^():]+):\d+:\d+\)?\s*$/.exec(line);
    if (!m) continue;
    const file = m[1]!.startsWith("file://") ? fileURLToPath(m[1]!) : m[1]!;
    if (skip(file)) continue;
    if (!sources.has(file)) {
      try {
        sources.set(file, readFileSync(file, "utf8"));
      } catch {
        sources.set(file, undefined);
      }
    }
    return sources.get(file);
  }
  return undefined;
}
