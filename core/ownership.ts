// What the leader does about owners when nodes come and go: a pure function from the
// microshard table and the live nodes to the ownership changes to commit. The leader calls it
// on every node join/loss and on takeover, so it is idempotent: applied changes yield none.
import type { Microshard } from './microshard.js';
import { changeOwner, orphan } from './microshard-lifecycle.js';
import { placeOrphans, type PlacementOptions } from './placement.js';

export const ORPHAN_POLICIES = ['reassign', 'await'] as const;
/**
 * reassign: re-own a lost node's microshards elsewhere at a higher epoch at once (soft state
 *   that clients rebuild, e.g. subscription stores).
 * await: keep them fenced (ORPHANED; routes answer UNAVAILABLE) until the node returns or an
 *   operator reassigns (single-copy durable data).
 */
export type OrphanPolicy = (typeof ORPHAN_POLICIES)[number];

export interface OwnershipChange {
  before: Microshard;
  after: Microshard;
  kind: 'assigned' | 'reassigned' | 'orphaned' | 'restored';
  reason: string;
}

export interface ReconcileInput {
  microshards: readonly Microshard[];
  liveNodes: readonly string[];
  policy: OrphanPolicy;
  /** Initial assignment waits until this many nodes are live. */
  bootstrapNodes: number;
  nowMs: number;
  placement?: PlacementOptions;
}

export function reconcileOwnership(input: ReconcileInput): OwnershipChange[] {
  const live = new Set(input.liveNodes);
  const changes: OwnershipChange[] = [];
  const needOwner: Array<{ m: Microshard; kind: 'assigned' | 'reassigned'; reason: string }> = [];
  const loads = new Map<string, number>();
  for (const m of input.microshards) if (live.has(m.owner) && m.state !== 'ORPHANED') loads.set(m.owner, (loads.get(m.owner) ?? 0) + 1);

  for (const m of input.microshards) {
    if (m.owner === '') {
      if (input.liveNodes.length >= Math.max(1, input.bootstrapNodes)) needOwner.push({ m, kind: 'assigned', reason: 'initial placement' });
      continue;
    }
    const ownerLive = live.has(m.owner);
    if (m.state === 'ORPHANED') {
      if (ownerLive) {
        changes.push({ before: m, after: changeOwner(m, 'restored'), kind: 'restored', reason: `owner ${m.owner} is back` });
        loads.set(m.owner, (loads.get(m.owner) ?? 0) + 1);
      } else if (input.policy === 'reassign' && input.liveNodes.length > 0) {
        needOwner.push({ m, kind: 'reassigned', reason: `owner ${m.owner} is gone and the orphan policy is now reassign` });
      }
      continue;
    }
    if (ownerLive) continue;
    if (input.policy === 'reassign' && input.liveNodes.length > 0) {
      needOwner.push({ m, kind: 'reassigned', reason: `owner ${m.owner} lost its session (orphan policy reassign)` });
    } else {
      changes.push({
        before: m,
        after: orphan(m),
        kind: 'orphaned',
        reason: input.liveNodes.length === 0 ? `owner ${m.owner} lost its session and no node is live` : `owner ${m.owner} lost its session (orphan policy await)`,
      });
    }
  }
  if (needOwner.length > 0) {
    const placed = placeOrphans(
      needOwner.map((x) => x.m.id),
      input.liveNodes,
      loads,
      input.microshards.length,
      input.placement,
    );
    for (const { m, kind, reason } of needOwner) {
      const owner = placed.get(m.id)!;
      changes.push({
        before: m,
        after: changeOwner(m, kind, owner),
        kind,
        reason: `${reason}: placed on ${owner}`,
      });
    }
  }
  return changes;
}
