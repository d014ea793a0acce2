// The operator dashboard's HTTP(S) server (node:http / node:https, no framework: four routes).
//   GET /                 the page (assets/index.html; app.js and style.css beside it)
//   GET /api/snapshot     the cluster snapshot (snapshot.ts) as JSON
//   GET /api/events       server-sent events: `snapshot` (pushed every dashboardPushMs and after
//                         each lifecycle event, one build shared by every open stream) and
//                         `lifecycle` (the last dashboardEvents events, then each new one from the
//                         replica's etcd watch). The browser never polls.
// Every replica serves it. A follower has no load store: its snapshots come from the leader's
// dashboard (address published in etcd under dashboards/<id>), its own when that fails.
// Security follows the coordinator's: HTTPS with its certificate when the transport is tls/mtls;
// with an admin token every route needs `Authorization: Bearer <token>` or the cookie set by
// opening `/?token=<token>` once (EventSource cannot send headers).
import { createServer as createHttp, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { timingSafeEqual } from 'node:crypto';
import type { Namespace } from 'etcd3';
import type { Logger } from '../../platform/logger.js';
import type { TransportSecurity } from '../../platform/security.js';
import type { ClusterState, LifecycleEventRecord } from '../cluster/state.js';
import type { EventLog } from '../cluster/events.js';
import type { Leadership } from '../cluster/leadership.js';
import { DASHBOARDS_PREFIX } from '../cluster/keys.js';
import type { SnapshotBuilder, DashboardSnapshot } from './snapshot.js';
import { loadAssets, type Asset } from './assets.js';

/** How long a follower waits for the leader's snapshot before showing its own. */
export const LEADER_SNAPSHOT_TIMEOUT_MS = 800;
/** Comment line sent on idle streams so proxies keep them open. */
export const SSE_KEEPALIVE_MS = 15_000;
/** Shortest gap between two pushes triggered by lifecycle events. */
export const MIN_PUSH_GAP_MS = 200;
const COOKIE = 'shardcast_admin_token';

export interface DashboardServerOptions {
  listen: string;
  pushMs: number;
  events: number;
  security: TransportSecurity;
  selfId: string;
}

export interface DashboardDeps {
  ns: Namespace;
  state: ClusterState;
  eventLog: EventLog;
  leadership: Leadership;
  snapshots: SnapshotBuilder;
  log: Logger;
}

export interface DashboardServer {
  /** host:port actually bound. */
  address: string;
  url: string;
  close(): Promise<void>;
}

export async function startDashboard(opts: DashboardServerOptions, deps: DashboardDeps): Promise<DashboardServer> {
  const assets = loadAssets();
  const token = opts.security.adminToken || undefined;
  const tls = opts.security.mode !== 'insecure';
  const streams = new Set<ServerResponse>();
  let leaderUrl: { id: string; url: string | undefined; at: number } | undefined;

  const authorised = (req: IncomingMessage): boolean => {
    if (!token) return true;
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const cookie = (req.headers.cookie ?? '').split(';').map((c) => c.trim().split('=')).find(([k]) => k === COOKIE)?.[1];
    return [bearer, cookie && decodeURIComponent(cookie)].some((t) => t !== undefined && sameToken(t, token));
  };

  /** The leader's snapshot (a follower), or this replica's own. */
  const snapshot = async (): Promise<DashboardSnapshot> => {
    const leader = deps.leadership.leader;
    if (!deps.leadership.isLeader && leader && leader.id !== opts.selfId) {
      try {
        const url = await dashboardOf(leader.id);
        if (url) return { ...(await fetchJson<DashboardSnapshot>(`${url}/api/snapshot`, token, opts.security)), answeredBy: `${leader.id} via ${opts.selfId}` };
      } catch (err) {
        deps.log.debug({ err: String(err) }, 'leader dashboard unreachable; showing this replica\'s view');
      }
    }
    return deps.snapshots.build();
  };

  const dashboardOf = async (id: string): Promise<string | undefined> => {
    if (leaderUrl && leaderUrl.id === id && Date.now() - leaderUrl.at < 5_000) return leaderUrl.url;
    const v = await deps.ns.get(DASHBOARDS_PREFIX + id).string();
    leaderUrl = { id, url: v ? (JSON.parse(v) as { url: string }).url : undefined, at: Date.now() };
    return leaderUrl.url;
  };

  // ---- the push loop: one snapshot build per tick, shared by every stream ----
  let building = false;
  let lastPush = 0;
  let soon: NodeJS.Timeout | undefined;
  const push = async () => {
    if (building || streams.size === 0) return;
    building = true;
    lastPush = Date.now();
    try {
      const data = `event: snapshot\ndata: ${JSON.stringify(await snapshot())}\n\n`;
      for (const s of streams) s.write(data);
    } catch (err) {
      deps.log.warn({ err: String(err) }, 'dashboard snapshot failed');
    } finally {
      building = false;
    }
  };
  const timer = setInterval(() => void push(), opts.pushMs);
  timer.unref();
  const keepalive = setInterval(() => {
    for (const s of streams) s.write(': keepalive\n\n');
  }, SSE_KEEPALIVE_MS);
  keepalive.unref();
  const onEvent = (e: LifecycleEventRecord) => {
    const data = `event: lifecycle\ndata: ${JSON.stringify(e)}\n\n`;
    for (const s of streams) s.write(data);
    if (!soon) soon = setTimeout(() => ((soon = undefined), void push()), Math.max(0, MIN_PUSH_GAP_MS - (Date.now() - lastPush)));
  };
  deps.state.on('event', onEvent);

  const openStream = async (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 2000\n\n');
    // Past events first (oldest first), then the live ones from the watch, without duplicates:
    // the browser drops any seq it has already seen.
    try {
      for (const e of await deps.eventLog.recent(opts.events)) res.write(`event: lifecycle\ndata: ${JSON.stringify(e)}\n\n`);
    } catch (err) {
      res.write(`event: problem\ndata: ${JSON.stringify({ message: `cannot read past events: ${String(err)}` })}\n\n`);
    }
    streams.add(res);
    req.on('close', () => streams.delete(res));
    try {
      res.write(`event: snapshot\ndata: ${JSON.stringify(await snapshot())}\n\n`);
    } catch (err) {
      res.write(`event: problem\ndata: ${JSON.stringify({ message: `cannot build the snapshot: ${String(err)}` })}\n\n`);
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://dashboard');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', `method ${req.method} not allowed\n`, { allow: 'GET, HEAD' });
    if (token && url.pathname === '/' && url.searchParams.has('token')) {
      const given = url.searchParams.get('token') ?? '';
      if (!sameToken(given, token)) return send(res, 401, 'text/plain', 'wrong admin token\n');
      const cookie = `${COOKIE}=${encodeURIComponent(given)}; HttpOnly; SameSite=Strict; Path=/${tls ? '; Secure' : ''}`;
      return send(res, 303, 'text/plain', 'signed in\n', { location: '/', 'set-cookie': cookie });
    }
    if (!authorised(req)) {
      return send(res, 401, 'text/plain', 'this dashboard needs the admin token: open /?token=<token> once, or send "Authorization: Bearer <token>"\n', { 'www-authenticate': 'Bearer realm="shardcast"' });
    }
    const asset: Asset | undefined = assets.get(url.pathname === '/' ? '/index.html' : url.pathname);
    if (asset) return send(res, 200, asset.type, asset.body, { 'cache-control': 'no-cache' });
    if (url.pathname === '/api/snapshot') return send(res, 200, 'application/json', JSON.stringify(await snapshot()), { 'cache-control': 'no-store' });
    if (url.pathname === '/api/events') return openStream(req, res);
    return send(res, 404, 'text/plain', `not found: ${url.pathname}\n`);
  };

  const listener = (req: IncomingMessage, res: ServerResponse) =>
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain', `dashboard error: ${err instanceof Error ? err.message : String(err)}\n`);
      else res.end();
    });
  const server: Server = tls ? createHttps({ cert: readFileSync(opts.security.certFile!), key: readFileSync(opts.security.keyFile!) }, listener) : createHttp(listener);
  const at = opts.listen.lastIndexOf(':');
  const host = opts.listen.slice(0, at).replace(/^\[|\]$/g, '');
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new Error(`cannot serve the dashboard on ${opts.listen}: ${err.message}`)));
    server.listen(Number(opts.listen.slice(at + 1)), host, () => resolve());
  });
  const bound = server.address() as AddressInfo;
  const address = `${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`;
  const url = `${tls ? 'https' : 'http'}://${address}`;
  await deps.ns.put(DASHBOARDS_PREFIX + opts.selfId).value(JSON.stringify({ url })).catch((err: unknown) => deps.log.warn({ err: String(err) }, 'cannot publish the dashboard address; followers will show their own view'));

  return {
    address,
    url,
    async close() {
      clearInterval(timer);
      clearInterval(keepalive);
      if (soon) clearTimeout(soon);
      deps.state.off('event', onEvent);
      for (const s of streams) s.end();
      streams.clear();
      await deps.ns.delete().key(DASHBOARDS_PREFIX + opts.selfId).catch(() => undefined);
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections?.();
    },
  };
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** GET a JSON document from another replica's dashboard (bearer token, its CA over HTTPS). */
function fetchJson<T>(url: string, token: string | undefined, sec: TransportSecurity): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const u = new URL(url);
    const headers = token ? { authorization: `Bearer ${token}` } : {};
    const opts = { headers, timeout: LEADER_SNAPSHOT_TIMEOUT_MS };
    const cb = (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`${url} answered ${res.statusCode}`));
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as T);
        } catch (err) {
          reject(err as Error);
        }
      });
      res.on('error', reject);
    };
    const req = u.protocol === 'https:' ? httpsRequest(u, { ...opts, ca: sec.caFile ? readFileSync(sec.caFile) : undefined }, cb) : httpRequest(u, opts, cb);
    req.on('timeout', () => req.destroy(new Error(`${url} did not answer within ${LEADER_SNAPSHOT_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end();
  });
}
