// Shared pieces of the datastore tests: a node in a temp dir, a client, promisified calls,
// route tables, and keys that land in a chosen microshard.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import type { ExecutionContext } from 'ava';
import { v1 } from '../../platform/proto.js';
import { INSECURE } from '../../platform/security.js';
import { deadline } from '../../platform/server.js';
import { keyPosition, positionToHex } from '../../core/keyspace.js';
import { evenRanges, type MicroshardRange } from '../../core/ranges.js';
import { startDatastore, type RunningDatastore } from '../../datastore/index.js';
import type { DataPlaneClient } from '../../generated/proto/shardcast/v1/DataPlane.js';

export const CALL_DEADLINE_MS = 10_000;

export function tempDir(t: ExecutionContext, prefix = 'shardcast-ds-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface TestNode {
  ds: RunningDatastore;
  client: DataPlaneClient;
  dir: string;
}

export async function startNode(t: ExecutionContext, nodeId: string, extra: { changeLogRetention?: number; changeLogTrimIntervalMs?: number; dir?: string } = {}): Promise<TestNode> {
  const dir = extra.dir ?? tempDir(t);
  const ds = await startDatastore({ nodeId, dataDir: dir, listen: '127.0.0.1:0', security: INSECURE, changeLogRetention: extra.changeLogRetention, changeLogTrimIntervalMs: extra.changeLogTrimIntervalMs });
  const client = dataPlaneClient(ds.address);
  t.teardown(async () => {
    client.close();
    await ds.stop();
  });
  return { ds, client, dir };
}

export function dataPlaneClient(address: string): DataPlaneClient {
  return new v1.DataPlane(address, grpc.credentials.createInsecure(), { 'grpc.max_receive_message_length': 64 * 1024 * 1024 });
}

/** A unary call as a promise (rejects with the ServiceError). */
export function call<Res = any>(client: DataPlaneClient, method: string, req: unknown, ms = CALL_DEADLINE_MS): Promise<Res> {
  return new Promise((resolve, reject) => {
    (client as any)[method](req, { deadline: deadline(ms) }, (err: grpc.ServiceError | null, res: Res) => (err ? reject(err) : resolve(res)));
  });
}

export interface MsSpec {
  owner: string;
  epoch: number | string;
  state?: 'ACTIVE' | 'ORPHANED' | 'FENCED';
}

/** The even ranges used by the tests (ids 0..n-1). */
export function ranges(n: number): MicroshardRange[] {
  return evenRanges(n);
}

/** A full route update over `n` even microshards with the given owners/epochs. */
export function fullTable(revision: number, specs: MsSpec[], nodes: Record<string, string> = {}): unknown {
  const rs = evenRanges(specs.length);
  return {
    revision: String(revision),
    full: true,
    upserts: rs.map((r, i) => ({ id: String(r.id), start: positionToHex(r.start), end: positionToHex(r.end), owner: specs[i]!.owner, epoch: String(specs[i]!.epoch), state: specs[i]!.state ?? 'ACTIVE' })),
    removedIds: [],
    nodes: Object.entries(nodes).map(([id, datastoreAddress]) => ({ id, datastoreAddress })),
  };
}

export function microshardWire(n: number, i: number, spec: MsSpec): unknown {
  const r = evenRanges(n)[i]!;
  return { id: String(r.id), start: positionToHex(r.start), end: positionToHex(r.end), owner: spec.owner, epoch: String(spec.epoch), state: spec.state ?? 'ACTIVE' };
}

export async function assign(client: DataPlaneClient, nodeId: string, routes: unknown, leaseMs = 60_000): Promise<{ revision: string; ownedMicroshards: number }> {
  return call(client, 'ApplyAssignments', { nodeId, routes, leaseValidForMs: String(leaseMs) });
}

/** `count` distinct keys (with a prefix) whose positions fall in microshard i of n even ones. */
export function keysIn(n: number, i: number, count: number, prefix = 'k'): string[] {
  const r = evenRanges(n)[i]!;
  const out: string[] = [];
  for (let j = 0; out.length < count; j++) {
    const k = `${prefix}-${j}`;
    const p = keyPosition(k);
    if (p >= r.start && p < r.end) out.push(k);
  }
  return out;
}

export function trailer(err: grpc.ServiceError, name: string): string | undefined {
  const v = err.metadata?.get(name)[0];
  return v === undefined ? undefined : String(v);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `cond` every 5 ms until it holds; throws after `ms`. */
export async function waitFor(cond: () => boolean, ms = 5_000, what = 'condition'): Promise<void> {
  const stopAt = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > stopAt) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}
