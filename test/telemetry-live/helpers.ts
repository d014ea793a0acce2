// Helpers for the live telemetry tests: Admin.PredictLoad, ReportAccess streams, /metrics text.
import * as grpc from '@grpc/grpc-js';
import { execFile } from 'node:child_process';
import { v1 } from '../../platform/proto.js';
import { deadline } from '../../platform/server.js';
import { CLI_MAIN } from '../../platform/process.js';
import type { AdminClient } from '../../generated/proto/shardcast/v1/Admin.js';
import type { PredictLoadRequest } from '../../generated/proto/shardcast/v1/PredictLoadRequest.js';
import type { PredictLoadResponse__Output } from '../../generated/proto/shardcast/v1/PredictLoadResponse.js';
import type { AccessBatch } from '../../generated/proto/shardcast/v1/AccessBatch.js';
import type { ReportAccessSummary__Output } from '../../generated/proto/shardcast/v1/ReportAccessSummary.js';

export function predictLoad(admin: AdminClient, req: PredictLoadRequest, md = new grpc.Metadata()): Promise<PredictLoadResponse__Output> {
  return new Promise((resolve, reject) => admin.PredictLoad(req, md, { deadline: deadline(5000) }, (e, r) => (e ? reject(e) : resolve(r!))));
}

/** A ReportAccess stream to a sidecar: write batches, then end() for the summary. */
export function reportAccess(address: string, creds: grpc.ChannelCredentials): { write(b: AccessBatch): void; end(): Promise<ReportAccessSummary__Output>; close(): void } {
  const client = new v1.Sidecar(address, creds);
  let resolve!: (s: ReportAccessSummary__Output) => void;
  let reject!: (e: Error) => void;
  const done = new Promise<ReportAccessSummary__Output>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const call = client.ReportAccess({ deadline: deadline(120_000) }, (e, r) => (e ? reject(e) : resolve(r!)));
  return {
    write: (b) => call.write(b),
    end: () => {
      call.end();
      return done;
    },
    close: () => client.close(),
  };
}

/** The value of one sample in Prometheus text (name plus a label subset); undefined if absent. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    const ls = m[2] ?? '';
    if (Object.entries(labels).every(([k, v]) => ls.includes(`${k}="${v}"`))) return Number(m[3]);
  }
  return undefined;
}

export async function scrape(address: string): Promise<string> {
  const res = await fetch(`http://${address}/metrics`, { signal: AbortSignal.timeout(5000) });
  if (res.status !== 200) throw new Error(`GET /metrics on ${address}: ${res.status}`);
  return res.text();
}

/** Runs `shardcast <args>`; resolves with exit code, stdout and stderr. */
export function cli(args: string[], timeoutMs = 20_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI_MAIN, ...args], { timeout: timeoutMs }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** `shardcast ctl ...` as an operator of `cluster` (its certificate when it runs on mTLS). */
export function ctl(cluster: { ctlArgs(): string[] }, args: string[], timeoutMs?: number): Promise<{ code: number; stdout: string; stderr: string }> {
  return cli([...args, ...cluster.ctlArgs()], timeoutMs);
}

/**
 * A Session opened by a fake sidecar "probe" (a real sidecar certificate for node "probe") and
 * welcomed by the leader: tests write load or anomaly reports on it and watch how it ends.
 */
export async function probeSession(
  cluster: { credentials(id: { role: 'sidecar'; nodeId: string }): grpc.ChannelCredentials },
  leaderAddress: string,
  t: { teardown(fn: () => void): void },
): Promise<{ call: grpc.ClientDuplexStream<unknown, unknown>; ended: Promise<grpc.ServiceError> }> {
  const client = new v1.Coordinator(leaderAddress, cluster.credentials({ role: 'sidecar', nodeId: 'probe' }));
  t.teardown(() => client.close());
  const call = client.Session() as unknown as grpc.ClientDuplexStream<unknown, unknown>;
  const ended = new Promise<grpc.ServiceError>((resolve) => call.on('error', resolve));
  const welcomed = new Promise<void>((resolve) => call.on('data', (m: { welcome?: unknown }) => m.welcome && resolve()));
  call.write({ hello: { nodeId: 'probe', datastoreAddress: '127.0.0.1:1', sidecarAddress: '127.0.0.1:2' } });
  await welcomed;
  return { call, ended };
}
