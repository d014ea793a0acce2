// Sidecar.ReportAccess: the storage node streams AccessBatch messages; each is aggregated as it
// arrives, a malformed record or batch is counted and named (first few) and the stream goes on;
// the summary is the answer when the client half-closes.
import type * as grpc from '@grpc/grpc-js';
import type { AccessBatch__Output } from '../../generated/proto/shardcast/v1/AccessBatch.js';
import type { ReportAccessSummary } from '../../generated/proto/shardcast/v1/ReportAccessSummary.js';
import { WireFormatError } from './access-wire.js';
import type { Aggregator, IngestResult } from './aggregator.js';

/** Rejection reasons returned in the summary (the rest are only counted). */
export const DEFAULT_MAX_SUMMARY_ERRORS = 10;

/**
 * What the lean deserializer hands the handler: the batch's bytes, read by the aggregator
 * without building objects (see withLeanReportAccess).
 */
export class RawAccessBatch {
  constructor(readonly bytes: Buffer) {}
}

export type AccessBatchMessage = AccessBatch__Output | RawAccessBatch;

/**
 * The Sidecar service definition with ReportAccess's request deserializer replaced by one that
 * keeps the bytes (RawAccessBatch); everything else is unchanged. Register the Sidecar service
 * with it: `server.addService(withLeanReportAccess(v1.Sidecar.service), handlers)`. The wire
 * contract is the same; only the server's decoding differs. The handler also accepts decoded
 * batches, so the plain definition works too (about 3-4x slower to ingest).
 */
export function withLeanReportAccess<T extends grpc.ServiceDefinition>(service: T): T {
  const method = service['ReportAccess'];
  if (!method) throw new Error('service has no ReportAccess method');
  return { ...service, ReportAccess: { ...method, requestDeserialize: (b: Buffer) => new RawAccessBatch(b) } };
}

export interface ReportAccessOptions {
  /** Called after every batch (metrics: records, rejected, ops). */
  onBatch?: (r: IngestResult) => void;
  /** Called for a batch refused whole (broken framing). */
  onBadBatch?: (err: Error) => void;
  maxErrors?: number;
}

/**
 * Implements the client-streaming RPC: wrap it with platform/handlers clientStream, e.g.
 * `ReportAccess: clientStream((call) => handleReportAccess(call, aggregator))`.
 * Resolves with the summary when the client half-closes; rejects if the call is cancelled.
 */
export function handleReportAccess(
  call: grpc.ServerReadableStream<AccessBatchMessage, ReportAccessSummary> | grpc.ServerReadableStream<AccessBatch__Output, ReportAccessSummary>,
  aggregator: Aggregator,
  opts: ReportAccessOptions = {},
): Promise<ReportAccessSummary> {
  const maxErrors = opts.maxErrors ?? DEFAULT_MAX_SUMMARY_ERRORS;
  let batches = 0;
  let records = 0;
  let rejected = 0;
  const errors: string[] = [];
  const note = (msg: string): void => {
    if (errors.length < maxErrors) errors.push(msg);
  };
  return new Promise<ReportAccessSummary>((resolve, reject) => {
    call.on('data', (msg: AccessBatchMessage) => {
      const index = batches++;
      try {
        const r = msg instanceof RawAccessBatch ? aggregator.ingestWire(msg.bytes) : aggregator.ingestBatch(msg);
        records += r.records;
        rejected += r.rejected;
        for (const e of r.errors) note(`batch ${index} ${e}`);
        opts.onBatch?.(r);
      } catch (err) {
        // A batch whose framing is broken is refused whole; the stream continues.
        rejected++;
        const e = err instanceof Error ? err : new Error(String(err));
        note(`batch ${index}: ${err instanceof WireFormatError ? 'malformed AccessBatch' : 'cannot ingest'}: ${e.message}`);
        opts.onBadBatch?.(e);
      }
    });
    call.on('end', () => resolve({ batches: String(batches), records: String(records), rejected: String(rejected), errors }));
    call.on('error', reject);
    call.on('cancelled', () => reject(new Error('ReportAccess cancelled by the client')));
  });
}
