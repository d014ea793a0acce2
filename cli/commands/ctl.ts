// `shardcast ctl`: operator commands against the Admin API of any coordinator replica.
import { Command, InvalidArgumentError as CommanderArgError } from 'commander';
import type * as G from '@grpc/grpc-js';
import type { TransportSecurity } from '../../platform/security.js';
import type { AdminClient } from '../../generated/proto/shardcast/v1/Admin.js';
import type { LifecycleEvent__Output } from '../../generated/proto/shardcast/v1/LifecycleEvent.js';
import type { ClusterStatus__Output } from '../../generated/proto/shardcast/v1/ClusterStatus.js';
import type { ListNodesResponse__Output } from '../../generated/proto/shardcast/v1/ListNodesResponse.js';
import type { ListMicroshardsResponse__Output } from '../../generated/proto/shardcast/v1/ListMicroshardsResponse.js';
import type { ReassignResponse__Output } from '../../generated/proto/shardcast/v1/ReassignResponse.js';
import type { Migration__Output } from '../../generated/proto/shardcast/v1/Migration.js';
import type { MigrateResponse__Output } from '../../generated/proto/shardcast/v1/MigrateResponse.js';
import type { SplitResponse__Output } from '../../generated/proto/shardcast/v1/SplitResponse.js';
import type { MergeResponse__Output } from '../../generated/proto/shardcast/v1/MergeResponse.js';
import type { DrainResponse__Output } from '../../generated/proto/shardcast/v1/DrainResponse.js';
import type { UndrainResponse__Output } from '../../generated/proto/shardcast/v1/UndrainResponse.js';
import type { ListMigrationsResponse__Output } from '../../generated/proto/shardcast/v1/ListMigrationsResponse.js';
import { splitList } from '../list.js';
import { table } from '../common.js';
import { EXIT_FAILURE, UsageError } from '../exit-codes.js';
import { registerForecast } from './ctl-forecast.js';
import { registerTopics } from './ctl-topics.js';
import { registerExplain } from './ctl-explain.js';
import { registerAnomalies } from './ctl-anomalies.js';

/** Deadline of one admin call. */
export const DEFAULT_CTL_DEADLINE_MS = 5_000;
/** How long a ctl call waits for an election when every replica answers "not the leader" (a failover under way). */
export const DEFAULT_CTL_LEADER_WAIT_MS = 8_000;
/** How often it asks again meanwhile. */
export const DEFAULT_CTL_LEADER_POLL_MS = 250;
const HOST_PORT = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/;

interface CtlFlags {
  coordinators?: string;
  /** Deadline of each call, ms (parsed by timeoutArg). */
  timeout?: number;
  json?: boolean;
  adminToken?: string;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  /** Accepted so the flags `shardcast certs` prints for the operator work unchanged. */
  mtls?: boolean;
}

// gRPC, the contracts and the credentials are loaded when a call is made, not when the command
// is parsed: `shardcast ctl ... --help` and argument errors answer at once.
let grpc: typeof G;
let rpc: { v1: typeof import('../../platform/proto.js').v1; security: typeof import('../../platform/security.js'); healthService: unknown } | undefined;
async function loadRpc(): Promise<NonNullable<typeof rpc>> {
  if (!rpc) {
    const [g, proto, security, health] = await Promise.all([import('@grpc/grpc-js'), import('../../platform/proto.js'), import('../../platform/security.js'), import('grpc-health-check')]);
    grpc = g;
    rpc = { v1: proto.v1, security, healthService: health.service };
  }
  return rpc;
}

const deadline = (ms: number) => new Date(Date.now() + ms);

/** Coordinator asked when neither --coordinators nor SHARDCAST_COORDINATORS is given. */
export const DEFAULT_COORDINATOR = '127.0.0.1:7400';

async function transport(f: CtlFlags): Promise<{ addrs: string[]; creds: G.ChannelCredentials }> {
  const addrs = splitList(f.coordinators ?? process.env.SHARDCAST_COORDINATORS ?? DEFAULT_COORDINATOR)!;
  for (const a of addrs) if (!HOST_PORT.test(a)) throw new CommanderArgError(`--coordinators: "${a}" is not host:port`);
  const { security } = await loadRpc();
  if (Boolean(f.tlsCert) !== Boolean(f.tlsKey)) throw new CommanderArgError('--tls-cert and --tls-key go together (the operator certificate and its key)');
  if (f.mtls && !f.tlsCert) throw new CommanderArgError('--mtls needs --tls-cert and --tls-key (the operator certificate)');
  const sec: TransportSecurity = f.tlsCa || f.tlsCert ? { mode: f.tlsCert ? 'mtls' : 'tls', caFile: f.tlsCa, certFile: f.tlsCert, keyFile: f.tlsKey } : security.INSECURE;
  return { addrs, creds: security.channelCredentials(sec) };
}

async function connect(f: CtlFlags): Promise<{ clients: AdminClient[]; md: G.Metadata }> {
  const { addrs, creds } = await transport(f);
  const { v1, security } = await loadRpc();
  return { clients: addrs.map((a) => new v1.Admin(a, creds)), md: security.adminMetadata(f.adminToken ?? process.env.SHARDCAST_ADMIN_TOKEN) };
}

/** Calls the first replica that answers (any replica serves reads). */
type Invoke<Res> = (c: AdminClient, md: G.Metadata, opts: G.CallOptions, cb: (e: G.ServiceError | null, r?: Res) => void) => void;

async function call<Res>(f: CtlFlags, invoke: Invoke<Res>): Promise<Res> {
  const { clients, md } = await connect(f);
  let last: G.ServiceError | undefined;
  const stopAt = Date.now() + DEFAULT_CTL_LEADER_WAIT_MS;
  try {
    for (;;) {
      // Unavailable replicas and replicas that are not the leader pass the call on to the next;
      // when every one said "not the leader" (an election under way), ask again shortly.
      let onlyNotLeader = true;
      for (const c of clients) {
        try {
          return await new Promise<Res>((resolve, reject) => invoke(c, md, { deadline: deadline(f.timeout ?? DEFAULT_CTL_DEADLINE_MS) }, (e, r) => (e ? reject(e) : resolve(r!))));
        } catch (err) {
          last = err as G.ServiceError;
          if (isNotLeader(last)) continue;
          onlyNotLeader = false;
          if (last.code !== grpc.status.UNAVAILABLE && last.code !== grpc.status.DEADLINE_EXCEEDED) break;
        }
      }
      if (!onlyNotLeader || Date.now() > stopAt) break;
      await new Promise((r) => setTimeout(r, DEFAULT_CTL_LEADER_POLL_MS));
    }
  } finally {
    for (const c of clients) c.close();
  }
  throw new Error(`${grpc.status[last?.code ?? grpc.status.UNKNOWN]}: ${last?.details ?? 'no coordinator answered'}`);
}

function isNotLeader(e: G.ServiceError): boolean {
  return e.code === grpc.status.FAILED_PRECONDITION && /is not the leader|lost leadership/.test(e.details ?? '');
}


function out(f: CtlFlags, json: unknown, text: () => string): void {
  process.stdout.write(f.json ? JSON.stringify(json, null, 2) + '\n' : text());
}

export function formatEvent(e: LifecycleEvent__Output): string {
  const at = new Date(Number(e.atMs)).toISOString().slice(11, 23);
  const who = [e.microshardIds.length ? `microshards ${e.microshardIds.slice(0, 6).join(',')}${e.microshardIds.length > 6 ? '…' : ''}` : '', e.nodeIds.length ? `nodes ${e.nodeIds.join(',')}` : ''].filter(Boolean).join(' ');
  return `#${e.seq} ${at} ${e.kind.padEnd(22)} ${who ? `[${who}] ` : ''}${e.reason} (${e.actor})`;
}

function timeoutArg(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 3_600_000) throw new CommanderArgError('--timeout must be a whole number of milliseconds in 1..3600000');
  return n;
}

/**
 * One WatchEvents stream: 'done' when it ended (or was cancelled), or the error that stopped it
 * before any event arrived (the caller then tries the next coordinator).
 */
function watchEvents(c: AdminClient, md: G.Metadata, req: { last: number; follow: boolean; microshardId: string; nodeId: string; kind: string }, f: CtlFlags, onEvent: (e: LifecycleEvent__Output) => void): Promise<'done' | Error> {
  return new Promise((resolve, reject) => {
    // Without --follow the whole answer must arrive within the deadline; a follow waits for ever.
    const stream = c.WatchEvents(req, md, req.follow ? {} : { deadline: deadline(f.timeout ?? DEFAULT_CTL_DEADLINE_MS) });
    let received = false;
    stream.on('data', (e: LifecycleEvent__Output) => {
      received = true;
      onEvent(e);
    });
    stream.on('end', () => resolve('done'));
    stream.on('error', (e: G.ServiceError) => {
      if (e.code === grpc.status.CANCELLED) return resolve('done');
      const err = new Error(`${grpc.status[e.code]}: ${e.details}`);
      if (received || (e.code !== grpc.status.UNAVAILABLE && e.code !== grpc.status.DEADLINE_EXCEEDED)) return reject(err);
      resolve(err);
    });
    process.once('SIGINT', () => stream.cancel());
  });
}

/** The gRPC health of every coordinator given (UNREACHABLE when it does not answer). */
async function checkHealth(f: CtlFlags): Promise<Array<{ coordinator: string; status: string }>> {
  const addrs = splitList(f.coordinators ?? process.env.SHARDCAST_COORDINATORS ?? DEFAULT_COORDINATOR)!;
  const { creds } = await transport(f);
  const Health = grpc.makeClientConstructor((await loadRpc()).healthService as unknown as G.ServiceDefinition, 'Health');
  return Promise.all(
    addrs.map(async (a) => {
      const client = new Health(a, creds) as unknown as G.Client & { Check: (req: { service: string }, o: G.CallOptions, cb: (e: G.ServiceError | null, r?: { status: string }) => void) => void };
      try {
        const status = await new Promise<string>((res) => client.Check({ service: 'shardcast.v1.Admin' }, { deadline: deadline(f.timeout ?? DEFAULT_CTL_DEADLINE_MS) }, (e, r) => res(e ? 'UNREACHABLE' : String(r?.status ?? 'UNKNOWN'))));
        return { coordinator: a, status };
      } finally {
        client.close();
      }
    }),
  );
}

export function register(program: Command): void {
  const ctl = program.command('ctl').description('operate a running cluster through any coordinator replica');
  const common = (c: Command) =>
    c
      .option('--coordinators <list>', 'coordinator addresses (env SHARDCAST_COORDINATORS; default 127.0.0.1:7400)')
      .option('--json', 'machine-readable output')
      .option('--timeout <ms>', `deadline of each call to a coordinator (default ${DEFAULT_CTL_DEADLINE_MS})`, timeoutArg)
      .option('--admin-token <token>', 'bearer token (env SHARDCAST_ADMIN_TOKEN)')
      .option('--tls-ca <file>', 'PEM CA to verify coordinators')
      .option('--tls-cert <file>', 'client certificate (mutual TLS)')
      .option('--tls-key <file>', 'client key (mutual TLS)')
      .option('--mtls', 'present the certificate (implied by --tls-cert; accepted as `shardcast certs` prints it)');

  common(ctl.command('status').description('leader, nodes and microshards at a glance, and each coordinator\'s health (exit 1 unless every one is SERVING)')).action(async (f: CtlFlags) => {
    const [s, health] = await Promise.all([call<ClusterStatus__Output>(f, (c, md, o, cb) => c.GetStatus({}, md, o, cb)).catch((err: Error) => err), checkHealth(f)]);
    const unhealthy = health.filter((h) => h.status !== 'SERVING');
    if (unhealthy.length > 0) process.exitCode = EXIT_FAILURE;
    if (s instanceof Error) {
      out(f, { error: s.message, health }, () => table(health.map((h) => [`health ${h.coordinator}`, h.status])));
      process.stderr.write(`shardcast: ${s.message}\n`);
      process.exitCode = EXIT_FAILURE;
      return;
    }
    out(f, { ...s, health }, () =>
      table([
        ['cluster', s.cluster],
        ['leader', s.leaderId ? `${s.leaderId} (${s.leaderAddress})` : '(none elected)'],
        ['nodes', `${s.nodesLive} live / ${s.nodesTotal} known`],
        ['microshards', `${s.microshardsTotal} (${s.microshardsOrphaned} without a serving owner)`],
        ['orphan policy', s.orphanPolicy],
        ['revision', s.revision],
        ['answered by', s.answeredBy],
        ...health.map((h) => [`health ${h.coordinator}`, h.status === 'NOT_SERVING' ? 'NOT_SERVING (cannot reach etcd: this view may be stale)' : h.status]),
      ]),
    );
    if (unhealthy.length > 0 && !f.json) process.stderr.write(`shardcast: ${unhealthy.map((h) => `${h.coordinator} is ${h.status}`).join(', ')}\n`);
  });

  common(ctl.command('nodes').description('nodes with their sessions and microshard counts')).action(async (f: CtlFlags) => {
    const r = await call<ListNodesResponse__Output>(f, (c, md, o, cb) => c.ListNodes({}, md, o, cb));
    out(f, r.nodes, () =>
      table([
        ['NODE', 'LIVE', 'MICROSHARDS', 'DATASTORE', 'SIDECAR', 'ZONE', 'LEASE'],
        ...r.nodes.map((n) => [n.node!.id, n.node!.live ? (n.draining ? 'yes, draining' : 'yes') : 'NO', String(n.microshards), n.node!.datastoreAddress || '-', n.node!.sidecarAddress || '-', n.node!.zone || '-', n.node!.leaseId]),
      ]),
    );
  });

  common(ctl.command('microshards').description('the microshard table').option('--owner <node>', 'only this node\'s').option('--limit <n>', 'at most n', (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new CommanderArgError('--limit must be a non-negative integer');
    return n;
  })).action(async (f: CtlFlags & { owner?: string; limit?: number }) => {
    const r = await call<ListMicroshardsResponse__Output>(f, (c, md, o, cb) => c.ListMicroshards({ owner: f.owner ?? '', limit: f.limit ?? 0 }, md, o, cb));
    out(f, r.microshards, () =>
      table([['ID', 'START', 'END', 'OWNER', 'EPOCH', 'STATE'], ...r.microshards.map((m) => [m.id, m.start, m.end, m.owner || '-', m.epoch, m.state])]),
    );
  });

  common(
    ctl
      .command('events')
      .description('the lifecycle event log')
      .option('--last <n>', 'past events to show', '20')
      .option('--follow', 'keep streaming new events')
      .option('--microshard <id>', 'only events naming this microshard')
      .option('--node <id>', 'only events naming this node')
      .option('--kind <kind>', 'only events of this kind (e.g. anomaly, planner_move, node_lost)'),
  ).action(async (f: EventFlags) => {
    await streamEvents(f, (e) => process.stdout.write((f.json ? JSON.stringify(e) : formatEvent(e)) + '\n'));
  });

  common(ctl.command('reassign <microshard>').description('re-own an orphaned microshard on a live node (orphan policy await)').option('--to <node>', 'target node (default: placement chooses)').option('--execute', 'act (without it: show what would happen)').option('--as <name>', 'who is asking (recorded in the event)', process.env.USER ?? 'operator')).action(
    async (microshard: string, f: CtlFlags & { to?: string; execute?: boolean; as: string }) => {
      if (!/^\d{1,20}$/.test(microshard)) throw new CommanderArgError(`microshard must be a decimal id, got "${microshard}"`);
      if (!f.execute) {
        const r = await call<ListMicroshardsResponse__Output>(f, (c, md, o, cb) => c.ListMicroshards({ owner: '', limit: 0 }, md, o, cb));
        const m = r.microshards.find((x) => x.id === microshard);
        if (!m) throw new Error(`microshard ${microshard} does not exist`);
        process.stdout.write(`dry run: microshard ${m.id} (owner ${m.owner || '-'}, epoch ${m.epoch}, ${m.state}) would be re-owned on ${f.to ?? 'a node placement chooses'} at epoch ${BigInt(m.epoch) + 1n}. Add --execute to act.\n`);
        return;
      }
      const r = await call<ReassignResponse__Output>(f, (c, md, o, cb) => c.Reassign({ microshardId: microshard, toNode: f.to ?? '', requestedBy: f.as }, md, o, cb));
      out(f, r.microshard, () => `microshard ${r.microshard!.id} now owned by ${r.microshard!.owner} at epoch ${r.microshard!.epoch}\n`);
    },
  );

  registerMigrationCommands(ctl, common);
  registerForecast(ctl, common, call);
  registerTopics(ctl, common, call);
  registerExplain(ctl, common, call);
  registerAnomalies(ctl, common, streamEvents);
}

export type EventFlags = CtlFlags & { last: string; follow?: boolean; microshard?: string; node?: string; kind?: string };

/**
 * Admin.WatchEvents with the filters of `f` (checked here, so bad input is named before any
 * call); every coordinator given is tried in turn until one streams.
 */
async function streamEvents(f: EventFlags, onEvent: (e: LifecycleEvent__Output) => void): Promise<void> {
  const last = Number(f.last);
  if (!/^\d+$/.test(f.last) || !Number.isSafeInteger(last)) throw new CommanderArgError(`--last must be a non-negative integer, got "${f.last}"`);
  if (f.microshard !== undefined && !DECIMAL_ID.test(f.microshard)) throw new CommanderArgError(`--microshard must be a decimal id, got "${f.microshard}"`);
  if (f.node !== undefined && !/^[A-Za-z0-9._-]{1,64}$/.test(f.node)) throw new CommanderArgError(`--node must be a node id (1-64 of A-Z a-z 0-9 . _ -), got "${f.node}"`);
  if (f.kind !== undefined && !/^[a-z][a-z0-9_]{0,63}$/.test(f.kind)) throw new CommanderArgError(`--kind must be an event kind (lower case letters, digits and _, e.g. anomaly), got "${f.kind}"`);
  const { clients, md } = await connect(f);
  try {
    // Once events flowed, an error ends the command; before that, the next coordinator is asked.
    let lastErr: Error | undefined;
    for (const c of clients) {
      const r = await watchEvents(c, md, { last, follow: Boolean(f.follow), microshardId: f.microshard ?? '', nodeId: f.node ?? '', kind: f.kind ?? '' }, f, onEvent);
      if (r === 'done') return;
      lastErr = r;
    }
    throw lastErr ?? new Error('no coordinator given');
  } finally {
    for (const c of clients) c.close();
  }
}

// ---- migrations, split, merge, drain ----

type ActFlags = CtlFlags & { execute?: boolean; as: string; wait?: boolean };

const DECIMAL_ID = /^\d{1,20}$/;
/** How often --wait polls the migration. */
export const DEFAULT_WAIT_POLL_MS = 300;

// Checks inside an action throw UsageError: main.ts prints it and exits EXIT_USAGE.
function decimalArg(v: string, name: string): string {
  if (!DECIMAL_ID.test(v)) throw new UsageError(`${name} must be a decimal id, got "${v}"`);
  return v;
}

/** Calls the leader (found through any replica): lifecycle actions are leader only. */
async function callLeader<Res>(f: CtlFlags, invoke: Invoke<Res>): Promise<Res> {
  const stopAt = Date.now() + DEFAULT_CTL_LEADER_WAIT_MS;
  for (;;) {
    const s = await call<ClusterStatus__Output>(f, (c, md, o, cb) => c.GetStatus({}, md, o, cb));
    if (s.leaderAddress) return call({ ...f, coordinators: s.leaderAddress }, invoke);
    if (Date.now() > stopAt) throw new Error(`no coordinator leader was elected within ${DEFAULT_CTL_LEADER_WAIT_MS} ms; try again shortly`);
    await new Promise((r) => setTimeout(r, DEFAULT_CTL_LEADER_POLL_MS));
  }
}

function fmtMigration(m: Migration__Output): string[] {
  const age = Number(m.phaseAtMs) > 0 ? `${((Date.now() - Number(m.phaseAtMs)) / 1000).toFixed(1)}s` : '-';
  return [
    m.id,
    m.phase + (m.abortRequested && m.phase !== 'ABORTED' ? ' (aborting)' : ''),
    m.microshardId + (m.hasMerge ? ` +${m.mergeWith}${m.merged ? `=${m.mergedInto}` : ''}` : ''),
    `${m.source} -> ${m.target}`,
    m.epoch,
    `${(Number(m.bytes) / 1e6).toFixed(1)}MB`,
    m.pauseMs >= 0 ? `${Math.round(m.pauseMs)}` : '-',
    age,
    m.requestedBy,
    m.error ? m.error.slice(0, 80) : '',
  ];
}

const MIGRATION_HEADER = ['ID', 'PHASE', 'MICROSHARD', 'MOVE', 'EPOCH', 'COPIED', 'PAUSE_MS', 'IN_PHASE', 'BY', 'ERROR'];

/** With --wait: follows a migration until DONE or ABORTED, printing each phase. */
async function waitMigration(f: CtlFlags, id: string): Promise<Migration__Output> {
  let last = '';
  for (;;) {
    const r = await call<ListMigrationsResponse__Output>(f, (c, md, o, cb) => c.ListMigrations({ all: true, limit: 0 }, md, o, cb));
    const m = r.migrations.find((x) => x.id === id);
    if (!m) throw new Error(`migration ${id} is no longer listed`);
    if (m.phase !== last) {
      last = m.phase;
      if (!f.json) process.stdout.write(`migration ${id}: ${m.phase}${m.error ? ` (${m.error})` : ''}\n`);
    }
    if (m.phase === 'DONE' || m.phase === 'ABORTED') return m;
    await new Promise((res) => setTimeout(res, DEFAULT_WAIT_POLL_MS));
  }
}

function registerMigrationCommands(ctl: Command, common: (c: Command) => Command): void {
  const act = (c: Command) =>
    common(c)
      .option('--execute', 'act (without it: a dry run that shows what would happen)')
      .option('--as <name>', 'who is asking (recorded in the lifecycle event)', process.env.USER ?? 'operator');
  const finish = async (f: ActFlags, dry: boolean, plan: string, json: unknown, migrationId?: string) => {
    if (dry) {
      out(f, json, () => `${plan}\nAdd --execute to act.\n`);
      return;
    }
    out(f, json, () => `${plan}\n${migrationId ? `migration ${migrationId} planned (follow it: shardcast ctl migrations)\n` : ''}`);
    if (migrationId && f.wait) {
      const m = await waitMigration(f, migrationId);
      out(f, m, () => `migration ${m.id} ${m.phase}${m.phase === 'DONE' ? `: write pause ${m.pauseMs >= 0 ? `${Math.round(m.pauseMs)} ms` : 'unknown'}, ${(Number(m.bytes) / 1e6).toFixed(1)} MB copied` : `: ${m.error}`}\n`);
      if (m.phase === 'ABORTED') process.exitCode = 1;
    }
  };

  act(
    ctl
      .command('migrate <microshard>')
      .description('move a microshard to another node (phased: copy, catch up, fence + commit, clean up)')
      .requiredOption('--to <node>', 'target node')
      .option('--max-bytes-per-s <n>', 'copy bandwidth cap for this migration (default: the node budget); the copy adapts below it unless --fixed-rate', (v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0) throw new CommanderArgError('--max-bytes-per-s must be a non-negative integer');
        return n;
      })
      .option('--fixed-rate', 'copy at exactly the cap instead of adapting the rate to both nodes\' foreground latency')
      .option('--verify', 'compare checksums of the range on both sides at the cutover')
      .option('--wait', 'follow the migration until it is DONE or ABORTED'),
  ).action(async (microshard: string, f: ActFlags & { to: string; maxBytesPerS?: number; fixedRate?: boolean; verify?: boolean }) => {
    decimalArg(microshard, 'microshard');
    const dry = !f.execute;
    const r = await callLeader<MigrateResponse__Output>(f, (c, md, o, cb) =>
      c.Migrate({ microshardId: microshard, toNode: f.to, dryRun: dry, requestedBy: f.as, maxBytesPerS: f.maxBytesPerS ?? 0, fixedRate: Boolean(f.fixedRate), verifyChecksums: Boolean(f.verify) }, md, o, cb),
    );
    await finish(f, dry, r.plan, r, dry ? undefined : r.migration?.id);
  });

  act(
    ctl
      .command('split <microshard>')
      .description('split a microshard in place (metadata only; both halves at epoch + 1)')
      .option('--at <hash>', 'split point, 16 hex digits strictly inside the range (default: the midpoint)'),
  ).action(async (microshard: string, f: ActFlags & { at?: string }) => {
    decimalArg(microshard, 'microshard');
    if (f.at !== undefined && !/^[0-9a-fA-F]{1,16}$/.test(f.at)) throw new UsageError(`--at must be a hash position (1-16 hex digits), got "${f.at}"`);
    const dry = !f.execute;
    const r = await callLeader<SplitResponse__Output>(f, (c, md, o, cb) => c.Split({ microshardId: microshard, at: f.at ?? '', dryRun: dry, requestedBy: f.as }, md, o, cb));
    await finish(f, dry, r.plan, r);
  });

  act(
    ctl
      .command('merge <a> <b>')
      .description('merge two adjacent microshards (when on different nodes, b moves to a\'s node first)')
      .option('--wait', 'follow the migration (when one is needed) until it is DONE or ABORTED'),
  ).action(async (a: string, b: string, f: ActFlags) => {
    decimalArg(a, 'a');
    decimalArg(b, 'b');
    const dry = !f.execute;
    const r = await callLeader<MergeResponse__Output>(f, (c, md, o, cb) => c.Merge({ a, b, dryRun: dry, requestedBy: f.as }, md, o, cb));
    await finish(f, dry, r.plan, r, dry ? undefined : r.migration?.id);
  });

  act(ctl.command('drain <node>').description('move every microshard off a node (migrations, throttled per node)')).action(async (node: string, f: ActFlags) => {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(node)) throw new UsageError(`node must be a node id, got "${node}"`);
    const dry = !f.execute;
    const r = await callLeader<DrainResponse__Output>(f, (c, md, o, cb) => c.Drain({ node, dryRun: dry, requestedBy: f.as }, md, o, cb));
    out(f, r, () => `${r.plan}\n${r.migrations.length ? table([MIGRATION_HEADER, ...r.migrations.map(fmtMigration)]) : ''}${dry ? 'Add --execute to act.\n' : ''}`);
  });

  act(ctl.command('undrain <node>').description('lift a drain: the node takes new microshards again')).action(async (node: string, f: ActFlags) => {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(node)) throw new UsageError(`node must be a node id, got "${node}"`);
    const dry = !f.execute;
    const r = await callLeader<UndrainResponse__Output>(f, (c, md, o, cb) => c.Undrain({ node, dryRun: dry, requestedBy: f.as }, md, o, cb));
    out(f, r, () => `${r.plan}\n${dry && r.wasDraining ? 'Add --execute to act.\n' : ''}`);
  });

  common(
    ctl
      .command('migrations')
      .description('migrations in flight (with --all: finished ones too) and the throttle settings')
      .option('--all', 'include DONE and ABORTED migrations')
      .option('--limit <n>', 'at most n', (v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0) throw new CommanderArgError('--limit must be a non-negative integer');
        return n;
      }),
  ).action(async (f: CtlFlags & { all?: boolean; limit?: number }) => {
    const r = await call<ListMigrationsResponse__Output>(f, (c, md, o, cb) => c.ListMigrations({ all: Boolean(f.all), limit: f.limit ?? 0 }, md, o, cb));
    out(f, r, () => {
      const budget = Number(r.bytesPerSPerNode) > 0 ? `${(Number(r.bytesPerSPerNode) / 1e6).toFixed(1)} MB/s per node` : 'unlimited bandwidth';
      const nodes = r.nodes.length ? r.nodes.map((n) => `${n.node}: ${n.active} active, ${n.queued} queued`).join('; ') : 'no node is moving data';
      const head = `throttle: at most ${r.maxPerNode} migrations per node, ${budget}\n${nodes}\n`;
      return head + (r.migrations.length ? table([MIGRATION_HEADER, ...r.migrations.map(fmtMigration)]) : `no migrations${f.all ? '' : ' in flight (--all shows finished ones)'}\n`);
    });
  });
}
