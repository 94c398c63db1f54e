// py.x`…`: a Python expression template, its `${}` values passed as arguments (never pasted as text), pipelined
// like a call, usable in recorded functions and on any bridge.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { Bridge, PythonError, py, recordFunction, str, tuple, type PyObject } from "../../src/index.js";

afterAll(() => py.shutdown());

const thisFile = fileURLToPath(import.meta.url);
/** The 1-based line of this file that holds `marker`. */
function lineOf(marker: string): number {
  return readFileSync(thisFile, "utf8").split(/\r?\n/).findIndex((l) => l.includes(marker)) + 1;
}

async function failure(p: PromiseLike<unknown>): Promise<PythonError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(PythonError);
  return e as PythonError;
}

describe("py.x", () => {
  it("evaluates operators on JS values and proxies", async () => {
    const a = py.builtins.int(3);
    expect(await py.x`${a} + ${2} * 0.5`).toBe(4);
    expect(await py.x`${a} ** 2 - ${a} // 2`).toBe(8);
    expect(await py.x`${"ab"} * ${a}`).toBe("ababab");
    expect(await py.x`${a} > 2 and ${null} is None`).toBe(true);
    expect(await py.x`1 + 1`).toBe(2); // no values at all
  });

  it("substitutes values, never text: a string stays a string", async () => {
    const sneaky = "__import__('os').getpid()";
    expect(await py.x`${sneaky}`).toBe(sneaky);
    expect(await py.x`len(${sneaky})`).toBe(sneaky.length);
    expect(await py.x`type(${tuple(1, 2)}).__name__, type(${[1, 2]}).__name__`).toEqual(["tuple", "list"]);
    expect(await py.x`type(${{ a: 1 }}).__name__`).toBe("dict");
  });

  it("slices tensors and numpy arrays", async () => {
    const np = py.import("numpy", { convert: false });
    const x = np.arange(24).reshape(2, 3, 4);
    const t = 1;
    expect(await py.x`${x}[:, ${t}, :].tolist()`).toEqual([
      [4, 5, 6, 7],
      [16, 17, 18, 19],
    ]);
    expect(await py.x`${x}[..., ::2].shape`).toEqual([2, 3, 2]);
    expect(await py.x`${x}[-1, 1:, ${t}]`).toMatchObject({ shape: [2] }); // a numpy array comes back as an NDArray
    const torch = py.import("torch", { convert: false });
    const y = torch.ones(2, 5, 3);
    expect(await str(py.x`${y}[:, ${t}, :].shape`)).toBe("torch.Size([2, 3])");
    expect(await py.x`float((${y} * 0.5 + ${y}).sum())`).toBe(45);
  });

  it("runs list comprehensions over proxies, with the values in scope inside them", async () => {
    const xs = py.builtins.list([1, 2, 3]);
    const k = 10;
    // Inside a comprehension only its first iterable is evaluated in the enclosing scope: `${k}` in the body
    // must still be found.
    expect(await py.x`[v * ${k} for v in ${xs}]`).toEqual([10, 20, 30]);
    expect(await py.x`{str(v): [w for w in range(v) if w != ${k}] for v in ${xs}}`).toEqual({
      "1": [0],
      "2": [0, 1],
      "3": [0, 1, 2],
    });
    expect(await py.x`sum(v for v in ${xs} if v > ${1})`).toBe(5);
  });

  it("nests: a template's proxy is a value of another", async () => {
    const a = py.builtins.int(4);
    const inner = py.x`${a} * 2`;
    expect(await py.x`${inner} + ${py.x`${a} - 1`}`).toBe(11);
  });

  it("is sent without waiting: a chain of templates and its await are one message", async () => {
    await py.x`0`;
    const session = py.current();
    const before = session.sentBatches;
    let v = py.x`${1} + 1`;
    for (let i = 0; i < 10; i++) v = py.x`${v} + 1`;
    expect(typeof v).toBe("function"); // a proxy at once
    expect(await v).toBe(12);
    expect(session.sentBatches - before).toBe(1);
  });

  it("may span lines, and takes Python's escapes as written", async () => {
    const xs = [3, 1, 2];
    expect(
      await py.x`sorted(
        ${xs},
        reverse=True,  # a comment
      )`,
    ).toEqual([3, 2, 1]);
    expect(await py.x`len("a\nb")`).toBe(3); // Python's "\n", one character
    expect(await py.x`r"a\d"`).toBe("a\\d");
  });

  it("compiles each template once: every evaluation of a call site runs the same code object", async () => {
    const codes: PyObject[] = [];
    for (let i = 0; i < 3; i++) codes.push(py.x`__import__("sys")._getframe(0).f_code`);
    expect(await py.eval("lambda a, b, c: a is b is c")(...codes)).toBe(true);
    expect(await py.x`${codes[0]}.co_filename`).toBe('<py.x `__import__("sys")._getframe(0).f_code`>');
  });

  it("sees what py.exec defined in __main__", async () => {
    await py.exec("def triple(v):\n    return 3 * v\n");
    expect(await py.x`triple(${5})`).toBe(15);
  });

  it("works inside a recorded function, which Python replays per call", async () => {
    const call = py.eval("lambda f, *a: [f(*a), f(*a)]");
    const f = recordFunction((x: PyObject, t: PyObject) => py.x`${x}[:, ${t}] * ${2} + ${py.x`${x}.sum()`}`, 2);
    const np = py.import("numpy", { convert: false });
    const x = np.arange(6).reshape(2, 3);
    const [first, second] = (await call(f, x, 1)) as { data: unknown }[];
    // x[:, 1] = [1, 4]; * 2 = [2, 8]; + x.sum() (15) = [17, 23]
    expect(Array.from(first!.data as ArrayLike<number | bigint>, Number)).toEqual([17, 23]);
    expect(Array.from(second!.data as ArrayLike<number | bigint>, Number)).toEqual([17, 23]);
    const g = recordFunction((xs: PyObject) => py.x`[v + 1 for v in ${xs}]`, 1);
    expect(await py.eval("lambda g: [g([1, 2]), g([5])]")(g)).toEqual([[2, 3], [6]]);
  });

  it("works on any bridge: a bridge of its own and a pool's workers", async () => {
    const other = new Bridge();
    try {
      expect(await other.x`${2} ** 10`).toBe(1024);
    } finally {
      await other.shutdown();
    }
    const pool = py.pool(1);
    try {
      const [r] = await pool.map([7], (v, worker) => worker.x`[${v}] * 2`);
      expect(r).toEqual({ status: "fulfilled", value: [7, 7] });
    } finally {
      await pool.shutdown();
    }
  });

  it("refuses a proxy of another Python process", async () => {
    const other = new Bridge();
    try {
      const foreign = other.builtins.int(1);
      expect(() => py.x`${foreign} + 1`).toThrow(/belongs to another Python process/);
    } finally {
      await other.shutdown();
    }
  });

  it("reports a syntax error naming the template, the place in it, and the TypeScript line", async () => {
    const a = 1;
    const e = await failure(py.x`${a} +* ${a}`); // the syntax error's line
    expect(e.type).toBe("SyntaxError");
    expect(e.pythonMessage).toBe("py.x`${…} +* ${…}` is not a Python expression: invalid syntax (column 7)");
    expect(e.callSite).toContain(`expression-template.test.ts:${lineOf("// the syntax error's line")}:`);
    expect(e.message).toContain("(issued at");
    // A syntax error is reported each time its template is evaluated (a failed compile is not cached).
    expect((await failure(py.x`${a} +* ${a}`)).type).toBe("SyntaxError");
    const statement = await failure(py.x`x = ${a}`);
    expect(statement.pythonMessage).toMatch(/^py\.x`x = \$\{…\}` is not a Python expression: /);
  });

  it("reports an exception raised by the expression as a PythonError at its line", async () => {
    const e = await failure(py.x`${1} / ${0}`); // the division's line
    expect(e.type).toBe("ZeroDivisionError");
    expect(e.callSite).toContain(`expression-template.test.ts:${lineOf("// the division's line")}:`);
    expect(e.pythonTraceback).toContain("<py.x `${…} / ${…}`>");
    const missing = await failure(py.x`no_such_name + ${1}`);
    expect(missing.type).toBe("NameError");
    expect(missing.pythonMessage).toContain("no_such_name");
  });

  it("rejects a value that cannot cross, naming which one, before sending anything", () => {
    expect(() => py.x`${1} + ${Symbol("s")}`).toThrow(/substitution\[1\]/);
  });

  it("is a template tag, and says so when called as a function", () => {
    const x = py.x as unknown as (s: string) => PyObject;
    expect(() => x.call(py, "1 + 1")).toThrow(/template tag/);
  });
});
