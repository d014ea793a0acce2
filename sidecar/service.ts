// The Sidecar service datastore clients talk to: Route, WatchRoutes, ReportAccess.
import type * as grpc from '@grpc/grpc-js';
import { unary, serverStream } from '../platform/handlers.js';
import { InvalidArgumentError, UnavailableError } from '../platform/errors.js';
import type { SidecarHandlers } from '../generated/proto/shardcast/v1/Sidecar.js';
import type { RouteUpdate } from '../generated/proto/shardcast/v1/RouteUpdate.js';
import type { AccessBatch__Output } from '../generated/proto/shardcast/v1/AccessBatch.js';
import type { ReportAccessSummary } from '../generated/proto/shardcast/v1/ReportAccessSummary.js';
import { parsePosition, positionToHex } from '../core/keyspace.js';
import { toWire } from '../core/microshard.js';
import type { RouteTable, RouteUpdateWire } from '../core/route-table.js';
import type { EventEmitter } from 'node:events';

/** Largest key accepted by Route. */
export const MAX_KEY_BYTES = 64 * 1024;

export interface SidecarServiceDeps {
  table: RouteTable;
  /** Emits 'applied' with each route update the sidecar applied to its table. */
  routeEvents: EventEmitter<{ applied: [update: RouteUpdateWire] }>;
  reportAccess: (call: grpc.ServerReadableStream<AccessBatch__Output, ReportAccessSummary>) => Promise<ReportAccessSummary>;
}

export function sidecarHandlers(deps: SidecarServiceDeps): SidecarHandlers {
  const { table } = deps;
  return {
    Route: unary((call) => {
      const req = call.request;
      let position: bigint;
      if (req.target === 'key') {
        const key = req.key ?? Buffer.alloc(0);
        if (key.length === 0) throw new InvalidArgumentError('key must not be empty');
        if (key.length > MAX_KEY_BYTES) throw new InvalidArgumentError(`key is ${key.length} bytes; the limit is ${MAX_KEY_BYTES}`);
        position = table.position(key);
      } else if (req.target === 'keyHash') {
        try {
          position = parsePosition(req.keyHash ?? '');
        } catch (err) {
          throw new InvalidArgumentError(`key_hash: ${(err as Error).message}`);
        }
      } else {
        throw new InvalidArgumentError('set key or key_hash');
      }
      const m = table.lookup(position);
      if (!m) throw new UnavailableError('this sidecar has no route table yet (not connected to the coordinator leader); retry');
      if (m.owner === '') throw new UnavailableError(`microshard ${m.id} has no owner yet (initial placement pending); retry`);
      if (m.state === 'ORPHANED') throw new UnavailableError(`microshard ${m.id} is orphaned: owner ${m.owner} lost its session (orphan policy await); it returns with the node or an operator reassigns it`);
      if (m.state === 'FENCED') throw new UnavailableError(`microshard ${m.id} is fenced for a lifecycle step; retry shortly`);
      const node = table.node(m.owner);
      if (!node?.datastoreAddress) throw new UnavailableError(`owner ${m.owner} of microshard ${m.id} has no known address`);
      return { microshard: toWire(m), datastoreAddress: node.datastoreAddress, keyHash: positionToHex(position), revision: table.revision.toString() };
    }),
    WatchRoutes: serverStream(async (call) => {
      const after = BigInt(call.request.afterRevision || '0');
      const onApplied = (u: RouteUpdateWire) => call.write(u as unknown as RouteUpdate);
      deps.routeEvents.on('applied', onApplied);
      try {
        if (table.ready && table.revision > after) call.write(table.snapshot() as unknown as RouteUpdate);
        await new Promise<void>((resolve) => {
          call.on('cancelled', resolve);
          call.on('close', resolve);
          call.on('error', resolve);
        });
      } finally {
        deps.routeEvents.off('applied', onApplied);
      }
    }),
    ReportAccess: (call, callback) => {
      deps.reportAccess(call).then(
        (summary) => callback(null, summary),
        (err: Error) => callback({ code: 3, details: err.message } as grpc.ServiceError),
      );
    },
  };
}
