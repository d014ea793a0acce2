// The HTTP/JSON gateway on the coordinator (node:http): the topic pointer table, predictions and
// external metrics for clients that do not speak gRPC.
//   GET  /predict_load?topic=T     forecast quantiles of the topic and of its shard
//   GET  /get_shard_id?topic=T     shard id and datastore instance, plus matching wildcard shards
//   POST /update_metrics           {"shard_id": "12" | "node_id": "n1", "metrics": {...}}
//   GET  /shard_map, /prediction_cache (?prefix=&limit=), /capacity
// Answers are the Admin responses in the proto3 JSON mapping with the proto's field names
// (snake_case; 64-bit integers as strings). Errors: {"error": {"status", "code", "message"}} with
// 400 bad input, 401 missing/bad token, 404 unknown topic/shard/path, 405 wrong method, 409 not
// placed yet, 413 body too large, 415 not JSON, 503 no forecast yet / no leader known (with
// Retry-After), 504, 500.
// The admin bearer token applies when configured. Every call goes through TopicService, so a
// follower's gateway forwards to the leader like the Admin RPCs do.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { z } from 'zod';
import type { Logger } from '../../platform/logger.js';
import { NotLeaderError, ShardcastError } from '../../platform/errors.js';
import type { TopicService } from '../topics/service.js';
import type { CapacityService } from '../capacity/service.js';

/** Largest query string accepted (a topic may be up to 65535 bytes, percent-encoded up to 3x). */
export const MAX_QUERY_BYTES = 3 * 65535 + 1024;

const STATUS: Record<number, number> = {
  [grpc.status.INVALID_ARGUMENT]: 400,
  [grpc.status.UNAUTHENTICATED]: 401,
  [grpc.status.PERMISSION_DENIED]: 403,
  [grpc.status.NOT_FOUND]: 404,
  [grpc.status.FAILED_PRECONDITION]: 409,
  [grpc.status.ALREADY_EXISTS]: 409,
  [grpc.status.RESOURCE_EXHAUSTED]: 429,
  [grpc.status.UNAVAILABLE]: 503,
  [grpc.status.DEADLINE_EXCEEDED]: 504,
  [grpc.status.UNIMPLEMENTED]: 501,
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const MetricsBody = z
  .object({
    shard_id: z.union([z.string().regex(/^\d{1,20}$/, 'must be a decimal microshard id'), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)]).optional(),
    node_id: z.string().optional(),
    metrics: z
      .object({
        cpu_utilisation: z.number().min(0).max(1).optional(),
        cpu_cores: z.number().min(0).max(4096).optional(),
        memory_used_bytes: z.number().int().min(0).optional(),
        memory_total_bytes: z.number().int().min(0).optional(),
        iops: z.number().min(0).optional(),
        at_ms: z.number().int().min(0).optional(),
      })
      .strict(),
  })
  .strict();

/** camelCase keys -> snake_case, recursively (values untouched). */
export function snakeKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(snakeKeys);
  if (v && typeof v === 'object' && !Buffer.isBuffer(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = snakeKeys(x);
    return out;
  }
  return v;
}

export interface GatewayOptions {
  /** host:port (port 0 picks one). */
  listen: string;
  adminToken?: string;
  maxBodyBytes: number;
  /** Counts each answered request (shardcast_coordinator_gateway_requests_total). */
  onRequest?: (path: string, status: number) => void;
}

export interface RunningGateway {
  address: string;
  close(): Promise<void>;
}

function one(params: URLSearchParams, name: string, required: boolean): string | undefined {
  const all = params.getAll(name);
  if (all.length > 1) throw new HttpError(400, 'INVALID_ARGUMENT', `query parameter ${name} is given ${all.length} times; give it once`);
  if (all.length === 0 || all[0] === '') {
    if (required) throw new HttpError(400, 'INVALID_ARGUMENT', `query parameter ${name} is required (e.g. ?${name}=sport/tennis; percent-encode '#' as %23 and '+' as %2B)`);
    return undefined;
  }
  return all[0];
}

/**
 * Refuses a query string whose percent-encoding is malformed (`%ZZ`, a lone `%`, bytes that are
 * not UTF-8 such as `%FF`). URLSearchParams would keep `%ZZ` as literal text and turn bad UTF-8
 * into U+FFFD, so `?topic=%ZZ` would quietly name another topic than the client meant.
 */
function checkPercentEncoding(search: string): void {
  const decodes = (s: string): boolean => {
    try {
      decodeURIComponent(s.replace(/\+/g, ' '));
      return true;
    } catch {
      return false;
    }
  };
  for (const part of search.replace(/^\?/, '').split('&')) {
    const eq = part.indexOf('=');
    const [name, value] = eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
    if (!decodes(name)) throw new HttpError(400, 'INVALID_ARGUMENT', `a query parameter name has malformed percent-encoding: ${JSON.stringify(name.slice(0, 80))} (write '%' as %25; every %XX must be two hex digits of UTF-8)`);
    if (!decodes(value)) {
      throw new HttpError(400, 'INVALID_ARGUMENT', `query parameter ${decodeURIComponent(name.replace(/\+/g, ' ')).slice(0, 40)} has malformed percent-encoding: ${JSON.stringify(value.slice(0, 80))} (write '%' as %25; every %XX must be two hex digits of UTF-8)`);
    }
  }
}

function limitOf(params: URLSearchParams): number {
  const v = one(params, 'limit', false);
  if (v === undefined) return 0;
  if (!/^\d{1,9}$/.test(v)) throw new HttpError(400, 'INVALID_ARGUMENT', `limit must be a non-negative integer, got ${JSON.stringify(v.slice(0, 40))}`);
  return Number(v);
}

async function readBody(req: IncomingMessage, max: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `request body is ${declared} bytes; the limit is ${max}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `request body exceeds the limit of ${max} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startGateway(services: { topics: TopicService; capacity: CapacityService }, opts: GatewayOptions, log: Logger): Promise<RunningGateway> {
  const { topics: service, capacity } = services;
  const routes: Record<string, { method: 'GET' | 'POST'; run: (url: URL, req: IncomingMessage, md: grpc.Metadata) => Promise<unknown> }> = {
    '/predict_load': { method: 'GET', run: (u, _r, md) => service.predictTopicLoad(one(u.searchParams, 'topic', true)!, md) },
    '/get_shard_id': { method: 'GET', run: (u, _r, md) => service.getShardForTopic(one(u.searchParams, 'topic', true)!, md) },
    '/shard_map': { method: 'GET', run: (u, _r, md) => service.listShardMap(one(u.searchParams, 'prefix', false) ?? '', limitOf(u.searchParams), md) },
    '/prediction_cache': { method: 'GET', run: (u, _r, md) => service.listPredictionCache(one(u.searchParams, 'prefix', false) ?? '', limitOf(u.searchParams), md) },
    '/capacity': { method: 'GET', run: (_u, _r, md) => capacity.getCapacity(md) },
    '/update_metrics': {
      method: 'POST',
      run: async (_u, req, md) => {
        const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        if (type !== 'application/json') throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', `send the body as application/json (got ${JSON.stringify(type || 'no content-type')})`);
        const text = await readBody(req, opts.maxBodyBytes);
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch (err) {
          throw new HttpError(400, 'INVALID_ARGUMENT', `body is not valid JSON: ${(err as Error).message}`);
        }
        const parsed = MetricsBody.safeParse(json);
        if (!parsed.success) throw new HttpError(400, 'INVALID_ARGUMENT', `invalid body: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ')}`);
        const b = parsed.data;
        const m = b.metrics;
        return capacity.updateMetrics(
          {
            shardId: b.shard_id !== undefined ? String(b.shard_id) : undefined,
            nodeId: b.node_id,
            metrics: { cpuUtilisation: m.cpu_utilisation, cpuCores: m.cpu_cores, memoryUsedBytes: m.memory_used_bytes, memoryTotalBytes: m.memory_total_bytes, iops: m.iops, atMs: m.at_ms },
          },
          md,
        );
      },
    },
  };
  const expected = opts.adminToken ? Buffer.from(`Bearer ${opts.adminToken}`) : undefined;
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    // Known endpoints by name; anything else as one label value (the series count stays bounded).
    const path = (res.req.url ?? '/').split('?')[0]!;
    opts.onRequest?.(routes[path] ? path : 'other', status);
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...headers });
    res.end(text);
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      try {
        if ((req.url ?? '').length > MAX_QUERY_BYTES) throw new HttpError(414, 'URI_TOO_LONG', `request line longer than ${MAX_QUERY_BYTES} bytes`);
        const url = new URL(req.url ?? '/', 'http://gateway');
        checkPercentEncoding(url.search);
        const route = routes[url.pathname];
        if (!route) throw new HttpError(404, 'NOT_FOUND', `no such endpoint ${url.pathname}; try ${Object.entries(routes).map(([p, r]) => `${r.method} ${p}`).join(', ')}`);
        if (req.method !== route.method && !(route.method === 'GET' && req.method === 'HEAD')) throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${url.pathname} takes ${route.method}, not ${req.method}`, { allow: route.method === 'GET' ? 'GET, HEAD' : route.method });
        const md = new grpc.Metadata();
        const auth = req.headers.authorization;
        if (expected) {
          const got = Buffer.from(auth ?? '');
          if (got.length !== expected.length || !timingSafeEqual(got, expected)) throw new HttpError(401, 'UNAUTHENTICATED', 'this gateway needs "Authorization: Bearer <admin token>"', { 'www-authenticate': 'Bearer' });
        }
        if (auth) md.set('authorization', auth);
        const out = await route.run(url, req, md);
        send(res, 200, snakeKeys(out));
      } catch (err) {
        let status = 500;
        let code = 'INTERNAL';
        let message = err instanceof Error ? err.message : String(err);
        let headers: Record<string, string> = {};
        if (err instanceof HttpError) {
          ({ status, code, headers } = err);
        } else if (err instanceof NotLeaderError) {
          // No leader reachable from this replica right now (election, or not yet observed): retry.
          status = 503;
          code = 'UNAVAILABLE';
          headers = { 'retry-after': '1' };
        } else if (err instanceof ShardcastError) {
          status = STATUS[err.code] ?? 500;
          code = grpc.status[err.code] ?? 'UNKNOWN';
        } else {
          log.error({ err: message, url: req.url?.slice(0, 200) }, 'gateway request failed');
          message = `internal error: ${message}`;
        }
        if (status === 413) headers = { ...headers, connection: 'close' };
        if (!res.headersSent) send(res, status, { error: { status, code, message } }, headers);
        else res.destroy();
      }
    })();
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  const at = opts.listen.lastIndexOf(':');
  const host = opts.listen.slice(0, at).replace(/^\[|\]$/g, '');
  const port = Number(opts.listen.slice(at + 1));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const a = server.address() as AddressInfo;
  const address = `${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`;
  return {
    address,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
