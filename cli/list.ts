// Comma-separated list flags (--coordinators a,b, --etcd u1,u2): split, trimmed, empties dropped.
// Its own file so light commands (ctl) need not load the process-command helpers of common.ts.

export function splitList(v: string | undefined): string[] | undefined {
  return v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean);
}
