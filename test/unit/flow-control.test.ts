// The receive windows a server asks for reach its HTTP/2 connections (platform/flow-control.ts
// sets them through grpc-js internals: this fails if an upgrade moves them).
import test from 'ava';
import * as http2 from 'node:http2';
import { startServer } from '../../platform/server.js';
import { INSECURE } from '../../platform/security.js';
import { DEFAULT_CONNECTION_WINDOW_BYTES, DEFAULT_RECEIVE_WINDOWS, DEFAULT_STREAM_WINDOW_BYTES } from '../../platform/flow-control.js';

/** What a client connected to `address` may send: the stream window it was told and the connection window. */
async function windowsSeenBy(address: string): Promise<{ stream: number; connection: number }> {
  const session = http2.connect(`http://${address}`);
  try {
    await new Promise<void>((resolve, reject) => {
      session.once('remoteSettings', () => resolve());
      session.once('error', reject);
    });
    // A ping round trip: the server's WINDOW_UPDATE, sent with its settings, has arrived by then.
    await new Promise<void>((resolve, reject) => session.ping((err) => (err ? reject(err) : resolve())));
    return { stream: session.remoteSettings.initialWindowSize ?? 0, connection: session.state.remoteWindowSize ?? 0 };
  } finally {
    session.close();
  }
}

test('a server started with receive windows advertises them to every connection', async (t) => {
  const s = await startServer('127.0.0.1:0', INSECURE, () => undefined, [], {}, { receiveWindows: DEFAULT_RECEIVE_WINDOWS });
  try {
    t.true(s.receiveWindowsSet);
    t.deepEqual(await windowsSeenBy(s.address), { stream: DEFAULT_STREAM_WINDOW_BYTES, connection: DEFAULT_CONNECTION_WINDOW_BYTES });
    // And the next connection too.
    t.deepEqual(await windowsSeenBy(s.address), { stream: DEFAULT_STREAM_WINDOW_BYTES, connection: DEFAULT_CONNECTION_WINDOW_BYTES });
  } finally {
    await s.stop(100);
  }
});

test('without them a server keeps HTTP/2 defaults', async (t) => {
  const s = await startServer('127.0.0.1:0', INSECURE, () => undefined, []);
  try {
    t.deepEqual(await windowsSeenBy(s.address), { stream: 65_535, connection: 65_535 });
  } finally {
    await s.stop(100);
  }
});
