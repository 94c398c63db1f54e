// py.x`${a} + ${b} * 0.5`: a Python expression written as a template literal, for what TypeScript has no syntax
// for (operators on tensors, slicing, comprehensions). Each `${}` is a value passed to Python as any argument is
// (proxies stay the objects they stand for), never text pasted into the expression; python/tsreticulate/
// expression.py compiles each distinct template once. Like a call, it is sent without waiting and gives a proxy.
import type { CallSite } from "./errors/errors.js";
import { resultProxy, type PyObject } from "./proxy.js";
import type { Session } from "./session/session.js";
import { exprOp } from "./wire/operations.js";

/**
 * A template's literal parts, as written (`String.raw`: `"\n"` in the template is Python's escape, not a JS
 * newline), by its strings array, which JS keeps the same for every evaluation of one call site.
 */
const partsByTemplate = new WeakMap<TemplateStringsArray, string[]>();

const LABEL_LENGTH = 40;

function partsOf(strings: TemplateStringsArray): string[] {
  let parts = partsByTemplate.get(strings);
  if (!parts) {
    parts = [...strings.raw];
    partsByTemplate.set(strings, parts);
  }
  return parts;
}

function isTemplateStrings(value: unknown): value is TemplateStringsArray {
  return Array.isArray(value) && Array.isArray((value as { raw?: unknown }).raw);
}

/** What py.x`…` shows for itself in messages and inspect: the template with `${…}` where the values go. */
export function templateText(strings: TemplateStringsArray): string {
  return strings.raw.join("${…}");
}

/** Evaluates the template in the Python process of `session`: a proxy at once. */
export function expressionIn(
  session: Session,
  strings: TemplateStringsArray,
  values: unknown[],
  site: CallSite | undefined,
): PyObject {
  if (!isTemplateStrings(strings)) {
    throw new TypeError("py.x is a template tag: write py.x`${a} + ${b}`, not py.x(...)");
  }
  const parts = partsOf(strings);
  const wireValues = values.map((v, i) => session.toWire(v, ["substitution", i]));
  const ref = session.newRef();
  session.emit(exprOp(ref, parts, wireValues), site);
  const text = templateText(strings);
  const label = `py.x\`${text.length > LABEL_LENGTH ? `${text.slice(0, LABEL_LENGTH)}…` : text}\``;
  return resultProxy(session, ref, label, true);
}
