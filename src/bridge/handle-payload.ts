// The payload of a handle extension ([ref, type name, repr]), read by hand. Decoding it with msgpackr from
// inside msgpackr (an extension's unpack) makes msgpackr save its state, which copies the whole message each
// time: a reply carrying many handles (an iteration pull of a few hundred batches) decoded in time quadratic
// in its size. This reader knows the few layouts Python's msgpack writes for these three values.
const utf8 = new TextDecoder();

/** `[ref, typeName, repr]`, or undefined for a layout this reader does not know (msgpackr then reads it). */
export function readHandlePayload(b: Uint8Array): [number, string, string | null] | undefined {
  if (b.length < 3 || b[0] !== 0x93) return undefined; // a fixarray of 3
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let pos = 1;

  const readInt = (): number | undefined => {
    const t = b[pos++]!;
    if (t <= 0x7f) return t;
    if (t >= 0xe0) return t - 0x100;
    let v: number;
    switch (t) {
      case 0xcc: v = view.getUint8(pos); pos += 1; return v;
      case 0xcd: v = view.getUint16(pos); pos += 2; return v;
      case 0xce: v = view.getUint32(pos); pos += 4; return v;
      case 0xd0: v = view.getInt8(pos); pos += 1; return v;
      case 0xd1: v = view.getInt16(pos); pos += 2; return v;
      case 0xd2: v = view.getInt32(pos); pos += 4; return v;
      case 0xd3: v = Number(view.getBigInt64(pos)); pos += 8; return v;
      default: return undefined;
    }
  };

  const readStr = (): string | null | undefined => {
    const t = b[pos++];
    let length: number;
    if (t === 0xc0) return null;
    if (t === undefined) return undefined;
    if ((t & 0xe0) === 0xa0) length = t & 0x1f;
    else if (t === 0xd9) { length = view.getUint8(pos); pos += 1; }
    else if (t === 0xda) { length = view.getUint16(pos); pos += 2; }
    else if (t === 0xdb) { length = view.getUint32(pos); pos += 4; }
    else return undefined;
    if (pos + length > b.length) return undefined;
    const s = utf8.decode(b.subarray(pos, pos + length));
    pos += length;
    return s;
  };

  try {
    const ref = readInt();
    const typeName = readStr();
    const repr = readStr();
    if (ref === undefined || typeof typeName !== "string" || repr === undefined || pos !== b.length) return undefined;
    return [ref, typeName, repr];
  } catch {
    return undefined; // a truncated payload: msgpackr reports it properly
  }
}
