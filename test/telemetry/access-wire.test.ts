// The lean AccessBatch reader against the loader's own decoder, on generated batches.
import test from 'ava';
import fc from 'fast-check';
import { keyPosition } from '../../core/keyspace.js';
import { v1 } from '../../platform/proto.js';
import { AccessFields, scanAccessBatch, WireFormatError, type AccessSink } from '../../sidecar/telemetry/access-wire.js';
import type { AccessRecord } from '../../generated/proto/shardcast/v1/AccessRecord.js';

const method = v1.Sidecar.service.ReportAccess;

interface Seen {
  index: number;
  position: bigint;
  reads: number;
  writes: number;
  bytesRead: number;
  bytesWritten: number;
  latencyUs: number;
  errors: number;
  group: bigint;
  region: string;
}

function collect(buf: Buffer): { accepted: Seen[]; rejected: Array<[number, string]>; atMs: number; records: number; loopDelayUs: number } {
  const accepted: Seen[] = [];
  const rejected: Array<[number, string]> = [];
  const sink: AccessSink = {
    accept(f: AccessFields, index: number) {
      accepted.push({
        index,
        position: (BigInt(f.hi) << 32n) | BigInt(f.lo),
        reads: f.reads,
        writes: f.writes,
        bytesRead: f.bytesRead,
        bytesWritten: f.bytesWritten,
        latencyUs: f.latencyUs,
        errors: f.errors,
        group: (BigInt(f.groupHi) << 32n) | BigInt(f.groupLo),
        region: f.region,
      });
    },
    reject(index, reason) {
      rejected.push([index, reason]);
    },
  };
  const r = scanAccessBatch(buf, sink);
  return { accepted, rejected, ...r };
}

const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
const safe = fc.bigInt({ min: 0n, max: (1n << 53n) - 1n });
const recordArb: fc.Arbitrary<AccessRecord> = fc.record(
  {
    keyHash: fc.oneof(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map((b) => b.toString(16)), fc.constantFrom('', 'xyz', '12345678901234567', 'ABCDEF', '0')),
    key: fc.oneof(fc.constant(Buffer.alloc(0)), fc.uint8Array({ minLength: 1, maxLength: 40 }).map((u) => Buffer.from(u))),
    reads: fc.nat({ max: 0xffffffff }),
    writes: fc.nat({ max: 0xffffffff }),
    bytesRead: safe.map(String),
    bytesWritten: safe.map(String),
    latencyUs: safe.map(String),
    errors: fc.nat({ max: 0xffffffff }),
    coAccessGroup: u64.map(String),
    clientRegion: fc.oneof(fc.constant(''), fc.constantFrom('eu-west-1', 'us-east-1', 'ünïcode-región')),
  },
  { requiredKeys: [] },
);

test('the lean reader decodes exactly what the loader decodes (generated batches)', (t) => {
  fc.assert(
    fc.property(fc.array(recordArb, { maxLength: 40 }), fc.bigInt({ min: -(1n << 62n), max: 1n << 52n }), (records, atMs) => {
      const buf = method.requestSerialize({ atMs: String(atMs), records, loopDelayUs: String(records.length * 137) });
      const ref = method.requestDeserialize(buf);
      const got = collect(buf);
      if (got.records !== ref.records.length || got.atMs !== Number(atMs)) return false;
      if (got.loopDelayUs !== Number(ref.loopDelayUs)) return false;
      const byIndex = new Map(got.accepted.map((s) => [s.index, s]));
      const rejectedIdx = new Set(got.rejected.map(([i]) => i));
      for (let i = 0; i < ref.records.length; i++) {
        const r = ref.records[i]!;
        let expected: bigint | undefined;
        if (r.key.length > 0) expected = keyPosition(r.key);
        else if (/^[0-9a-fA-F]{1,16}$/.test(r.keyHash)) expected = BigInt('0x' + r.keyHash);
        if (expected === undefined) {
          if (!rejectedIdx.has(i) || byIndex.has(i)) return false;
          continue;
        }
        const s = byIndex.get(i);
        if (!s || rejectedIdx.has(i)) return false;
        if (s.position !== expected) return false;
        if (s.reads !== r.reads || s.writes !== r.writes || s.errors !== r.errors) return false;
        if (String(s.bytesRead) !== r.bytesRead || String(s.bytesWritten) !== r.bytesWritten || String(s.latencyUs) !== r.latencyUs) return false;
        if (s.group !== BigInt(r.coAccessGroup) || s.region !== r.clientRegion) return false;
      }
      return true;
    }),
    { numRuns: 300 },
  );
  t.pass();
});

test('unknown fields are skipped, in the batch and in records', (t) => {
  const rec = method.requestSerialize({ records: [{ keyHash: 'ff', reads: 2 }] });
  // Inner record bytes, then unknown fields of every wire type appended inside the record.
  const inner = rec.subarray(2); // tag 0x12, length, record
  const extra = Buffer.from([
    0x58, 0x96, 0x01, // field 11 varint 150
    0x61, 1, 2, 3, 4, 5, 6, 7, 8, // field 12 fixed64
    0x6a, 0x02, 0x41, 0x42, // field 13 length-delimited "AB"
    0x75, 9, 9, 9, 9, // field 14 fixed32
  ]);
  const record = Buffer.concat([inner, extra]);
  const batch = Buffer.concat([Buffer.from([0x12, record.length]), record, Buffer.from([0xa0, 0x06, 0x07])]); // + batch field 100 varint
  const got = collect(batch);
  t.is(got.records, 1);
  t.deepEqual(got.rejected, []);
  t.is(got.accepted[0]!.position, 0xffn);
  t.is(got.accepted[0]!.reads, 2);
});

test('broken batch framing throws before anything is delivered; a broken record is rejected alone', (t) => {
  const good = method.requestSerialize({ records: [{ keyHash: '01', reads: 1 }, { keyHash: '02', reads: 1 }] });
  const truncated = good.subarray(0, good.length - 1);
  let delivered = 0;
  const sink: AccessSink = { accept: () => delivered++, reject: () => delivered++ };
  t.throws(() => scanAccessBatch(truncated, sink), { instanceOf: WireFormatError, message: /runs past the end/ });
  t.is(delivered, 0);
  t.throws(() => scanAccessBatch(Buffer.from([0x0b]), sink), { instanceOf: WireFormatError }); // wire type 3 (group)
  // A record whose inner varint is cut: rejected, the next record still counts.
  const bad = Buffer.from([0x12, 0x02, 0x18, 0x80]); // field 3 varint with a continuation bit and no next byte
  const got = collect(Buffer.concat([bad, good]));
  t.is(got.records, 3);
  t.is(got.accepted.length, 2);
  t.deepEqual(got.rejected.map(([i]) => i), [0]);
  t.regex(got.rejected[0]![1], /malformed record/);
});

test('a bad key_hash is rejected with the offending text', (t) => {
  const got = collect(method.requestSerialize({ records: [{ keyHash: 'not-hex', reads: 1 }, { reads: 1 }, { keyHash: 'abc', reads: 1 }] }));
  t.deepEqual(
    got.rejected.map(([i, r]) => [i, r]),
    [
      [0, 'key_hash "not-hex" is not 1-16 hex digits'],
      [1, 'neither key nor key_hash is set'],
    ],
  );
  t.is(got.accepted[0]!.position, 0xabcn);
});
