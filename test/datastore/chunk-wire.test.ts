// The hand codec of a copy's chunks (datastore/chunk-wire.ts) against the loader's codec of the
// same messages, both ways, and its validation: every bad entry named by its index, framing
// errors (truncation, lengths past the end, wrong wire types) refused, unknown fields skipped.
import test from 'ava';
import fc from 'fast-check';
import { method } from '../../platform/raw-calls.js';
import { UndecodableRequest } from '../../platform/proto.js';
import { ChunkBytes, decodeChunk, encodeChunk, hasIngestStart } from '../../datastore/chunk-wire.js';
import { importedEntries } from '../../datastore/validate.js';
import { InvalidArgumentError } from '../../platform/errors.js';
import type { DataEntry } from '../../datastore/engine.js';
import type { IngestMessage__Output } from '../../generated/proto/shardcast/v1/IngestMessage.js';
import { DEFAULT_MAX_KEY_BYTES, DEFAULT_MAX_REQUEST_ID_BYTES, DEFAULT_MAX_VALUE_BYTES, MAX_VERSION } from '../../datastore/limits.js';

const INGEST = method('shardcast.v1.DataPlane', 'Ingest');
const EXPORT_CHUNK = method('shardcast.v1.DataPlane', 'Export');
const loaderDecode = (b: Buffer): IngestMessage__Output => INGEST.requestDeserialize(b) as IngestMessage__Output;
const U64_MAX = (1n << 64n) - 1n;

const entryArb = fc.record({
  key: fc.uint8Array({ minLength: 1, maxLength: 200 }).map((a) => Buffer.from(a)),
  value: fc.uint8Array({ maxLength: 400 }).map((a) => Buffer.from(a)),
  version: fc.oneof(fc.bigInt({ min: 1n, max: MAX_VERSION - 1n }), fc.constantFrom(1n, 127n, 128n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 63n, MAX_VERSION - 1n)),
  deleted: fc.boolean(),
  seq: fc.oneof(fc.bigInt({ min: 0n, max: U64_MAX }), fc.constantFrom(0n, 1n, 2n ** 56n, U64_MAX)),
  requestId: fc.oneof(fc.constant(''), fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 })),
});

const chunkArb = fc.record({ entries: fc.array(entryArb, { maxLength: 12 }), seq: fc.bigInt({ min: 0n, max: U64_MAX }), snapshotDone: fc.boolean() });

function asImported(e: DataEntry): DataEntry {
  return { key: e.key, value: e.deleted ? Buffer.alloc(0) : e.value, version: e.version, deleted: e.deleted, seq: 0n, requestId: e.requestId ?? '' };
}

const plain = (es: DataEntry[]) => es.map((e) => ({ ...e, key: Buffer.from(e.key).toString('hex'), value: Buffer.from(e.value).toString('hex') }));

test('what encodeChunk writes, the loader decodes to the same chunk', (t) => {
  fc.assert(
    fc.property(chunkArb, (c) => {
      const m = loaderDecode(encodeChunk(c.entries, c.seq, c.snapshotDone));
      t.is(m.seq, c.seq.toString());
      t.is(m.snapshotDone, c.snapshotDone);
      t.is(m.start, null);
      t.deepEqual(
        m.entries.map((e) => ({ key: Buffer.from(e.key).toString('hex'), value: Buffer.from(e.value).toString('hex'), version: e.version, deleted: e.deleted, seq: e.seq, requestId: e.requestId })),
        c.entries.map((e) => ({ key: e.key.toString('hex'), value: e.value.toString('hex'), version: e.version.toString(), deleted: e.deleted, seq: e.seq.toString(), requestId: e.requestId })),
      );
    }),
    { numRuns: 300 },
  );
});

test('what the loader encodes, decodeChunk decodes as importedEntries does', (t) => {
  fc.assert(
    fc.property(chunkArb, fc.nat(1000), (c, first) => {
      const bytes = EXPORT_CHUNK.responseSerialize({ entries: c.entries.map((e) => ({ ...e, version: e.version.toString(), seq: e.seq.toString() })), seq: c.seq.toString(), snapshotDone: c.snapshotDone });
      t.false(hasIngestStart(bytes));
      const d = decodeChunk(bytes, first);
      t.is(d.seq, c.seq);
      t.is(d.snapshotDone, c.snapshotDone);
      t.deepEqual(plain(d.entries), plain(c.entries.map(asImported)));
      t.deepEqual(plain(d.entries), plain(importedEntries(loaderDecode(bytes).entries, first)));
    }),
    { numRuns: 300 },
  );
});

test('an empty chunk and the proto3 defaults', (t) => {
  t.is(encodeChunk([], 0n, false).length, 0);
  t.deepEqual(decodeChunk(Buffer.alloc(0)), { entries: [], seq: 0n, snapshotDone: false });
  const d = decodeChunk(encodeChunk([], 42n, true));
  t.is(d.seq, 42n);
  t.true(d.snapshotDone);
});

test('unknown fields are skipped, in the chunk and in an entry', (t) => {
  const entry = encodeChunk([{ key: Buffer.from('k'), value: Buffer.from('v'), version: 3n, deleted: false, seq: 0n, requestId: 'r' }], 7n, false);
  // field 9 varint, field 10 fixed64, field 11 bytes, field 12 fixed32 — appended to the entry and to the chunk.
  const extra = Buffer.from([0x48, 0x96, 0x01, 0x51, 1, 2, 3, 4, 5, 6, 7, 8, 0x5a, 0x02, 0xaa, 0xbb, 0x65, 1, 2, 3, 4]);
  const body = Buffer.concat([entry.subarray(2, 2 + entry[1]!), extra]);
  const msg = Buffer.concat([Buffer.from([0x0a, body.length]), body, entry.subarray(2 + entry[1]!), extra]);
  const d = decodeChunk(msg);
  t.is(d.entries.length, 1);
  t.is(d.entries[0]!.key.toString(), 'k');
  t.is(d.entries[0]!.value.toString(), 'v');
  t.is(d.entries[0]!.version, 3n);
  t.is(d.entries[0]!.requestId, 'r');
  t.is(d.seq, 7n);
  t.deepEqual(plain(d.entries), plain(importedEntries(loaderDecode(msg).entries)));
});

test('keys and values are views of the message, not copies', (t) => {
  const msg = encodeChunk([{ key: Buffer.from('key'), value: Buffer.alloc(1000, 7), version: 1n, deleted: false, seq: 0n }], 1n, true);
  const e = decodeChunk(msg).entries[0]!;
  t.is(e.value.buffer, msg.buffer);
  t.is(e.key.buffer, msg.buffer);
});

test('a deletion imports with an empty value whatever it carried', (t) => {
  const msg = EXPORT_CHUNK.responseSerialize({ entries: [{ key: Buffer.from('k'), value: Buffer.from('stale'), version: '4', deleted: true }], seq: '9' });
  const e = decodeChunk(msg).entries[0]!;
  t.true(e.deleted);
  t.is(e.value.length, 0);
});

/** A chunk of three good entries and `bad` as the third (index 2), encoded by the loader. */
function withBadThird(bad: Record<string, unknown>): Buffer {
  const good = { key: Buffer.from('a'), value: Buffer.from('b'), version: '1' };
  return EXPORT_CHUNK.responseSerialize({ entries: [good, good, { ...good, ...bad }, good], seq: '5' });
}

const invalid = (t: import('ava').ExecutionContext, f: () => unknown, message: RegExp) => {
  const err = t.throws(f, { instanceOf: InvalidArgumentError });
  t.regex(err!.message, message);
};

test('a bad entry is named by its index across the stream, as importedEntries names it', (t) => {
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ version: '0' }, /^entries\[12\]\.version must be at least 1$/],
    [{ version: MAX_VERSION.toString() }, /^entries\[12\]\.version \d+ is out of range/],
    [{ version: U64_MAX.toString() }, /^entries\[12\]\.version \d+ is out of range/],
    [{ key: Buffer.alloc(0) }, /^entries\[12\]\.key must not be empty$/],
    [{ key: Buffer.alloc(DEFAULT_MAX_KEY_BYTES + 1) }, /^entries\[12\]\.key is \d+ bytes; the limit is/],
    [{ requestId: 'x'.repeat(DEFAULT_MAX_REQUEST_ID_BYTES + 1) }, /^entries\[12\]\.request_id is longer than/],
    [{ requestId: 'é'.repeat(DEFAULT_MAX_REQUEST_ID_BYTES / 2 + 1) }, /^entries\[12\]\.request_id is longer than/],
  ];
  for (const [bad, message] of cases) {
    const msg = withBadThird(bad);
    invalid(t, () => decodeChunk(msg, 10), message);
    // The same message as the loader's path gives.
    const loader = t.throws(() => importedEntries(loaderDecode(msg).entries, 10));
    t.is(loader!.message, (t.throws(() => decodeChunk(msg, 10)) as Error).message);
  }
});

test('a value over the limit is refused, naming the entry', (t) => {
  const msg = withBadThird({ value: Buffer.alloc(DEFAULT_MAX_VALUE_BYTES + 1) });
  invalid(t, () => decodeChunk(msg, 0), /^entries\[2\]\.value is \d+ bytes; the limit is/);
});

test('truncation anywhere is refused or ends at an entry boundary, never misread', (t) => {
  const entries: DataEntry[] = [0, 1, 2].map((i) => ({ key: Buffer.from(`key-${i}`), value: Buffer.alloc(300, i), version: 2n ** 40n + BigInt(i), deleted: false, seq: BigInt(i + 1), requestId: `req-${i}` }));
  const msg = encodeChunk(entries, 2n ** 35n, true);
  // Where each entry ends (a cut there leaves whole entries).
  const boundaries = new Set<number>([0]);
  let p = 0;
  for (const e of entries) boundaries.add((p += encodeChunk([e], 0n, false).length));
  const seqBytes = encodeChunk([], 2n ** 35n, false).length;
  for (let cut = 0; cut < msg.length; cut++) {
    const part = Buffer.from(msg.subarray(0, cut));
    const loaderRefuses = loaderDecode(part) instanceof UndecodableRequest;
    if (boundaries.has(cut)) {
      t.notThrows(() => decodeChunk(part), `cut at ${cut}`);
      t.is(decodeChunk(part).entries.length, [...boundaries].indexOf(cut));
      continue;
    }
    if (cut > p) {
      // Inside the trailing seq / snapshot_done fields: whole only right after seq. (protobufjs
      // reads a varint cut short at the end of a message as if it ended there; this refuses it.)
      if (cut === p + seqBytes) t.notThrows(() => decodeChunk(part), `cut at ${cut}`);
      else t.throws(() => decodeChunk(part), { instanceOf: InvalidArgumentError }, `cut at ${cut}`);
      continue;
    }
    const err = t.throws(() => decodeChunk(part, 5), { instanceOf: InvalidArgumentError }, `cut at ${cut}`);
    t.regex(err!.message, /^entries\[[5-7]\]/, `cut at ${cut}`);
    t.true(loaderRefuses, `cut at ${cut}`);
  }
});

test('a length past the end, a too-long varint, field 0 and a wrong wire type are refused', (t) => {
  // entries with a length of 100 but 3 bytes left.
  invalid(t, () => decodeChunk(Buffer.from([0x0a, 100, 0x0a, 0x01, 0x61]), 4), /^entries\[4\]: its length runs past the end/);
  // a key whose length runs past its entry.
  invalid(t, () => decodeChunk(Buffer.from([0x0a, 0x03, 0x0a, 0x09, 0x61]), 0), /^entries\[0\]\.key: its length runs past the end/);
  // a version varint of 11 bytes.
  invalid(t, () => decodeChunk(Buffer.from([0x0a, 0x0e, 0x0a, 0x01, 0x61, 0x18, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), 0), /^entries\[0\]\.version: truncated varint/);
  invalid(t, () => decodeChunk(Buffer.from([0x00, 0x01])), /field number 0/);
  // key sent as a varint (wire type 0).
  invalid(t, () => decodeChunk(Buffer.from([0x0a, 0x02, 0x08, 0x01]), 3), /^entries\[3\]: field 1 has wire type 0/);
  // entries as a varint.
  invalid(t, () => decodeChunk(Buffer.from([0x08, 0x01])), /field 1 has wire type 0/);
  // an unknown group wire type.
  invalid(t, () => decodeChunk(Buffer.from([0x0a, 0x02, 0x4b, 0x00]), 0), /^entries\[0\]: unknown field 9/);
});

test('start is found at the top level only; a chunk carrying it is refused', (t) => {
  const first = INGEST.requestSerialize({ start: { migrationId: '1', start: '0000000000000000', end: '1000000000000000', sourceNode: 'n1' } });
  t.true(hasIngestStart(first));
  t.false(hasIngestStart(encodeChunk([{ key: Buffer.from([0x7a]), value: Buffer.from([0x7a, 0x7a]), version: 1n, deleted: false, seq: 0n }], 1n, false)));
  t.false(hasIngestStart(Buffer.from([0x0a, 100])));
  invalid(t, () => decodeChunk(first), /start belongs in the first Ingest message only/);
  t.true(new ChunkBytes(first).bytes === first);
});
