// Which migrations may run now, and how much bandwidth each gets (pure). The orchestrator
// feeds it the migration records and acts on the answer.
import type { Range } from './ranges.js';
import { isCopying, isTerminal, type MigrationPhase } from './migration-phases.js';

export interface MigrationView extends Range {
  id: string;
  phase: MigrationPhase;
  source: string;
  target: string;
}

export interface NodeMigrationLoad {
  /** COPYING, CATCHING_UP or CUTOVER to or from the node. */
  active: number;
  /** PLANNED, waiting for a slot. */
  queued: number;
}

/** Per node: migrations moving data to or from it, and those queued. */
export function nodeLoads(migrations: readonly MigrationView[]): Map<string, NodeMigrationLoad> {
  const out = new Map<string, NodeMigrationLoad>();
  const bump = (node: string, k: keyof NodeMigrationLoad) => {
    const l = out.get(node) ?? { active: 0, queued: 0 };
    l[k]++;
    out.set(node, l);
  };
  for (const m of migrations) {
    if (isCopying(m.phase)) {
      bump(m.source, 'active');
      bump(m.target, 'active');
    } else if (m.phase === 'PLANNED') {
      bump(m.source, 'queued');
      bump(m.target, 'queued');
    }
  }
  return out;
}

/**
 * PLANNED migrations that may start now, oldest first, so that no node takes part in more than
 * `maxPerNode` data-moving migrations at once (as source or target).
 */
export function startable(migrations: readonly MigrationView[], maxPerNode: number): string[] {
  const active = new Map<string, number>();
  for (const m of migrations) {
    if (!isCopying(m.phase)) continue;
    active.set(m.source, (active.get(m.source) ?? 0) + 1);
    active.set(m.target, (active.get(m.target) ?? 0) + 1);
  }
  const out: string[] = [];
  const planned = migrations.filter((m) => m.phase === 'PLANNED').sort((a, b) => compareIds(a.id, b.id));
  for (const m of planned) {
    if ((active.get(m.source) ?? 0) >= maxPerNode || (active.get(m.target) ?? 0) >= maxPerNode) continue;
    active.set(m.source, (active.get(m.source) ?? 0) + 1);
    active.set(m.target, (active.get(m.target) ?? 0) + 1);
    out.push(m.id);
  }
  return out;
}

/** Migrations not yet finished whose range overlaps `r` (a range under migration is busy). */
export function overlappingInFlight(migrations: readonly MigrationView[], r: Range): MigrationView[] {
  return migrations.filter((m) => !isTerminal(m.phase) && m.start < r.end && r.start < m.end);
}

/**
 * Bytes per second one copy may use: the node budget shared among the node's data-moving
 * migrations, the tighter of source and target (0 = unlimited). `activeOnSource` and
 * `activeOnTarget` include this migration.
 */
export function copyBudget(nodeBytesPerS: number, activeOnSource: number, activeOnTarget: number, requested = 0): number {
  const share = nodeBytesPerS > 0 ? Math.floor(nodeBytesPerS / Math.max(1, activeOnSource, activeOnTarget)) : 0;
  if (requested > 0 && (share === 0 || requested < share)) return requested;
  return share;
}

/**
 * Where a drain sends each microshard of `node`: the live node (not `node`) owning the fewest
 * microshards, counting the ones already sent there; ties by node id.
 */
export function drainTargets(microshards: ReadonlyArray<{ id: string; owner: string }>, node: string, liveNodes: readonly string[]): Map<string, string> {
  const candidates = liveNodes.filter((n) => n !== node).sort();
  const out = new Map<string, string>();
  if (candidates.length === 0) return out;
  const load = new Map(candidates.map((n) => [n, 0]));
  for (const m of microshards) if (load.has(m.owner)) load.set(m.owner, load.get(m.owner)! + 1);
  for (const m of microshards) {
    if (m.owner !== node) continue;
    let best = candidates[0]!;
    for (const n of candidates) if (load.get(n)! < load.get(best)!) best = n;
    out.set(m.id, best);
    load.set(best, load.get(best)! + 1);
  }
  return out;
}

function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
