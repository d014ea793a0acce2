// Export (snapshot + change tail) into Import on a second node, the way a migration copies a
// microshard; then checksums, cutover, drop. Also chunking, truncated tails and back-pressure.
import test from 'ava';
import { status, type ClientReadableStream, type ServiceError } from '@grpc/grpc-js';
import { keyPosition, positionToHex } from '../../core/keyspace.js';
import { deadline } from '../../platform/server.js';
import { EventEmitter } from 'node:events';
import { assign, call, fullTable, keysIn, ranges, sleep, startNode, tempDir, waitFor } from './helpers.js';
import { Engine } from '../../datastore/engine.js';
import { Ownership } from '../../datastore/ownership.js';
import { DataPlaneService } from '../../datastore/service.js';
import { silentLogger } from '../../platform/logger.js';
import type { DataPlaneClient } from '../../generated/proto/shardcast/v1/DataPlane.js';
import type { ExportChunk__Output } from '../../generated/proto/shardcast/v1/ExportChunk.js';

const NODES = { a: 'a-host:1', b: 'b-host:2' };

function put(client: DataPlaneClient, key: string, epoch: number, value: string): Promise<{ version: string }> {
  return call(client, 'Put', { key: Buffer.from(key), value: Buffer.from(value), epoch: String(epoch) });
}

/** Collects an Export stream; `until` resolves when a chunk satisfies a predicate. */
class ExportReader {
  readonly chunks: ExportChunk__Output[] = [];
  readonly stream: ClientReadableStream<ExportChunk__Output>;
  error: ServiceError | undefined;
  ended = false;
  private waiters: Array<() => void> = [];

  constructor(client: DataPlaneClient, req: Record<string, unknown>, onChunk?: (c: ExportChunk__Output) => void) {
    this.stream = client.Export(req, { deadline: deadline(60_000) });
    this.stream.on('data', (c: ExportChunk__Output) => {
      this.chunks.push(c);
      onChunk?.(c);
      this.wake();
    });
    this.stream.on('error', (e: ServiceError) => {
      this.error = e;
      this.wake();
    });
    this.stream.on('end', () => {
      this.ended = true;
      this.wake();
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  async until(pred: (r: ExportReader) => boolean, ms = 10_000): Promise<void> {
    const stopAt = Date.now() + ms;
    for (;;) {
      if (this.error) throw this.error;
      if (pred(this)) return;
      if (Date.now() > stopAt) throw new Error('timed out waiting on the export stream');
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 100);
      });
    }
  }

  maxSeq(): bigint {
    return this.chunks.reduce((m, c) => (BigInt(c.seq) > m ? BigInt(c.seq) : m), 0n);
  }

  cancel(): void {
    this.stream.cancel();
  }
}

function openImport(client: DataPlaneClient): { write(entries: unknown[]): void; end(): Promise<{ entries: string; skippedOlder: string }> } {
  let result!: Promise<{ entries: string; skippedOlder: string }>;
  let s!: ReturnType<DataPlaneClient['Import']>;
  result = new Promise((resolve, reject) => {
    s = client.Import({ deadline: deadline(60_000) }, (err, res) => (err ? reject(err) : resolve(res as { entries: string; skippedOlder: string })));
  });
  return {
    write: (entries) => s.write({ entries: entries as never[] }),
    end: () => {
      s.end();
      return result;
    },
  };
}

test('snapshot + follow tail into Import on another node: checksums equal, cutover, drop', async (t) => {
  const a = await startNode(t, 'a');
  const b = await startNode(t, 'b');
  const table1 = fullTable(1, [{ owner: 'a', epoch: 1 }, { owner: 'a', epoch: 1 }], NODES);
  await assign(a.client, 'a', table1);
  await assign(b.client, 'b', table1);
  const [ms0] = ranges(2);
  const range = { start: positionToHex(ms0!.start), end: positionToHex(ms0!.end) };

  const inRange = keysIn(2, 0, 260, 'm');
  const outside = keysIn(2, 1, 40, 'o');
  for (const k of [...inRange.slice(0, 200), ...outside.slice(0, 20)]) await put(a.client, k, 1, `v1-${k}`);
  for (const k of inRange.slice(0, 10)) await call(a.client, 'Delete', { key: Buffer.from(k), epoch: '1' });

  // Copy: every chunk the source sends goes straight into the target's Import.
  const imp = openImport(b.client);
  let imported = 0;
  const exp = new ExportReader(a.client, { ...range, follow: true, chunkEntries: 37 }, (c) => {
    if (c.entries.length > 0) {
      imp.write(c.entries);
      imported += c.entries.length;
    }
  });
  await exp.until((r) => r.chunks.some((c) => c.snapshotDone));
  const snapSeq = BigInt(exp.chunks[0]!.seq);
  t.is(snapSeq, 230n, 'the first chunk carries the seq at the snapshot (220 puts + 10 deletes)');
  t.true(exp.chunks.filter((c) => c.snapshotDone).length === 1);
  const snapshotEntries = exp.chunks.slice(0, exp.chunks.findIndex((c) => c.snapshotDone) + 1).flatMap((c) => c.entries);
  t.is(snapshotEntries.length, 190, 'live entries of the range only');
  t.true(snapshotEntries.every((e) => !e.deleted && BigInt(e.version) >= 1n));
  t.true(exp.chunks.every((c) => c.entries.length <= 37));

  // Catching up: overwrites, deletions and new keys in the range, noise outside it.
  for (const k of inRange.slice(10, 40)) await put(a.client, k, 1, `v2-${k}`);
  for (const k of inRange.slice(40, 50)) await call(a.client, 'Delete', { key: Buffer.from(k), epoch: '1' });
  for (const k of inRange.slice(200, 260)) await put(a.client, k, 1, `v1-${k}`);
  await exp.until((r) => r.chunks.some((c) => c.entries.some((e) => e.deleted)));
  for (const k of outside.slice(20, 40)) await put(a.client, k, 1, `v1-${k}`);

  // Cutover: fence, then wait until the tail has been read through last_seq. The last changes
  // fell outside the range, so only a progress chunk (no entries) can say so.
  const { lastSeq } = await call(a.client, 'Fence', { microshardId: '0', epoch: '1', fenced: true });
  t.is(BigInt(lastSeq), 230n + 30n + 10n + 60n + 20n);
  await exp.until((r) => r.maxSeq() >= BigInt(lastSeq));
  const tail = exp.chunks.slice(exp.chunks.findIndex((c) => c.snapshotDone) + 1);
  t.true(tail.every((c) => c.entries.every((e) => BigInt(e.seq) > snapSeq && BigInt(e.seq) <= BigInt(lastSeq))));
  t.is(tail.flatMap((c) => c.entries).filter((e) => e.deleted).length, 10);
  exp.cancel();
  const res = await imp.end();
  t.is(res.entries, String(imported));
  t.is(res.skippedOlder, '0');

  const srcSum = await call(a.client, 'Checksum', range);
  const dstSum = await call(b.client, 'Checksum', range);
  t.is(srcSum.entries, String(200 - 10 - 10 + 60));
  t.deepEqual(dstSum, srcSum, 'target holds exactly the source range (keys and versions)');
  t.like(await call(b.client, 'Checksum', { start: positionToHex(ms0!.end), end: '10000000000000000' }), { entries: '0' }, 'nothing outside the range was copied');

  // Importing the same entries again changes nothing.
  const again = openImport(b.client);
  again.write(snapshotEntries);
  t.like(await again.end(), { entries: '0', skippedOlder: String(snapshotEntries.length) });
  t.deepEqual(await call(b.client, 'Checksum', range), srcSum);

  // Commit: b owns microshard 0 at epoch 2.
  const table2 = fullTable(2, [{ owner: 'b', epoch: 2 }, { owner: 'a', epoch: 1 }], NODES);
  await assign(a.client, 'a', table2);
  await assign(b.client, 'b', table2);
  const moved = inRange[20]!;
  t.like(await call(b.client, 'Get', { key: Buffer.from(moved) }), { found: true, value: Buffer.from(`v2-${moved}`), version: '2' });
  t.like(await call(b.client, 'Get', { key: Buffer.from(inRange[45]!) }), { found: false });
  t.like(await put(b.client, moved, 2, 'v3'), { version: '3' }, 'versions continue on the new owner');
  t.notDeepEqual(await call(b.client, 'Checksum', range), srcSum, 'a write changes the digest');
  const stale = (await t.throwsAsync(put(a.client, moved, 1, 'late'))) as ServiceError;
  t.is(stale.code, status.FAILED_PRECONDITION);
  t.is(stale.metadata.get('x-shardcast-owner-address')[0], NODES.b);

  // Cleanup on the source.
  t.like(await call(a.client, 'Drop', range), { entries: srcSum.entries });
  t.like(await call(a.client, 'Checksum', range), { entries: '0', digest: '0000000000000000' });
  t.like(await call(a.client, 'Stats', {}), { entries: '40' });
});

test('snapshot chunks are in hash order, bounded, first carries the seq, only the last says done', async (t) => {
  const { client } = await startNode(t, 'a');
  await assign(client, 'a', fullTable(1, [{ owner: 'a', epoch: 1 }]));
  for (let i = 0; i < 50; i++) await put(client, `c${i}`, 1, 'x'.repeat(i));
  const exp = new ExportReader(client, { start: '0', end: '10000000000000000', chunkEntries: 7 });
  await exp.until((r) => r.ended);
  t.is(exp.chunks.length, 8);
  t.is(exp.chunks[0]!.seq, '50');
  t.deepEqual(
    exp.chunks.map((c) => c.snapshotDone),
    [false, false, false, false, false, false, false, true],
  );
  const positions = exp.chunks.flatMap((c) => c.entries.map((e) => keyPosition(e.key)));
  t.is(positions.length, 50);
  t.true(positions.every((p, i) => i === 0 || positions[i - 1]! < p), 'ascending keyspace positions');
  const empty = new ExportReader(client, { start: '0', end: '1' });
  await empty.until((r) => r.ended);
  t.deepEqual(
    empty.chunks.map((c) => [c.entries.length, c.seq, c.snapshotDone]),
    [[0, '50', true]],
  );
});

test('tail from after_seq: truncated history is FAILED_PRECONDITION; new writes wake the tail', async (t) => {
  const { client } = await startNode(t, 'a', { changeLogRetention: 5, changeLogTrimIntervalMs: 20 });
  await assign(client, 'a', fullTable(1, [{ owner: 'a', epoch: 1 }]));
  for (let i = 0; i < 30; i++) await put(client, `t${i}`, 1, 'v');
  await call(client, 'Delete', { key: Buffer.from('t29'), epoch: '1' });
  // Wait for the background trimmer to cut the log down to 5 entries (26..31).
  let err: ServiceError | undefined;
  for (let i = 0; i < 100 && !err?.details.includes('seq 26'); i++) {
    const r = new ExportReader(client, { start: '0', end: '10000000000000000', follow: true, afterSeq: '1' });
    await r.until((x) => x.chunks.length > 0 || x.error !== undefined).catch(() => undefined);
    err = r.error;
    r.cancel();
    await sleep(20);
  }
  t.is(err?.code, status.FAILED_PRECONDITION);
  t.is(err?.details, 'tail truncated at seq 26; take a new snapshot');

  const ahead = new ExportReader(client, { start: '0', end: '10000000000000000', follow: true, afterSeq: '99' });
  await t.throwsAsync(ahead.until((r) => r.ended), { message: /ahead of this node's last seq 31/ });

  const tail = new ExportReader(client, { start: '0', end: '10000000000000000', follow: true, afterSeq: '28' });
  await tail.until((r) => r.maxSeq() >= 31n);
  const got = tail.chunks.flatMap((c) => c.entries).map((e) => [e.key.toString(), e.seq, e.deleted]);
  t.deepEqual(got, [
    ['t28', '29', false],
    // t29's put (seq 30) was superseded by its deletion (seq 31).
    ['t29', '31', true],
  ]);
  const before = tail.chunks.length;
  const started = performance.now();
  await put(client, 'woken', 1, 'now');
  await tail.until((r) => r.chunks.slice(before).some((c) => c.entries.some((e) => e.key.toString() === 'woken')), 5_000);
  t.log(`tail delivered a new write ${(performance.now() - started).toFixed(1)} ms after it was sent`);
  tail.cancel();
});

test('a paused reader of a 12 MB export loses nothing', async (t) => {
  const { client } = await startNode(t, 'a');
  const imp = openImport(client);
  const total = 3_000;
  for (let i = 0; i < total; i += 500) {
    imp.write(Array.from({ length: 500 }, (_, j) => ({ key: Buffer.from(`bp-${i + j}`), value: Buffer.alloc(4_096, (i + j) % 251), version: '1' })));
  }
  t.like(await imp.end(), { entries: String(total) });
  const exp = new ExportReader(client, { start: '0', end: '10000000000000000', chunkEntries: 50 });
  exp.stream.pause();
  await sleep(300);
  exp.stream.resume();
  await exp.until((r) => r.ended);
  const entries = exp.chunks.flatMap((c) => c.entries);
  t.is(entries.length, total);
  t.true(entries.every((e) => e.value.length === 4_096 && e.value[0] === Number(e.key.toString().slice(3)) % 251));
});

test('export writes nothing more after call.write returns false until the stream drains', async (t) => {
  const engine = new Engine({ dataDir: tempDir(t), trimIntervalMs: 0 });
  t.teardown(() => engine.close());
  await engine.importEntries(Array.from({ length: 100 }, (_, i) => ({ key: Buffer.from(`dr-${i}`), value: Buffer.from('v'), version: 1n, deleted: false, seq: 0n })));
  const service = new DataPlaneService(engine, new Ownership('a'), silentLogger);
  // A stand-in for the gRPC call whose buffer is always full: write() answers false.
  const written: unknown[] = [];
  let ended = false;
  const fakeCall = Object.assign(new EventEmitter(), {
    request: { start: '0', end: '10000000000000000', follow: false, afterSeq: '0', chunkEntries: 10 },
    cancelled: false,
    write: (chunk: unknown) => {
      written.push(chunk);
      return false;
    },
    end: () => {
      ended = true;
    },
  });
  (service.handlers().Export as unknown as (c: unknown) => void)(fakeCall);
  await sleep(150);
  t.is(written.length, 1, 'one chunk, then it waits');
  for (let i = 2; i <= 10; i++) {
    fakeCall.emit('drain');
    await waitFor(() => written.length >= i, 5_000, `chunk ${i}`);
    await sleep(10);
    t.is(written.length, i, 'exactly one chunk per drain');
  }
  t.false(ended);
  fakeCall.emit('drain');
  await waitFor(() => ended, 5_000, 'the end of the stream');
  t.pass('all 10 chunks sent, the stream ends');
});
