// reticulate's tests/testthat/test-python-datetime.R: a JS Date is a Python datetime (in UTC) and back; a Python
// date is the Date of its midnight in UTC.
import { afterAll, expect, test } from "vitest";
import { py, toJs, toPy } from "../../src/index.js";

afterAll(() => py.shutdown());

const today = () => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
};

test("test-python-datetime.R: R dates can be converted to / from Python datetimes", async () => {
  const before = [today(), new Date(Date.UTC(2019, 3, 6))];
  expect(await toJs(toPy(before))).toEqual(before);
  // A Python date comes back as that Date.
  expect(await py.eval("__import__('datetime').date(2019, 4, 6)")).toEqual(new Date(Date.UTC(2019, 3, 6)));
});

test("test-python-datetime.R: R times can be converted to / from Python datetimes", async () => {
  const before = new Date();
  const after = (await toJs(toPy(before))) as Date;
  expect(after.getTime()).toBe(before.getTime());
  expect(await py.eval("lambda d: type(d).__name__ + ' ' + str(d.tzinfo)")(before)).toBe("datetime UTC");
});

test("test-python-datetime.R: lists of times are converted", async () => {
  const dates = [today(), today(), today()];
  expect(await toJs(toPy(dates))).toEqual(dates);
});

test("test-python-datetime.R: R times are converted to NumPy datetime64", async () => {
  // An R vector of times is one numpy array; a JS array of Dates is a list of datetimes, which numpy makes one.
  const np = py.import("numpy", { convert: false });
  const before = [new Date(), new Date(), new Date()];
  const converted = np.array(before, { dtype: "datetime64[ms]" });
  expect(await np.issubdtype(converted.dtype, np.datetime64)).toBe(true);
  const after = (await converted.tolist()) as Date[];
  expect(after.map((d) => d.getTime())).toEqual(before.map((d) => d.getTime()));
});

test("test-python-datetime.R: R datetimes can be passed to Python functions", async () => {
  await py.exec("def identity(x): return x");
  const main = py.import("__main__");
  const date = today();
  expect(await main.identity(date)).toEqual(date);
});

test("test-python-datetime.R: timezone information is not lost during conversion", async () => {
  const datetime = py.import("datetime", { convert: false });
  const pdt = datetime.datetime({ year: 2020, month: 8, day: 24, hour: 3, minute: 4, second: 5, tzinfo: datetime.timezone.utc });
  const rdt = (await toJs(pdt)) as Date;
  // A JS Date is an instant, with no time zone of its own: the instant is kept.
  expect(rdt.toISOString()).toBe("2020-08-24T03:04:05.000Z");
  const zoneinfo = py.import("zoneinfo");
  const ny = datetime.datetime.now(zoneinfo.ZoneInfo("America/New_York"));
  const nyDate = (await toJs(ny)) as Date;
  expect(nyDate.getTime()).toBe(Math.floor(((await ny.timestamp()) as number) * 1000));
  // A naive datetime is local time, as Python's datetime.timestamp() takes it.
  const naive = datetime.datetime(2020, 8, 24, 3, 4, 5);
  expect(((await toJs(naive)) as Date).getTime()).toBe(((await naive.timestamp()) as number) * 1000);
});
