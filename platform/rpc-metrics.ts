// RPC duration by method and final status code, for any gRPC service implementation (the
// coordinator's and the sidecar's servers both wrap theirs with it).
import * as grpc from '@grpc/grpc-js';
import { Counter, type Histogram, type Registry } from 'prom-client';
import type { Refusal } from './authz.js';

/** RPC latency buckets (seconds): sub-millisecond lookups up to multi-second streams. */
export const DEFAULT_RPC_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

const STATUS_NAMES = new Map<number, string>(Object.entries(grpc.status).filter((e): e is [string, number] => typeof e[1] === 'number').map(([k, v]) => [v, k]));

function codeName(err: unknown): string {
  if (!err) return 'OK';
  const code = (err as { code?: unknown }).code;
  return typeof code === 'number' ? (STATUS_NAMES.get(code) ?? String(code)) : 'UNKNOWN';
}

/**
 * Wraps every handler of a service implementation to observe its duration by method and final
 * status code. Unary and client-streaming calls are timed to the callback; streaming responses
 * to the end of the call ('finish', 'error' or 'cancelled').
 */
export function instrumentService<T extends grpc.UntypedServiceImplementation>(definition: grpc.ServiceDefinition, impl: T, histogram: Histogram<'method' | 'code'>): T {
  const out: grpc.UntypedServiceImplementation = {};
  for (const [name, handler] of Object.entries(impl)) {
    const def = definition[name];
    if (!def || typeof handler !== 'function') {
      out[name] = handler;
      continue;
    }
    const h = handler as (...args: unknown[]) => void;
    if (!def.responseStream) {
      out[name] = ((call: unknown, callback: (err: unknown, ...rest: unknown[]) => void) => {
        const end = histogram.startTimer({ method: name });
        h(call, (err: unknown, ...rest: unknown[]) => {
          end({ code: codeName(err) });
          callback(err, ...rest);
        });
      }) as grpc.UntypedHandleCall;
    } else {
      out[name] = ((call: grpc.ServerWritableStream<unknown, unknown>) => {
        const end = histogram.startTimer({ method: name });
        let done = false;
        const finish = (code: string): void => {
          if (done) return;
          done = true;
          end({ code });
        };
        call.once('finish', () => finish('OK'));
        call.once('error', (err: unknown) => finish(codeName(err)));
        call.once('cancelled', () => finish('CANCELLED'));
        h(call);
      }) as grpc.UntypedHandleCall;
    }
  }
  return out as T;
}

/**
 * Counts the calls the authorization interceptor refused, by method and status
 * (`<prefix>rpc_refused_total`), for startServer's `onRefused`.
 */
export function refusalCounter(registry: Registry, prefix: string): (path: string, r: Refusal) => void {
  const refused = new Counter({ name: `${prefix}rpc_refused_total`, help: 'Calls refused before their handler: no identity (UNAUTHENTICATED) or a role that may not call the method (PERMISSION_DENIED)', labelNames: ['method', 'code'] as const, registers: [registry] });
  return (path, r) => refused.inc({ method: path.slice(path.lastIndexOf('/') + 1), code: codeName({ code: r.code }) });
}
