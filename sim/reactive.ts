// The reactive baseline: a threshold rebalancer in the manner of CockroachDB's store rebalancer
// and TiKV PD's balance/hot-region schedulers. It sees only the latest observed interval:
//   - a node whose load (less what it is already sending away, plus what is on its way in) is
//     above mean x (1 + tolerance) for k consecutive intervals is a source;
//   - from a source it moves its hottest microshards, each to the least-loaded node that stays
//     below the source afterwards (the move must lower the pair's maximum), until the source is
//     back within tolerance or a limit stops it;
//   - a microshard hot now (above the split threshold) is split where its load histogram halves
//     (or around its hot key when one key dominates and the microshard is too big to move in an
//     interval), with the planner's split code; microshards cold for a whole horizon's worth of
//     intervals merge with a cold neighbour on the same node.
// It uses the planner's move machinery and limits: the same split-point code, cool-down, thrash
// rule, K concurrent migrations per node, bytes budget and operators per round.
import type { PlannerConfig } from '../core/planner/config.js';
import type { Operator } from '../core/planner/operator.js';
import { ZERO_COST, ZERO_GAIN } from '../core/planner/operator.js';
import type { MicroshardSnapshot, PlannerSnapshot } from '../core/planner/snapshot.js';
import { chooseIsolatingSplit, chooseSplitPoint } from '../core/planner/split.js';
import { moveLimitReason } from '../core/planner/stability.js';

export interface ReactiveSettings {
  /** Balance tolerance: a node above mean x (1 + tolerance) is hot. */
  tolerance: number;
  /** Consecutive hot intervals before a node is a source. */
  k: number;
}

/** The settings swept to find the baseline's best. */
export const DEFAULT_REACTIVE_TOLERANCES = [0.05, 0.1, 0.2, 0.3];
export const DEFAULT_REACTIVE_KS = [1, 2, 3];

interface Item {
  id: string;
  start: bigint;
  end: bigint;
  load: number;
  bytes: number;
  owner: string;
  busy: boolean;
  createdAt: number;
  lastMove?: { at: number; from: string; to: string };
  snap?: MicroshardSnapshot;
}

interface NodeView {
  id: string;
  capacity: number;
  load: number;
  inFlight: number;
  bytesInWindow: number;
}

export class ReactiveRebalancer {
  private streak = new Map<string, number>();
  private coldSince = new Map<string, number>();

  constructor(
    readonly cfg: PlannerConfig,
    readonly settings: ReactiveSettings,
  ) {}

  get name(): string {
    return `reactive(tol=${this.settings.tolerance},k=${this.settings.k})`;
  }

  round(snap: PlannerSnapshot): Operator[] {
    const cfg = this.cfg;
    const now = snap.now;
    const nodes = new Map<string, NodeView>(snap.nodes.map((n) => [n.id, { id: n.id, capacity: n.capacity, load: 0, inFlight: 0, bytesInWindow: 0 }]));
    const items: Item[] = snap.microshards.map((s) => ({ id: s.id, start: s.start, end: s.end, load: s.load, bytes: s.sizeBytes, owner: s.owner, busy: s.busy === true, createdAt: s.createdAt, lastMove: s.lastMove, snap: s }));
    const byId = new Map(items.map((i) => [i.id, i]));
    for (const it of items) {
      const n = nodes.get(it.owner);
      if (n) n.load += it.load;
    }
    // Pending influence: a copy in flight already counts at its target, not at its source.
    for (const mig of snap.migrations) {
      const it = byId.get(mig.microshard);
      const from = nodes.get(mig.from);
      const to = nodes.get(mig.to);
      if (it) {
        it.busy = true;
        if (from) from.load -= it.load;
        if (to) to.load += it.load;
      }
      if (from) from.inFlight++;
      if (to) to.inFlight++;
    }
    for (const mv of snap.recentMoves) {
      if (now - mv.at >= cfg.budgetWindow) continue;
      const from = nodes.get(mv.from);
      const to = nodes.get(mv.to);
      if (from) from.bytesInWindow += mv.bytes;
      if (to) to.bytesInWindow += mv.bytes;
    }
    const list = [...nodes.values()];
    let total = 0;
    let cap = 0;
    for (const n of list) {
      total += n.load;
      cap += n.capacity;
    }
    const util = cap > 0 ? total / cap : 0;
    const limit = (n: NodeView) => util * (1 + this.settings.tolerance) * n.capacity;
    for (const n of list) this.streak.set(n.id, n.load > limit(n) ? (this.streak.get(n.id) ?? 0) + 1 : 0);

    const ops: Operator[] = [];
    let nextId = snap.nextMicroshardId;
    let seq = 0;
    const emit = (kind: Operator['kind'], reason: Operator['reason'], detail: string, steps: Operator['steps'], gain: number, inputs: Record<string, unknown>) => {
      ops.push({ id: `${now}:r${seq++}`, kind, reason, detail, policy: this.name, steps, gain, cost: 0, gainBreakdown: { ...ZERO_GAIN, overload: gain }, costBreakdown: { ...ZERO_COST }, inputs });
    };
    let count = items.length;

    // Hot now: split.
    for (const it of [...items]) {
      if (ops.length >= cfg.maxOperatorsPerRound) break;
      const node = nodes.get(it.owner);
      if (!node || it.busy || it.load <= cfg.splitThreshold * node.capacity || count >= cfg.maxMicroshards) continue;
      const hist = it.snap?.histogram;
      const choice = chooseSplitPoint(it, hist, 'load');
      if ('refused' in choice) continue;
      let cuts = [choice.at];
      let shares = [choice.leftShare, 1 - choice.leftShare];
      if (Math.max(choice.leftShare, 1 - choice.leftShare) > cfg.maxSplitImbalance) {
        // One hot key: cut around it when the microshard is too big to move in one interval.
        const iso = it.bytes > cfg.migrationBandwidth ? chooseIsolatingSplit(it, hist) : undefined;
        if (!iso || 'refused' in iso) continue;
        cuts = iso.cuts;
        shares = iso.shares;
      }
      const bounds = [it.start, ...cuts, it.end];
      const steps: Operator['steps'] = [];
      const ids: string[] = new Array(shares.length);
      let rest = it.id;
      for (let c = cuts.length - 1; c >= 0; c--) {
        const left = (nextId++).toString();
        const right = (nextId++).toString();
        steps.push({ kind: 'split', microshard: rest, at: cuts[c]!, left, right });
        ids[c + 1] = right;
        rest = left;
        if (c === 0) ids[0] = left;
      }
      emit('split', 'hot', `load ${it.load} > ${cfg.splitThreshold * node.capacity} now`, steps, 0, { load: it.load });
      const width = Number(it.end - it.start);
      const pieces: Item[] = shares.map((sh, i) => ({
        ...it,
        id: ids[i]!,
        start: bounds[i]!,
        end: bounds[i + 1]!,
        load: it.load * sh,
        bytes: Math.round((it.bytes * Number(bounds[i + 1]! - bounds[i]!)) / width),
        createdAt: now + 1,
        snap: undefined,
      }));
      items.splice(items.indexOf(it), 1, ...pieces);
      byId.delete(it.id);
      for (const h of pieces) byId.set(h.id, h);
      count += pieces.length - 1;
      count++;
    }

    // Sources: hot for k intervals, hottest first.
    const sources = list.filter((n) => (this.streak.get(n.id) ?? 0) >= this.settings.k).sort((a, b) => b.load - a.load);
    for (const src of sources) {
      while (ops.length < cfg.maxOperatorsPerRound && src.load > limit(src) && src.inFlight < cfg.maxConcurrentPerNode) {
        const mine = items.filter((i) => i.owner === src.id && !i.busy && i.load > 0).sort((a, b) => b.load - a.load);
        let moved = false;
        for (const it of mine.slice(0, cfg.candidatesPerSource)) {
          let target: NodeView | undefined;
          for (const n of list) {
            if (n === src || n.load + it.load >= src.load) continue;
            if (moveLimitReason(it, src, n, now, cfg)) continue;
            if (!target || n.load < target.load) target = n;
          }
          if (!target) continue;
          emit('move', 'imbalance', `${src.id} above mean x ${1 + this.settings.tolerance} for ${this.streak.get(src.id)} intervals: hottest to least loaded ${target.id}`, [{ kind: 'move', microshard: it.id, from: src.id, to: target.id, bytes: it.bytes, intervals: Math.max(1, Math.ceil(it.bytes / cfg.migrationBandwidth)) }], src.load - Math.max(src.load - it.load, target.load + it.load), { load: it.load, sourceLoad: src.load, targetLoad: target.load });
          src.load -= it.load;
          target.load += it.load;
          src.inFlight++;
          target.inFlight++;
          src.bytesInWindow += it.bytes;
          target.bytesInWindow += it.bytes;
          it.owner = target.id;
          it.busy = true;
          moved = true;
          break;
        }
        if (!moved) break;
      }
    }

    // Cold for a horizon's worth of observed intervals: merge with a cold same-node neighbour.
    const coldNow = new Set<string>();
    for (const it of items) {
      const node = nodes.get(it.owner);
      if (!node || it.load >= cfg.mergeThreshold * node.capacity) continue;
      coldNow.add(it.id);
      if (!this.coldSince.has(it.id)) this.coldSince.set(it.id, now);
    }
    for (const id of [...this.coldSince.keys()]) if (!coldNow.has(id)) this.coldSince.delete(id);
    const coldLong = (it: Item) => {
      const since = this.coldSince.get(it.id);
      return since !== undefined && now - since + 1 >= cfg.horizon;
    };
    for (let i = 0; i + 1 < items.length && ops.length < cfg.maxOperatorsPerRound; i++) {
      const l = items[i]!;
      const r = items[i + 1]!;
      if (l.busy || r.busy || l.owner !== r.owner || l.end !== r.start) continue;
      if (now - l.createdAt < cfg.minAgeAfterSplit || now - r.createdAt < cfg.minAgeAfterSplit) continue;
      if (!coldLong(l) || !coldLong(r)) continue;
      const node = nodes.get(l.owner)!;
      if (l.load + r.load >= cfg.mergeThreshold * node.capacity || l.bytes + r.bytes > cfg.maxMicroshardBytes / 2) continue;
      const into = (nextId++).toString();
      emit('merge', 'cold', `cold for ${cfg.horizon} intervals`, [{ kind: 'merge', left: l.id, right: r.id, into }], 0, { left: l.load, right: r.load });
      this.coldSince.delete(l.id);
      this.coldSince.delete(r.id);
      i++;
    }
    return ops;
  }
}
