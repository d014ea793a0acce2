// Host metrics sampled with systeminformation on a timer into a cache. Readers (load reports,
// /metrics, bids) take the cached value synchronously; nothing on an RPC path ever waits for
// systeminformation, whose calls read /proc and can take tens of milliseconds.
import si from 'systeminformation';

/** Sampling period: fine enough for 10 s load reports, cheap enough to leave on. */
export const DEFAULT_HOST_SAMPLE_MS = 5_000;

export interface HostSnapshot {
  /** CPU busy fraction over the last sample period, 0..1 (all cores). */
  cpuUtilisation: number;
  /** Memory in use by processes (total - available: page cache excluded). */
  memoryUsedBytes: number;
  memoryTotalBytes: number;
  /** Block device throughput; 0 until two samples exist or when the host does not expose it. */
  diskReadBytesPerS: number;
  diskWriteBytesPerS: number;
  /** Network throughput over all non-loopback interfaces (loopback too when asked). */
  netRxBytesPerS: number;
  netTxBytesPerS: number;
  /** When this was sampled (ms since the epoch); 0 before the first sample. */
  sampledAtMs: number;
}

export const EMPTY_HOST_SNAPSHOT: Readonly<HostSnapshot> = Object.freeze({
  cpuUtilisation: 0,
  memoryUsedBytes: 0,
  memoryTotalBytes: 0,
  diskReadBytesPerS: 0,
  diskWriteBytesPerS: 0,
  netRxBytesPerS: 0,
  netTxBytesPerS: 0,
  sampledAtMs: 0,
});

export interface HostMetricsOptions {
  intervalMs?: number;
  includeLoopback?: boolean;
  /** A failed sample is reported here; the previous snapshot stays. */
  onError?: (err: unknown) => void;
}

const finite = (v: number | null | undefined): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);

/** Reads the host once (the sampler calls it; exported for tools and tests). */
export async function sampleHost(includeLoopback = false): Promise<HostSnapshot> {
  const [load, mem, fs, net] = await Promise.all([
    si.currentLoad(),
    si.mem(),
    si.fsStats().catch(() => undefined),
    si.networkStats('*').catch(() => []),
  ]);
  let rx = 0;
  let tx = 0;
  for (const n of net) {
    if (!includeLoopback && n.iface === 'lo') continue;
    rx += finite(n.rx_sec);
    tx += finite(n.tx_sec);
  }
  return {
    cpuUtilisation: Math.min(1, finite(load.currentLoad) / 100),
    memoryUsedBytes: finite(mem.total - mem.available),
    memoryTotalBytes: finite(mem.total),
    diskReadBytesPerS: finite(fs?.rx_sec),
    diskWriteBytesPerS: finite(fs?.wx_sec),
    netRxBytesPerS: rx,
    netTxBytesPerS: tx,
    sampledAtMs: Date.now(),
  };
}

export class HostMetricsSampler {
  readonly intervalMs: number;
  private snapshot: HostSnapshot = { ...EMPTY_HOST_SNAPSHOT };
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  /** Samples taken (successful). */
  samples = 0;

  constructor(private readonly opts: HostMetricsOptions = {}) {
    this.intervalMs = opts.intervalMs ?? DEFAULT_HOST_SAMPLE_MS;
    if (!(this.intervalMs >= 100)) throw new RangeError(`host sample interval must be >= 100 ms, got ${this.intervalMs}`);
  }

  /** The latest sample (all zeros before the first). Never waits. */
  current(): HostSnapshot {
    return this.snapshot;
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  /** Starts sampling: one sample now, then every intervalMs (unref'd: never keeps the process up). */
  start(): Promise<void> {
    if (this.timer) return this.inFlight ?? Promise.resolve();
    this.timer = setInterval(() => void this.sampleNow(), this.intervalMs);
    this.timer.unref();
    return this.sampleNow();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Takes a sample unless one is running (then waits for that one). */
  sampleNow(): Promise<void> {
    this.inFlight ??= sampleHost(this.opts.includeLoopback)
      .then((s) => {
        this.snapshot = s;
        this.samples++;
      })
      .catch((err) => this.opts.onError?.(err))
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }
}

/** The coordinator.proto HostMetrics shape of a snapshot. */
export function toHostMetricsProto(s: HostSnapshot): {
  cpuUtilisation: number;
  memoryUsedBytes: string;
  memoryTotalBytes: string;
  diskReadBytesPerS: number;
  diskWriteBytesPerS: number;
  netRxBytesPerS: number;
  netTxBytesPerS: number;
} {
  return {
    cpuUtilisation: s.cpuUtilisation,
    memoryUsedBytes: String(Math.round(s.memoryUsedBytes)),
    memoryTotalBytes: String(Math.round(s.memoryTotalBytes)),
    diskReadBytesPerS: s.diskReadBytesPerS,
    diskWriteBytesPerS: s.diskWriteBytesPerS,
    netRxBytesPerS: s.netRxBytesPerS,
    netTxBytesPerS: s.netTxBytesPerS,
  };
}
