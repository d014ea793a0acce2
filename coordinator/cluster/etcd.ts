// The etcd client for one cluster: TLS / password auth from config, a deadline on every unary
// call, and the cluster's namespace.
import { z } from 'zod';
import { readFileSync } from 'node:fs';
import { Etcd3, isRecoverableError, type IOptions, type Namespace } from 'etcd3';
import { circuitBreaker, ConsecutiveBreaker, handleWhen, noop, retry, ExponentialBackoff } from 'cockatiel';
import { CLUSTER_ROOT } from './keys.js';

export const EtcdConfigSchema = z.object({
  endpoints: z.array(z.string().regex(/^https?:\/\/[^/]+$/, 'etcd endpoint must look like http(s)://host:port')).min(1).describe('etcd client URLs'),
  username: z.string().optional().describe('etcd user (password auth)'),
  password: z.string().optional().describe('etcd password'),
  caFile: z.string().optional().describe('PEM CA to verify etcd over TLS'),
  certFile: z.string().optional().describe('client certificate for etcd mTLS'),
  keyFile: z.string().optional().describe('client key for etcd mTLS'),
});
export type EtcdConfig = z.infer<typeof EtcdConfigSchema>;

/** Deadline for unary etcd calls; streams (watch, keepalive) have none. */
export const DEFAULT_ETCD_CALL_DEADLINE_MS = 5_000;

export interface EtcdHandle {
  client: Etcd3;
  ns: Namespace;
  close(): void;
}

export function connectEtcd(cfg: EtcdConfig, cluster: string): EtcdHandle {
  const options: IOptions = {
    hosts: cfg.endpoints,
    dialTimeout: 3_000,
    defaultCallOptions: (ctx) => (ctx.isStream ? {} : { deadline: Date.now() + DEFAULT_ETCD_CALL_DEADLINE_MS }),
    // No gRPC keepalive pings to etcd. etcd3 answers any recoverable stream error (a CANCELLED
    // from a watch it closed itself included) by closing every channel to the host and opening
    // new ones; the streams still open on the old channels then died at their next keepalive
    // ping ("Connection dropped"), which reset the pool again: every stream to etcd (election and
    // node-lease keepalives, watches) dropped every keepalive interval. A dead etcd connection is
    // noticed without pings: the leader renews its election lease directly (with a deadline)
    // when a renewal is late, and node-lease renewals and unary calls carry deadlines.
    faultHandling: {
      // etcd3's default per-host breaker stops ALL calls for 5 s after three failures: with one
      // endpoint that would leave a leader unable to renew or commit. Break a host only when
      // there are others to fail over to, and briefly.
      host: () => (cfg.endpoints.length > 1 ? circuitBreaker(handleWhen(isRecoverableError), { halfOpenAfter: 1_000, breaker: new ConsecutiveBreaker(5) }) : noop),
      global: retry(handleWhen(isRecoverableError), { maxAttempts: 3, backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 500 }) }),
    },
  };
  if (cfg.caFile) {
    options.credentials = {
      rootCertificate: readFileSync(cfg.caFile),
      ...(cfg.certFile && cfg.keyFile ? { certChain: readFileSync(cfg.certFile), privateKey: readFileSync(cfg.keyFile) } : {}),
    };
  }
  if (cfg.username) options.auth = { username: cfg.username, password: cfg.password ?? '' };
  const client = new Etcd3(options);
  return { client, ns: client.namespace(CLUSTER_ROOT(cluster)), close: () => client.close() };
}
