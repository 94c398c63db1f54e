// The payloads of the extensions Python sends with a payload, read by hand: a handle ([ref, type name, repr]), an
// array header ([dtype, shape, frame]) and a big int's digits (a string). Decoding a payload with msgpackr from inside msgpackr (an extension's
// unpack) makes msgpackr save its state, which copies the whole message each time: a reply carrying many
// handles (an iteration pull of a few hundred batches) or many arrays (`toJs` of a list of arrays) decoded in
// time quadratic in its size. These readers know the layouts Python's msgpack writes for such values and give
// up (undefined) on anything else, which msgpackr then reads.
const utf8 = new TextDecoder();

/** A cursor over one payload; every read gives undefined for a layout it does not know. */
class PayloadReader {
  private pos = 0;
  private readonly view: DataView;

  constructor(private readonly b: Uint8Array) {
    this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }

  get done(): boolean {
    return this.pos === this.b.length;
  }

  /** The length of an array header (fixarray, array16), or undefined. */
  arrayLength(): number | undefined {
    const t = this.b[this.pos++];
    if (t === undefined) return undefined;
    if ((t & 0xf0) === 0x90) return t & 0x0f;
    if (t === 0xdc) return this.advance(2, this.view.getUint16(this.pos));
    return undefined;
  }

  int(): number | undefined {
    const t = this.b[this.pos++];
    if (t === undefined) return undefined;
    if (t <= 0x7f) return t;
    if (t >= 0xe0) return t - 0x100;
    const { view, pos } = this;
    switch (t) {
      case 0xcc: return this.advance(1, view.getUint8(pos));
      case 0xcd: return this.advance(2, view.getUint16(pos));
      case 0xce: return this.advance(4, view.getUint32(pos));
      case 0xd0: return this.advance(1, view.getInt8(pos));
      case 0xd1: return this.advance(2, view.getInt16(pos));
      case 0xd2: return this.advance(4, view.getInt32(pos));
      case 0xd3: return this.advance(8, Number(view.getBigInt64(pos)));
      default: return undefined;
    }
  }

  /** A string, null for nil, undefined for anything else. */
  str(): string | null | undefined {
    const t = this.b[this.pos++];
    let length: number;
    if (t === 0xc0) return null;
    if (t === undefined) return undefined;
    if ((t & 0xe0) === 0xa0) length = t & 0x1f;
    else if (t === 0xd9) length = this.advance(1, this.view.getUint8(this.pos));
    else if (t === 0xda) length = this.advance(2, this.view.getUint16(this.pos));
    else if (t === 0xdb) length = this.advance(4, this.view.getUint32(this.pos));
    else return undefined;
    if (this.pos + length > this.b.length) return undefined;
    return this.advance(length, utf8.decode(this.b.subarray(this.pos, this.pos + length)));
  }

  private advance<T>(bytes: number, value: T): T {
    this.pos += bytes;
    return value;
  }
}

/** `[ref, typeName, repr]`, or undefined for a layout this reader does not know (msgpackr then reads it). */
export function readHandlePayload(b: Uint8Array): [number, string, string | null] | undefined {
  try {
    const r = new PayloadReader(b);
    if (r.arrayLength() !== 3) return undefined;
    const ref = r.int();
    const typeName = r.str();
    const repr = r.str();
    if (ref === undefined || typeof typeName !== "string" || repr === undefined || !r.done) return undefined;
    return [ref, typeName, repr];
  } catch {
    return undefined; // a truncated payload: msgpackr reports it properly
  }
}

/** `[dtype, shape, frame]` of an array header, or undefined for a layout this reader does not know. */
export function readArrayPayload(b: Uint8Array): [string, number[], number] | undefined {
  try {
    const r = new PayloadReader(b);
    if (r.arrayLength() !== 3) return undefined;
    const dtype = r.str();
    const dims = r.arrayLength();
    if (typeof dtype !== "string" || dims === undefined) return undefined;
    const shape = new Array<number>(dims);
    for (let i = 0; i < dims; i++) {
      const n = r.int();
      if (n === undefined) return undefined;
      shape[i] = n;
    }
    const frame = r.int();
    if (frame === undefined || !r.done) return undefined;
    return [dtype, shape, frame];
  } catch {
    return undefined;
  }
}

/** A payload that is one string (a big int's digits), or undefined for anything else. Read here, not by msgpackr:
 *  its native string reader scans from the string to the end of the message, and an extension's payload is not
 *  part of the scan it made, so a reply of many big ints was scanned once per int. */
export function readStringPayload(b: Uint8Array): string | undefined {
  try {
    const r = new PayloadReader(b);
    const s = r.str();
    return typeof s === "string" && r.done ? s : undefined;
  } catch {
    return undefined;
  }
}
