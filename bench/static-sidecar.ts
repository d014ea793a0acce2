// A stand-in sidecar for data-path benches and client tests: serves a fixed route table over
// WatchRoutes (the full table, then an update whenever `publish` is called) and takes the
// storage node's ReportAccess stream, counting records, so the node's access reporting stays on
// the measured path. It has no coordinator, no etcd and no telemetry: what is measured is the
// client library, gRPC and the storage node, not the control plane.
import * as grpc from '@grpc/grpc-js';
import { v1 } from '../platform/proto.js';
import { positionToHex } from '../core/keyspace.js';
import { evenRanges } from '../core/ranges.js';
import type { AccessBatch__Output } from '../generated/proto/shardcast/v1/AccessBatch.js';

export interface StaticSidecar {
  address: string;
  /** Access records received from storage nodes. */
  readonly accessRecords: number;
  /** Sends a new full table (revision must grow) to every watcher and keeps it for new ones. */
  publish(table: unknown): void;
  stop(): Promise<void>;
}

/** A full RouteUpdate: `n` even microshards, microshard i owned by owners[i % owners.length] at epoch. */
export function evenTable(revision: number, n: number, owners: Array<{ id: string; address: string }>, epoch = 1): unknown {
  return {
    revision: String(revision),
    full: true,
    upserts: evenRanges(n).map((r, i) => ({ id: String(r.id), start: positionToHex(r.start), end: positionToHex(r.end), owner: owners[i % owners.length]!.id, epoch: String(epoch), state: 'ACTIVE' })),
    removedIds: [],
    nodes: owners.map((o) => ({ id: o.id, datastoreAddress: o.address, live: true })),
  };
}

export async function startStaticSidecar(table: unknown): Promise<StaticSidecar> {
  let current = table;
  let records = 0;
  const watchers = new Set<grpc.ServerWritableStream<unknown, unknown>>();
  const server = new grpc.Server();
  server.addService(v1.Sidecar.service, {
    WatchRoutes: (call: grpc.ServerWritableStream<unknown, unknown>) => {
      watchers.add(call);
      call.write(current);
      const gone = () => watchers.delete(call);
      call.on('cancelled', gone);
      call.on('close', gone);
    },
    ReportAccess: (call: grpc.ServerReadableStream<AccessBatch__Output, unknown>, cb: grpc.sendUnaryData<unknown>) => {
      let batches = 0;
      call.on('data', (b: AccessBatch__Output) => {
        batches++;
        records += b.records?.length ?? 0;
      });
      call.on('end', () => cb(null, { batches: String(batches), records: String(records), rejected: '0', errors: [] }));
      call.on('error', () => undefined);
    },
  } as grpc.UntypedServiceImplementation);
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
  return {
    address: `127.0.0.1:${port}`,
    get accessRecords() {
      return records;
    },
    publish(t: unknown) {
      current = t;
      for (const w of watchers) w.write(t);
    },
    stop() {
      for (const w of watchers) w.end();
      return new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
    },
  };
}
