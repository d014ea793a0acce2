// What the chaos tests share: a writer that keeps writing through the client library while a
// fault is injected, and the check that every write it got acknowledged is still there.
import type { ExecutionContext } from 'ava';
import type { ShardcastClient } from '../../client/index.js';

export interface Writer {
  /** Every acknowledged key and the value it was given. */
  acked: Map<string, string>;
  /** The longest time between two acknowledgements, ms, and when it ended (performance.now()). */
  maxGapMs: number;
  maxGapEndedAt: number;
  /** Writes refused and retried. */
  refusals: number;
  stop(): Promise<void>;
}

/**
 * Sequential writes of `${prefix}-${i}`; a refused write is retried until it is acknowledged (so
 * a pause in service shows as a gap between acknowledgements, not as lost keys).
 */
export function startWriter(client: ShardcastClient, prefix: string): Writer {
  let running = true;
  let lastAck = performance.now();
  const w: Writer = { acked: new Map(), maxGapMs: 0, maxGapEndedAt: 0, refusals: 0, stop: async () => undefined };
  const loop = (async () => {
    for (let i = 0; running; i++) {
      const key = `${prefix}-${i}`;
      const value = `v${i}`;
      for (;;) {
        try {
          await client.put(key, value);
          break;
        } catch {
          w.refusals++;
          if (!running) return;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      w.acked.set(key, value);
      const now = performance.now();
      if (now - lastAck > w.maxGapMs) {
        w.maxGapMs = now - lastAck;
        w.maxGapEndedAt = now;
      }
      lastAck = now;
    }
  })();
  w.stop = async () => {
    running = false;
    await loop;
  };
  return w;
}

/** Every acknowledged write reads back with its value. */
export async function checkAcked(t: ExecutionContext, client: ShardcastClient, acked: Map<string, string>): Promise<void> {
  let lost = 0;
  for (const [k, v] of acked) {
    const r = await client.get(k);
    if (!r.found || r.value.toString() !== v) lost++;
  }
  t.is(lost, 0, `${lost} of ${acked.size} acknowledged writes lost or changed`);
}
