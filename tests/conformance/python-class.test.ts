// reticulate's tests/testthat/test-python-class.R: `PyClass(name, members, inherit)` is a TypeScript class that
// extends `pyClass(base, ...)`. The R methods' `self` is `this`, `__init__` is the constructor, whose `super(...)`
// is the base's `__init__`, and `super()$name` is `super.name`. Where R converts an attribute read (`self$a`),
// TypeScript awaits it, so a method that reads a value is async (it still runs live, once per Python call).
import { afterAll, expect, test } from "vitest";
import { PythonError, py, pyClass, pythonClassOf } from "../../src/index.js";
import { rejection } from "./support.js";

afterAll(() => py.shutdown());

const object = py.builtins.object;
const main = py.import("__main__", { convert: false });

test("test-python-class.R: Can create a Python class and call methods", async () => {
  class Hi extends pyClass(object) {
    // R's member `name = NULL`. A proxy's type is a function's, whose `name` is read-only: `declare` lets a
    // method assign it (and emits nothing, so the Python instance holds the attribute).
    declare name: string;
    constructor(name: string) {
      super();
      this.name = name;
    }
    async say_hi() {
      return `Hi ${await this.name}`;
    }
  }

  const a = new Hi("World");
  const b = new Hi("R");

  expect(await a.say_hi()).toBe("Hi World");
  expect(await b.say_hi()).toBe("Hi R");
});

test("test-python-class.R: Can inherit from another class created in R", async () => {
  class Hi extends pyClass(object) {
    declare name: string; // R's member `name = NULL`
    constructor(name: string) {
      super();
      this.name = name;
    }
    async say_hi() {
      return `Hi ${await this.name}`;
    }
  }

  class Hello extends Hi {
    async say_hello() {
      return `Hello and ${await super.say_hi()}`;
    }
  }

  const a = new Hello("World");
  expect(await a.say_hello()).toBe("Hello and Hi World");
  // `inherit = Hi` makes Hello's Python class a subclass of Hi's, as a JS `extends` does.
  expect(await py.builtins.isinstance(a, Hi)).toBe(true);
  expect(await py.builtins.issubclass(Hello, Hi)).toBe(true);
});

test("test-python-class.R: Can inherit from a Python class", async () => {
  await py.exec(`
class Person(object):
  def __init__ (self, name):
    self.name = name
`);

  class Person2 extends pyClass(main.Person) {
    constructor(name: string) {
      super(name);
      this.test = name;
    }
  }

  const a = new Person2("World");
  expect(await a.name).toBe("World");
  expect(await a.test).toBe("World");
});

test("test-python-class.R: Can inherit from multiple Python classes", async () => {
  await py.exec(`
class Clock(object):
  def __init__ (self, time):
    self.time = time

class Calendar(object):
  def __init__ (self, date):
    self.date = date
`);
  const { Clock, Calendar } = main;

  // A JS constructor calls `super(...)` before it uses `this`; it is Clock.__init__, the first base's, which the
  // R case calls by name.
  class ClockCalendar extends pyClass(Clock, Calendar) {
    constructor(time: string, date: string) {
      super(time);
      Calendar.__init__(this, date);
    }
  }

  const a = new ClockCalendar("15:54", "2019-11-05");

  expect(await a.date).toBe("2019-11-05");
  expect(await a.time).toBe("15:54");
});

test("test-python-class.R: Can define and instantiate empty classes", async () => {
  class Hi extends pyClass(object) {
    declare name: string;
  }
  const x = new Hi();
  x.name = "Hi";

  // R's class vector "python.builtin.Hi": the instance's Python class is Hi.
  expect(await py.builtins.type(x).__name__).toBe("Hi");
  expect(await py.builtins.isinstance(x, Hi)).toBe(true);
  expect(await x.name).toBe("Hi");
});

test("test-python-class.R: Methods can access enclosed env", async () => {
  let a: number | undefined;
  class Hi extends pyClass(object) {
    say_a() {
      return a;
    }
  }

  const x = new Hi();

  a = 1;
  expect(await x.say_a()).toBe(1);
  a = 2;
  expect(await x.say_a()).toBe(2);
});

test("test-python-class.R: Can directly access variables from a class", async () => {
  const bt = py.builtins;

  class Hi extends pyClass(object) {
    constructor(a: number) {
      super();
      this.a = a;
      this.x = bt.isinstance; // a Python object that has no JS value
    }
    async add_2() {
      return (await this.a) + 2;
    }
    async get_class() {
      return typeof (await this.a);
    }
    async add_n(n: number) {
      return (await this.a) + n;
    }
  }

  // R's `Hi(a = 2)` is a keyword call: Python's call of the class, here through the Python class itself.
  for (const x of [pythonClassOf(Hi)({ a: 2 }), new Hi(2)]) {
    expect(await x.add_2()).toBe(4);
    expect(await x.a).toBe(2);
    expect(await x.get_class()).toBe("number");
    expect(await x.add_n(10)).toBe(12);
  }
});

test("test-python-class.R: Properties are automatically converted in inherited classes", async () => {
  const bt = py.import("builtins", { convert: false });
  await py.exec(`
class Base(object):
  def __init__ (self, x):
    self.x = 1
`);

  class Hi extends pyClass(main.Base) {
    constructor(a: number, ...rest: unknown[]) {
      super(...rest);
      this.a = a;
      this.k = bt.isinstance; // a Python object that has no JS value
    }
    async add_2() {
      return (await this.a) + 2;
    }
    async get_class() {
      return typeof (await this.a);
    }
    async add_n(n: number) {
      return (await this.a) + n;
    }
  }

  for (const x of [pythonClassOf(Hi)({ a: 2, x: 1 }), new Hi(2, { x: 1 })]) {
    expect(await x.add_2()).toBe(4);
    expect(await x.a).toBe(2);
    expect(await x.x).toBe(1);
    expect(await x.get_class()).toBe("number");
    expect(await x.add_n(10)).toBe(12);
  }
  // Base's __init__ gets what `...rest` gathered: without `x` it fails, as Python's would.
  const e = await rejection(pythonClassOf(Hi)({ a: 2 }));
  expect(e).toBeInstanceOf(PythonError);
  expect(e.message).toMatch(/missing 1 required positional argument: 'x'/);
});

test("test-python-class.R: can call super from an inherited class", async () => {
  // R sets `self$b` before calling `super()$__init__`; a JS constructor calls `super(...)` first.
  class Base1 extends pyClass(object) {
    constructor(a: number) {
      super();
      this.a = a;
    }
  }

  class Base2 extends Base1 {
    constructor(a: number, b: number) {
      super(a);
      this.b = b;
    }
  }

  class Inhe extends Base2 {
    constructor(a: number, b: number, c: number) {
      super(a, b);
      this.c = c;
    }
  }

  const x = new Inhe(10, 20, 30);

  expect(await x.a).toBe(10);
  expect(await x.b).toBe(20);
  expect(await x.c).toBe(30);
  // Made by Python too (`Inhe(10, 20, 30)` in R calls the Python class).
  const y = pythonClassOf(Inhe)(10, 20, 30);
  expect([await y.a, await y.b, await y.c]).toEqual([10, 20, 30]);
  expect(await py.builtins.isinstance(y, Base1)).toBe(true);
});
