// HTTP/2 receive windows of a gRPC server. grpc-js leaves a server at HTTP/2's default window of
// 64 KiB per stream and per connection, so a client streaming to it has at most 64 KiB in flight:
// whenever the server's event loop is busy (a copy's target applying a batch), the sender stops
// after 64 KiB and the two nodes take turns instead of working at the same time. A copy (Push ->
// Ingest) ran at about a third of a bare gRPC stream for that alone; with windows of a few MiB it
// runs faster than the bare stream (which is held to 64 KiB as well). grpc-js has a client option
// for it (grpc-node.flow_control_window) but none for servers, so this sets Node's http2 settings
// through the grpc.Server's internals; test/unit/flow-control.test.ts checks they took effect, so
// a grpc-js upgrade that moves them fails a test instead of quietly slowing every copy down.
import type * as grpc from '@grpc/grpc-js';
import type * as http2 from 'node:http2';

/** Per-stream window a storage node advertises: a copy's sender may have this much unread in flight. */
export const DEFAULT_STREAM_WINDOW_BYTES = 4 * 1024 * 1024;
/** Connection-level window (all streams of one connection together). */
export const DEFAULT_CONNECTION_WINDOW_BYTES = 8 * 1024 * 1024;

export interface ReceiveWindows {
  streamBytes: number;
  connectionBytes: number;
}

export const DEFAULT_RECEIVE_WINDOWS: ReceiveWindows = { streamBytes: DEFAULT_STREAM_WINDOW_BYTES, connectionBytes: DEFAULT_CONNECTION_WINDOW_BYTES };

/** The parts of grpc-js's Server this reaches (private in its typings). */
interface ServerInternals {
  commonServerOptions?: { settings?: http2.Settings };
  http2Servers?: Map<http2.Http2Server | http2.Http2SecureServer, unknown>;
}

/**
 * Before bindAsync: every connection the server accepts advertises `streamBytes` as its initial
 * stream window. False when grpc-js's internals were not found (nothing changed).
 */
export function setStreamWindow(server: grpc.Server, streamBytes: number): boolean {
  const s = server as unknown as ServerInternals;
  if (!s.commonServerOptions || typeof s.commonServerOptions !== 'object') return false;
  s.commonServerOptions.settings = { ...s.commonServerOptions.settings, initialWindowSize: streamBytes };
  return true;
}

/**
 * After bindAsync: every connection accepted from then on gets a connection window of
 * `connectionBytes`. False when grpc-js's internals were not found (nothing changed).
 */
export function setConnectionWindow(server: grpc.Server, connectionBytes: number): boolean {
  const servers = (server as unknown as ServerInternals).http2Servers;
  if (!(servers instanceof Map) || servers.size === 0) return false;
  for (const h of servers.keys()) {
    h.on('session', (session: http2.ServerHttp2Session) => {
      // A session closed before this runs throws; it needs no window then.
      try {
        session.setLocalWindowSize(connectionBytes);
      } catch {
        /* closed */
      }
    });
  }
  return true;
}
