// The parameters of a JS function, read from its source (Function.prototype.toString), for the Python signature
// of the callable that stands for it: `inspect.signature(f)` shows them and keyword arguments reach them by name.
// A hand-written scan rather than a JS parser (acorn and the like are a large dependency for one parameter list):
// it reads only the list, tracking brackets, strings and template literals.

/** How a parameter binds: as Python's POSITIONAL_OR_KEYWORD, VAR_POSITIONAL (`...rest`), VAR_KEYWORD. */
export const ParamKind = { POSITIONAL: 0, REST: 1, OPTIONS: 2 } as const;

/** [name, kind, has a default, the default when it is a literal (else null)]. */
export type JsParam = [string, number, boolean, unknown];

const cache = new WeakMap<Function, JsParam[] | null>();

/** The parameters of `fn`, or null when its source cannot be read as a parameter list (native, bound, class). */
export function jsParams(fn: Function): JsParam[] | null {
  let params = cache.get(fn);
  if (params === undefined) {
    try {
      params = parseParams(Function.prototype.toString.call(fn));
    } catch {
      params = null;
    }
    cache.set(fn, params);
  }
  return params;
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

function parseParams(source: string): JsParam[] | null {
  let s = source.trim();
  if (s.startsWith("class") || s.includes("[native code]")) return null;
  if (/^async\b/.test(s)) s = s.slice(5).trim();
  // `x => ...`: one parameter without parentheses.
  const bare = /^([A-Za-z_$][\w$]*)\s*=>/.exec(s);
  if (bare) return [[bare[1]!, ParamKind.POSITIONAL, false, null]];
  const open = s.indexOf("(");
  if (open < 0) return null;
  const close = matching(s, open);
  if (close < 0) return null;
  const parts = splitTopLevel(s.slice(open + 1, close));
  const params: JsParam[] = [];
  parts.forEach((raw, i) => {
    const part = raw.trim();
    if (part === "") return;
    if (part.startsWith("...")) {
      const name = part.slice(3).trim();
      params.push([IDENT.test(name) ? name : "args", ParamKind.REST, false, null]);
      return;
    }
    const eq = topLevelEquals(part);
    const target = (eq < 0 ? part : part.slice(0, eq)).trim();
    const hasDefault = eq >= 0;
    const literal = hasDefault ? literalValue(part.slice(eq + 1).trim()) : null;
    if (IDENT.test(target)) {
      params.push([target, ParamKind.POSITIONAL, hasDefault, literal]);
    } else if (target.startsWith("{") && i === parts.length - 1) {
      // A destructured last object: the keyword arguments (a trailing plain object holds them, proxy.ts).
      params.push(["kwargs", ParamKind.OPTIONS, false, null]);
    } else {
      params.push([`arg${i}`, ParamKind.POSITIONAL, hasDefault, null]);
    }
  });
  return params;
}

/** The index of the bracket closing the one at `open`, skipping strings, templates and comments; -1 if none. */
function matching(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"' || c === "'" || c === "`") {
      i = skipString(s, i);
      continue;
    }
    if (c === "/" && s[i + 1] === "*") {
      i = s.indexOf("*/", i + 2);
      if (i < 0) return -1;
      i++;
      continue;
    }
    if (c === "/" && s[i + 1] === "/") {
      i = s.indexOf("\n", i);
      if (i < 0) return -1;
      continue;
    }
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function skipString(s: string, start: number): number {
  const quote = s[start];
  for (let i = start + 1; i < s.length; i++) {
    if (s[i] === "\\") i++;
    else if (s[i] === quote) return i;
  }
  return s.length;
}

function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i]!;
    if (c === '"' || c === "'" || c === "`") i = skipString(list, i);
    else if (c === "/" && list[i + 1] === "*") i = list.indexOf("*/", i + 2) < 0 ? list.length : list.indexOf("*/", i + 2) + 1;
    else if (c === "/" && list[i + 1] === "/") i = list.indexOf("\n", i) < 0 ? list.length : list.indexOf("\n", i);
    else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (c === "," && depth === 0) {
      parts.push(list.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(list.slice(from));
  return parts.map(stripComments);
}

function stripComments(part: string): string {
  return part.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/[^\n]*/g, "");
}

function topLevelEquals(part: string): number {
  let depth = 0;
  for (let i = 0; i < part.length; i++) {
    const c = part[i]!;
    if (c === '"' || c === "'" || c === "`") i = skipString(part, i);
    else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (c === "=" && depth === 0 && part[i + 1] !== ">" && part[i + 1] !== "=") return i;
  }
  return -1;
}

/** A default written as a number, string, boolean or null literal, as its value; anything else null. */
function literalValue(text: string): unknown {
  if (text === "true") return true;
  if (text === "false") return false;
  if (/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return Number(text);
  if (/^(["'])(?:\\.|(?!\1).)*\1$/.test(text)) {
    try {
      return JSON.parse(text[0] === "'" ? `"${text.slice(1, -1).replace(/"/g, '\\"')}"` : text);
    } catch {
      return null;
    }
  }
  return null;
}
