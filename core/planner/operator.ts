// Operators are the planner's output: an explicit list of steps, each operator with its reason,
// predicted gain and cost, and the inputs that produced it, so it can be explained later.
import type { MicroshardId, NodeId } from './snapshot.js';

export type OperatorKind = 'split' | 'merge' | 'move' | 'scale';

export type ReasonCode =
  | 'predicted-overload'
  | 'imbalance'
  | 'hot'
  | 'oversize'
  | 'cold'
  | 'orphaned'
  | 'proximity'
  | 'cluster-capacity';

export type OperatorStep =
  | { kind: 'split'; microshard: MicroshardId; at: bigint; left: MicroshardId; right: MicroshardId }
  | { kind: 'merge'; left: MicroshardId; right: MicroshardId; into: MicroshardId }
  | { kind: 'move'; microshard: MicroshardId; from: NodeId; to: NodeId; bytes: number; intervals: number }
  /** Re-own an orphan at once (soft state rebuilt by clients): no copy. */
  | { kind: 'assign'; microshard: MicroshardId; from: NodeId; to: NodeId }
  | { kind: 'add-nodes'; count: number };

export interface GainBreakdown {
  overload: number;
  policy: number;
  coAccess: number;
  proximity: number;
  other: number;
}

export interface CostBreakdown {
  bytes: number;
  copyLoad: number;
  churn: number;
}

export interface Operator {
  /** Unique within a round: `${now}:${seq}`. */
  id: string;
  kind: OperatorKind;
  reason: ReasonCode;
  /** Human-readable why. */
  detail: string;
  policy: string;
  steps: OperatorStep[];
  /** Op-intervals over the horizon. */
  gain: number;
  cost: number;
  gainBreakdown: GainBreakdown;
  costBreakdown: CostBreakdown;
  inputs: Record<string, unknown>;
}

/** One record per decision and per "no action" for a candidate, with what it was based on. */
export interface ExplainRecord {
  at: number;
  subject: { microshard?: MicroshardId; node?: NodeId };
  outcome: 'decision' | 'no-action';
  /** Candidate reason (why it was looked at). */
  candidate: ReasonCode | 'balanced';
  /** Why it was (not) acted on. */
  because: string;
  operator?: string;
  inputs: Record<string, unknown>;
}

export function totalGain(g: GainBreakdown): number {
  return g.overload + g.policy + g.coAccess + g.proximity + g.other;
}

export function totalCost(c: CostBreakdown): number {
  return c.bytes + c.copyLoad + c.churn;
}

export const ZERO_GAIN: Readonly<GainBreakdown> = Object.freeze({ overload: 0, policy: 0, coAccess: 0, proximity: 0, other: 0 });
export const ZERO_COST: Readonly<CostBreakdown> = Object.freeze({ bytes: 0, copyLoad: 0, churn: 0 });

/** Microshards an operator touches (to keep one operator per microshard per round). */
export function touchedMicroshards(op: Operator): MicroshardId[] {
  const out: MicroshardId[] = [];
  for (const s of op.steps) {
    if (s.kind === 'split') out.push(s.microshard);
    else if (s.kind === 'merge') out.push(s.left, s.right);
    else if (s.kind === 'move' || s.kind === 'assign') out.push(s.microshard);
  }
  return out;
}
