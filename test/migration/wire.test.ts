// The sidecars forward chunk bytes unchanged: the scanner must read exactly what the encoder
// wrote, and an ExportChunk's bytes must decode as an ImportChunk with the same entries.
import test from 'ava';
import fc from 'fast-check';
import { packageDefinition } from '../../platform/proto.js';
import { scanChunk, WireError } from '../../sidecar/migration/wire.js';
import { TokenBucket } from '../../sidecar/migration/rate.js';

type Def = { requestSerialize: (v: unknown) => Buffer; requestDeserialize: (b: Buffer) => any; responseSerialize: (v: unknown) => Buffer; responseDeserialize: (b: Buffer) => any };
const defs = packageDefinition as unknown as Record<string, Record<string, Def>>;
const exportDef = defs['shardcast.v1.DataPlane']!.Export!;
const importDef = defs['shardcast.v1.DataPlane']!.Import!;
const transferDef = defs['shardcast.v1.MigrationAgent']!.Transfer!;

const entryArb = fc.record({
  key: fc.uint8Array({ minLength: 1, maxLength: 40 }),
  value: fc.uint8Array({ maxLength: 300 }),
  version: fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }),
  deleted: fc.boolean(),
  seq: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  requestId: fc.string({ maxLength: 20 }),
});

test('scanChunk reads seq, snapshot_done and the entry count of any encoded ExportChunk; the bytes decode as an ImportChunk', (t) => {
  t.notThrows(() =>
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 20 }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.boolean(), (entries, seq, done) => {
        const wire = entries.map((e) => ({ ...e, key: Buffer.from(e.key), value: Buffer.from(e.value), version: e.version.toString(), seq: e.seq.toString() }));
        const buf = exportDef.responseSerialize({ entries: wire, seq: seq.toString(), snapshotDone: done });
        const info = scanChunk(buf);
        if (info.seq !== seq || info.snapshotDone !== done || info.entries !== entries.length || info.hasStart) return false;
        // The forwarding trick: the same bytes are a valid ImportChunk (and TransferMessage).
        const imp = importDef.requestDeserialize(buf);
        const tm = transferDef.requestDeserialize(buf);
        return (
          imp.entries.length === entries.length &&
          imp.entries.every((e: any, i: number) => Buffer.compare(e.key, Buffer.from(entries[i]!.key)) === 0 && e.version === entries[i]!.version.toString() && e.requestId === entries[i]!.requestId && e.deleted === entries[i]!.deleted) &&
          tm.seq === seq.toString() &&
          tm.snapshotDone === done
        );
      }),
    ),
  );
});

test('the start message is recognised; malformed bytes are refused with WireError', (t) => {
  const start = transferDef.requestSerialize({ start: { migrationId: '12', start: '0000000000000000', end: '1000000000000000', fresh: true } });
  t.true(scanChunk(start).hasStart);
  t.is(scanChunk(Buffer.alloc(0)).entries, 0);
  const good = exportDef.responseSerialize({ entries: [{ key: Buffer.from('k'), value: Buffer.from('v'), version: '1' }], seq: '300' });
  t.throws(() => scanChunk(good.subarray(0, good.length - 1)), { instanceOf: WireError });
  t.throws(() => scanChunk(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f])), { instanceOf: WireError, message: /runs past the end/ });
  t.throws(() => scanChunk(Buffer.from([0x00])), { instanceOf: WireError, message: /field number 0/ });
  t.throws(() => scanChunk(Buffer.from([0x0b])), { instanceOf: WireError, message: /wire type 3/ });
  t.throws(() => scanChunk(Buffer.from([0x10, 0x80])), { instanceOf: WireError, message: /truncated varint/ });
});

test('token bucket: unlimited at 0; otherwise the long-run rate is the budget', (t) => {
  const free = new TokenBucket(0, 0);
  t.is(free.take(1e9, 0), 0);
  const b = new TokenBucket(1000, 0, 100);
  let now = 0;
  let sent = 0;
  while (now < 10_000) {
    sent += 50;
    now += b.take(50, now) || 1;
  }
  // 10 s at 1000 B/s plus the 100 ms burst.
  t.true(sent >= 9_900 && sent <= 10_200, `sent ${sent} bytes in 10 s at 1000 B/s`);
  t.is(new TokenBucket(1000, 0, 100).take(600, 0), 500, 'a chunk beyond the burst waits for its debt');
});
