// A checker in the manner of Jepsen, for a workload with ONE sequential writer per key: write i
// of a key carries value "<key>#<i>" and is retried with the same request id until acknowledged,
// so the acknowledged writes of a key are 1..n and at most write n + 1 is indeterminate (sent,
// never acknowledged). Pure: the history in, the violations out.
//
// - lost: the final read must show write n, or write n + 1 (indeterminate, may have applied);
// - applied twice: a key starts absent and every write bumps its version by one, so write i
//   must be acknowledged at version i, and the final read's version must match its value;
// - single writer: for every acknowledged write, the (microshard, epoch) it was accepted under
//   names one node only, across the whole run;
// - epochs only increase: per key, acknowledged writes in order carry non-decreasing epochs.

export interface WriteRecord {
  key: string;
  seq: number;
  value: string;
  acked: boolean;
  version?: number;
  node?: string;
  epoch?: string;
  microshardId?: string;
  duplicate?: boolean;
}

export interface FinalRead {
  found: boolean;
  value: string;
  version: number;
}

export interface CheckResult {
  keys: number;
  acked: number;
  indeterminate: number;
  lost: string[];
  duplicated: string[];
  splitBrain: string[];
  epochRegressions: string[];
  ok: boolean;
}

/** Checks one history; `owners` (microshard@epoch -> node) carries across histories of a run. */
export function checkHistory(writes: readonly WriteRecord[], finals: ReadonlyMap<string, FinalRead>, owners: Map<string, string> = new Map()): CheckResult {
  const byKey = new Map<string, WriteRecord[]>();
  for (const w of writes) byKey.set(w.key, [...(byKey.get(w.key) ?? []), w]);
  const res: CheckResult = { keys: byKey.size, acked: 0, indeterminate: 0, lost: [], duplicated: [], splitBrain: [], epochRegressions: [], ok: true };
  for (const [key, ws] of byKey) {
    ws.sort((a, b) => a.seq - b.seq);
    let lastAcked: WriteRecord | undefined;
    let pending: WriteRecord | undefined;
    let lastEpoch = -1n;
    for (const [i, w] of ws.entries()) {
      if (w.seq !== i + 1) throw new Error(`history of ${key} is not 1..n (write ${w.seq} at position ${i + 1})`);
      if (!w.acked) {
        if (i !== ws.length - 1) throw new Error(`history of ${key}: unacknowledged write ${w.seq} is not the last one`);
        pending = w;
        res.indeterminate++;
        continue;
      }
      res.acked++;
      lastAcked = w;
      if (w.version !== w.seq) res.duplicated.push(`${key}: write ${w.seq} acknowledged at version ${w.version}${w.version! > w.seq ? ' (an earlier write was applied twice)' : ' (an earlier write is missing)'}`);
      if (w.microshardId !== undefined && w.epoch !== undefined && w.node !== undefined) {
        const slot = `${w.microshardId}@${w.epoch}`;
        const other = owners.get(slot);
        if (other === undefined) owners.set(slot, w.node);
        else if (other !== w.node) res.splitBrain.push(`microshard ${w.microshardId} epoch ${w.epoch}: writes acknowledged by ${other} and by ${w.node} (key ${key}, write ${w.seq})`);
        const e = BigInt(w.epoch);
        if (e < lastEpoch) res.epochRegressions.push(`${key}: write ${w.seq} at epoch ${e} after a write at epoch ${lastEpoch}`);
        if (e > lastEpoch) lastEpoch = e;
      }
    }
    const f = finals.get(key);
    if (!lastAcked) continue;
    const acceptable = [lastAcked, pending].filter((x): x is WriteRecord => x !== undefined);
    if (!f || !f.found) {
      res.lost.push(`${key}: acknowledged write ${lastAcked.seq} (${lastAcked.value}) is not readable (key not found)`);
      continue;
    }
    const match = acceptable.find((w) => w.value === f.value);
    if (!match) res.lost.push(`${key}: read ${JSON.stringify(f.value)} at version ${f.version}, expected ${acceptable.map((w) => JSON.stringify(w.value)).join(' or ')}`);
    else if (f.version !== match.seq) res.duplicated.push(`${key}: final value ${match.value} at version ${f.version}, expected ${match.seq}`);
  }
  res.ok = res.lost.length === 0 && res.duplicated.length === 0 && res.splitBrain.length === 0 && res.epochRegressions.length === 0;
  return res;
}
