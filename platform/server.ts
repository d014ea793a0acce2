// Starting and stopping a gRPC server the same way everywhere: bound address, health and
// reflection services, graceful stop (drain, then force after a grace period).
import * as grpc from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import { ReflectionService } from '@grpc/reflection';
import { packageDefinition, UndecodableRequest } from './proto.js';
import { serverCredentials, type TransportSecurity } from './security.js';
import { authorizationInterceptor, type Refusal } from './authz.js';
import { setConnectionWindow, setStreamWindow, type ReceiveWindows } from './flow-control.js';

export const DEFAULT_SHUTDOWN_GRACE_MS = 2000;

/** Server options shared by all shardcast servers: keepalive tolerant of etcd-style clients. */
const SERVER_OPTIONS: grpc.ServerOptions = {
  'grpc.keepalive_permit_without_calls': 1,
  'grpc.http2.min_ping_interval_without_data_ms': 5000,
  'grpc.max_receive_message_length': 64 * 1024 * 1024,
};

export interface RunningServer {
  server: grpc.Server;
  /** host:port actually bound (resolves port 0). */
  address: string;
  port: number;
  health: HealthImplementation;
  /** Whether the receive windows asked for were set (false: grpc-js's internals were not found). */
  receiveWindowsSet: boolean;
  stop(graceMs?: number): Promise<void>;
}

export interface ServerTuning {
  /** HTTP/2 receive windows larger than the 64 KiB default (platform/flow-control.ts). */
  receiveWindows?: ReceiveWindows;
}

export interface ServerIdentityOptions {
  /** The node this server belongs to (storage node, sidecar): rules with `sameNode` bind to it. */
  nodeId?: string;
  /** Called for every call the authorization interceptor refuses (to count it). */
  onRefused?: (path: string, refusal: Refusal) => void;
}

export async function startServer(
  address: string,
  security: TransportSecurity,
  register: (server: grpc.Server) => void,
  serviceNames: readonly string[],
  identity: ServerIdentityOptions = {},
  tuning: ServerTuning = {},
): Promise<RunningServer> {
  // With mutual TLS every caller has a certificate, so every call is authorized by role
  // (platform/access-policy.ts) before a handler runs. Without it there is no identity to check.
  // Undecodable bytes are answered after authorization: a caller who may not call the method
  // learns nothing about how its bytes were read.
  const interceptors = [...(security.mode === 'mtls' ? [authorizationInterceptor(identity.nodeId, identity.onRefused)] : []), undecodableRequestInterceptor];
  const server = new grpc.Server({ ...SERVER_OPTIONS, interceptors });
  const windows = tuning.receiveWindows;
  let receiveWindowsSet = windows ? setStreamWindow(server, windows.streamBytes) : true;
  register(server);
  const health = new HealthImplementation({ '': 'SERVING', ...Object.fromEntries(serviceNames.map((s) => [s, 'SERVING' as const])) });
  health.addToServer(server);
  new ReflectionService(packageDefinition).addToServer(server);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(address, serverCredentials(security), (err, p) => (err ? reject(new Error(`cannot bind ${address}: ${err.message}`)) : resolve(p))),
  );
  if (windows) receiveWindowsSet = setConnectionWindow(server, windows.connectionBytes) && receiveWindowsSet;
  const host = address.slice(0, address.lastIndexOf(':'));
  let stopped: Promise<void> | undefined;
  return {
    server,
    address: `${host}:${port}`,
    port,
    health,
    receiveWindowsSet,
    stop(graceMs = DEFAULT_SHUTDOWN_GRACE_MS) {
      stopped ??= new Promise<void>((resolve) => {
        for (const s of serviceNames) health.setStatus(s, 'NOT_SERVING');
        health.setStatus('', 'NOT_SERVING');
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, graceMs);
        timer.unref();
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      return stopped;
    },
  };
}

/**
 * Answers a request message that did not decode (platform/proto.ts hands on an
 * UndecodableRequest instead of throwing) with INVALID_ARGUMENT naming the message type and what
 * was wrong; the handler never sees it. On a stream the call ends at the first bad message, and
 * the handler, already running, is told the call is cancelled (else it would wait for more
 * messages forever).
 */
class UndecodableRequestCall extends grpc.ServerInterceptingCall {
  private downstream: Parameters<grpc.ServerInterceptingCallInterface["start"]>[0] | undefined;
  private answered = false;

  constructor(
    private readonly path: string,
    private readonly inner: grpc.ServerInterceptingCallInterface,
  ) {
    super(inner, {
      start: (next) =>
        next({
          onReceiveMessage: (message, nextMessage) => {
            if (this.answered) return;
            if (!(message instanceof UndecodableRequest)) return nextMessage(message);
            this.answered = true;
            this.inner.sendStatus({ code: grpc.status.INVALID_ARGUMENT, details: `${this.path}: the request is not a valid ${message.messageType} (${message.reason})` });
            this.downstream?.onCancel();
          },
          onReceiveHalfClose: (nextHalfClose) => {
            if (!this.answered) nextHalfClose();
          },
        }),
    });
  }

  override start(listener: Parameters<grpc.ServerInterceptingCallInterface["start"]>[0]): void {
    this.downstream = listener;
    super.start(listener);
  }
}

const undecodableRequestInterceptor: grpc.ServerInterceptor = (method, call) => new UndecodableRequestCall(method.path, call);

/** A deadline `ms` from now: every outgoing call passes one (grpc-js has no default). */
export function deadline(ms: number): Date {
  return new Date(Date.now() + ms);
}
