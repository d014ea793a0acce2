// The source side of a copy: this node's own sidecar opens Push; the node exports the range
// (datastore/export.ts) straight into an Ingest stream to the target storage node, so only the
// two storage nodes touch the bytes. Every chunk sent and every acknowledgement of the target is
// reported back on the Push stream, which is all the sidecar needs to follow the copy, decide
// when it has caught up, and set the bytes/s budget (a token bucket here, at the sender).
// Back-pressure is gRPC's: when the Ingest stream will not take more, the export waits.
import { firstMessage } from '../platform/first-message.js';
import * as grpc from '@grpc/grpc-js';
import { FailedPreconditionError, InvalidArgumentError, UnavailableError, toServiceError } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';
import { method, identity, type RawClients } from '../platform/raw-calls.js';
import { TokenBucket } from '../core/token-bucket.js';
import type { PushControl__Output } from '../generated/proto/shardcast/v1/PushControl.js';
import type { PushEvent } from '../generated/proto/shardcast/v1/PushEvent.js';
import type { IngestAck__Output } from '../generated/proto/shardcast/v1/IngestAck.js';
import type { Engine } from './engine.js';
import { exportPlan, runExport } from './export.js';
import { encodeChunk } from './chunk-wire.js';
import { validMigrationId, validU64 } from './validate.js';
import { HOST_PORT } from '../platform/config.js';
import { NODE_ID } from '../platform/identity.js';

const INGEST = method('shardcast.v1.DataPlane', 'Ingest');
/** A Push without a deadline of its own gives its Ingest stream this long. */
export const DEFAULT_PUSH_DEADLINE_MS = 3_600_000;

export type PushCall = grpc.ServerDuplexStream<PushControl__Output, PushEvent>;

/** Ends a push: the sidecar went away or the node is stopping. */
export class PushEnded extends Error {}

/** Runs one Push call to its end. `streams` holds its abort controller while it runs (shutdown). */
export async function runPush(call: PushCall, engine: Engine, nodeId: string, peers: RawClients, streams: Set<AbortController>, log: Logger): Promise<void> {
  const first = await firstMessage<PushControl__Output>(call);
  if (!first) return;
  const start = first.start;
  if (!start) throw new InvalidArgumentError('the first Push message must carry start');
  const id = validMigrationId(start.migrationId, 'start.migration_id');
  const plan = exportPlan({ start: start.start, end: start.end, follow: true, afterSeq: start.afterSeq, chunkEntries: start.chunkEntries });
  const target = String(start.targetAddress ?? '');
  if (!HOST_PORT.test(target)) throw new InvalidArgumentError(`start.target_address must be host:port, got "${target.slice(0, 80)}"`);
  const targetNode = String(start.targetNode ?? '');
  if (!NODE_ID.test(targetNode)) throw new InvalidArgumentError(`start.target_node must be a node id, got "${targetNode.slice(0, 80)}"`);
  if (targetNode === nodeId) throw new InvalidArgumentError(`start.target_node ${targetNode} is this node: a copy goes to another node`);
  const bucket = new TokenBucket(Number(validU64(start.rateBytesPerS, 'start.rate_bytes_per_s')), performance.now());

  const abort = new AbortController();
  streams.add(abort);
  let rateChanged: (() => void) | undefined;
  const stop = (reason: Error): void => {
    if (!abort.signal.aborted) abort.abort(reason);
    rateChanged?.();
  };
  call.on('data', (m: PushControl__Output) => {
    try {
      if (m.start) throw new InvalidArgumentError('start belongs in the first Push message only');
      bucket.setRate(Number(validU64(m.rateBytesPerS, 'rate_bytes_per_s')), performance.now());
      rateChanged?.();
    } catch (err) {
      stop(err as Error);
    }
  });
  call.on('end', () => stop(new PushEnded('the sidecar ended the push')));
  call.on('cancelled', () => stop(new PushEnded('the sidecar cancelled the push')));
  call.resume();

  const callDeadline = call.getDeadline();
  const deadline = callDeadline instanceof Date || typeof callDeadline === 'number' ? callDeadline : Date.now() + DEFAULT_PUSH_DEADLINE_MS;
  const ingest = peers.get(target).makeBidiStreamRequest(INGEST.path, identity, INGEST.responseDeserialize as (b: Buffer) => IngestAck__Output, new grpc.Metadata(), { deadline });
  let drained: (() => void) | undefined;
  ingest.on('drain', () => drained?.());
  ingest.on('data', (ack: IngestAck__Output) => {
    if (!abort.signal.aborted) call.write({ applied: ack });
  });
  ingest.on('error', (err: grpc.ServiceError) => {
    const msg = `ingest into ${targetNode} (${target}) failed: ${err.details || err.message}`;
    stop(err.code === grpc.status.INVALID_ARGUMENT || err.code === grpc.status.FAILED_PRECONDITION || err.code === grpc.status.PERMISSION_DENIED ? new FailedPreconditionError(msg) : new UnavailableError(msg));
  });
  ingest.on('end', () => stop(new UnavailableError(`target ${targetNode} ended the ingest`)));
  ingest.write(INGEST.requestSerialize({ start: { migrationId: id, start: start.start, end: start.end, sourceNode: nodeId, resumeAfterSeq: plan.afterSeq.toString(), attempt: start.attempt } }));
  log.info({ migration: id, target: targetNode, afterSeq: plan.afterSeq.toString(), rateBytesPerS: Number(start.rateBytesPerS) }, 'pushing a copy');

  const wait = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(t);
        rateChanged = undefined;
        resolve();
      };
      const t = setTimeout(done, ms);
      rateChanged = done;
    });

  try {
    await runExport(
      engine,
      plan,
      async (chunk, atHead) => {
        if (abort.signal.aborted) throw abort.signal.reason;
        const buf = encodeChunk(chunk.entries, chunk.seq, chunk.snapshotDone);
        const more = ingest.write(buf);
        let entryBytes = 0;
        for (const e of chunk.entries) entryBytes += e.key.length + e.value.length;
        call.write({ sent: { seq: chunk.seq.toString(), snapshotDone: chunk.snapshotDone, entries: chunk.entries.length, bytes: String(buf.length), entryBytes: String(entryBytes), atHead } });
        if (!more) {
          await new Promise<void>((resolve) => {
            drained = resolve;
            abort.signal.addEventListener('abort', () => resolve(), { once: true });
          });
          drained = undefined;
        }
        // The budget: wait off the debt this chunk ran up (a new rate shortens or ends the wait).
        for (let ms = bucket.take(buf.length, performance.now()); ms > 0 && !abort.signal.aborted; ms = bucket.take(0, performance.now())) await wait(ms);
        if (abort.signal.aborted) throw abort.signal.reason;
      },
      abort.signal,
    );
  } catch (err) {
    if (call.cancelled) return;
    if (err instanceof PushEnded) call.end();
    else call.emit('error', toServiceError(err));
  } finally {
    streams.delete(abort);
    ingest.cancel();
  }
}
