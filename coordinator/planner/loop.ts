// The decision loop on the leader. Every `plannerIntervalMs`:
//   1. skip while the load store is cold (after a failover, or right after a layout change, until
//      every live node has reported every microshard it owns);
//   2. build the planner snapshot (planner/snapshot.ts);
//   3. the round itself (core/planner/round.ts, the code the simulator runs): candidates from a
//      first planning pass, an auction over the sidecars' Sessions (planner/auction.ts: each
//      sidecar bids from its own view with the same bidding code; a missing bid is "not
//      willing"), policy selection and a plan on those bids;
//   4. execute the operators through the migration manager (splits, moves, merges; never around
//      it); scale recommendations become events (the scaling loop acts on capacity);
//   5. keep every explain record (latest N per microshard) and write decisions and policy
//      switches as lifecycle events carrying forecast, cost, gain and policy; "no action" events
//      are rate-limited (explain keeps them all).
// The planner holds the stability rules (tolerance, cool-down, K, bytes budget, thrash). Every
// write goes through the leader's guarded commits, so a deposed leader changes nothing; the loop
// also stops at the first sign it no longer leads.
import { regionLatency, type RegionLatency } from '../../core/region-latency.js';
import type { Namespace } from 'etcd3';
import type { Logger } from '../../platform/logger.js';
import { positionToHex } from '../../core/keyspace.js';
import { costModel, typeOf, DATASTORE_TYPE_LABEL, type CostModel } from '../../core/capacity/index.js';
import type { Operator, PlanResult, PlannerConfig, ExplainRecord } from '../../core/planner/index.js';
import type { MicroshardSnapshot, PlannerSnapshot } from '../../core/planner/snapshot.js';
import { runRound, type RoundSelection } from '../../core/planner/round.js';
import { seriesOf } from '../../core/planner/lots.js';
import { POLICIES, policyByName } from '../../core/policies/index.js';
import { META_NEXT_MICROSHARD_ID } from '../cluster/keys.js';
import type { Leadership } from '../cluster/leadership.js';
import type { ClusterState, NodeRecord } from '../cluster/state.js';
import type { LoadStore } from '../cluster/load-store.js';
import { DEFAULT_ANOMALY_ROUND_MIN_GAP_MS, type AnomalyStore, type AnomalyView } from '../cluster/anomalies.js';
import { DEFAULT_ANOMALY_BAND_WIDEN } from '../../core/anomaly/planner-load.js';
import type { LeaderDuties } from '../cluster/leader.js';
import type { NewEvent } from '../cluster/events.js';
import { LeaderTerm } from '../cluster/leader-term.js';
import type { MigrationManager } from '../migration/index.js';
import { AuctionHouse, type AuctionOutcome, type AuctionTransport, type Lot } from './auction.js';
import { ExplainStore, toJson, type PlannerStatus, type StoredExplain } from './explain-store.js';
import { buildSnapshot, readiness } from './snapshot.js';
import { plannerConfigOf, type PlannerOptions } from './options.js';

/** etcd key (in the cluster namespace) of the policy in force, so a new leader keeps it. */
export const PLANNER_POLICY_KEY = 'meta/planner_policy';
/** Events per etcd transaction (each is a put; etcd allows 128 operations). */
export const MAX_EVENTS_PER_TXN = 40;
/** "No action" events written per round at most (the rest stay in explain). */
export const MAX_NO_ACTION_EVENTS_PER_ROUND = 16;
export { MAX_AUCTIONS_PER_ROUND } from '../../core/planner/round.js';
/** How long a move waits for a microshard its own round just created (a split half) to reach the etcd mirror. */
export const DEFAULT_NEW_MICROSHARD_WAIT_MS = 5_000;

export interface PlannerLoopDeps {
  ns: Namespace;
  leadership: Leadership;
  state: ClusterState;
  loads: LoadStore;
  duties: LeaderDuties;
  migrations: MigrationManager;
  transport: AuctionTransport;
  log: Logger;
  /** Active anomalies (sidecar reports): their microshards are planned on max(observed, forecast). */
  anomalies?: AnomalyStore;
}

export interface PlannerLoopOptions extends PlannerOptions {
  leaderId: string;
  orphanPolicy: 'reassign' | 'await';
  /** Cost model options (capacity of nodes that state none comes from their datastore type). */
  costModel?: Parameters<typeof costModel>[0];
  /** Anomalies trigger immediate rounds (coordinator/cluster/anomalies.ts ANOMALY_OPTIONS). */
  anomalyTrigger?: boolean;
  anomalyRoundMinGapMs?: number;
  anomalyBandWiden?: number;
}

/** Why a round ran outside the timer. */
export interface RoundTrigger {
  kind: 'anomaly';
  /** Microshards whose anomaly asked for the round. */
  microshards: string[];
  /** When the anomaly reached the leader (ms since the epoch). */
  atMs: number;
}

/** What one round did (for logs and tests). */
export interface RoundReport {
  atMs: number;
  skipped?: string;
  policy?: string;
  lots?: number;
  auctions?: Array<{ id: string; lots: number; sentTo: string[]; answered: string[]; missing: string[]; durationMs: number }>;
  operators?: Array<{ id: string; kind: string; execution: string }>;
  explain?: number;
  planMs?: number;
  /** Set when an anomaly, not the timer, started the round. */
  trigger?: RoundTrigger;
  /** Candidates of the final plan no auction covered, and split pieces auctioned as another piece (core/planner/round.ts). */
  diagnostics?: { unauctioned: number; wrongPiece: number; clashes: number };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** What a decision's event and explain record say about an anomaly it planned with. */
function anomalyEvidence(a: AnomalyView): Record<string, unknown> {
  return { series: a.series, node: a.nodeId, value: round3(a.value), expected: round3(a.expected), expectedLow: round3(a.expectedLow), expectedHigh: round3(a.expectedHigh), score: round3(a.score), sinceMs: a.sinceMs, untrustedForecast: true };
}

function sumOf(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object') {
    let s = 0;
    for (const x of Object.values(v as Record<string, unknown>)) if (typeof x === 'number') s += x;
    return s;
  }
  return undefined;
}

/** Plain JSON data (bigints as decimal strings), safe for the event log. */
function plain(v: unknown): unknown {
  return JSON.parse(toJson(v)) as unknown;
}

function peak(a: readonly number[]): number {
  let m = 0;
  for (const v of a) if (v > m) m = v;
  return m;
}

export class PlannerLoop {
  readonly explain: ExplainStore;
  readonly auctions: AuctionHouse;
  readonly cfg: PlannerConfig;
  private readonly model: CostModel;
  private readonly leaderTerm: LeaderTerm;
  private running: Promise<void> | undefined;
  private policy: string | undefined;
  private lastRoundAtMs = 0;
  private skippedBecause = '';
  private readonly lastNoActionEvent = new Map<string, number>();
  private lastScale: { count: number; atMs: number } | undefined;
  /** Rate limit and queue of anomaly-triggered rounds. */
  private lastTriggeredAtMs = -Infinity;
  private pendingTrigger: RoundTrigger | undefined;
  /** The round in progress: what triggered it and the anomalies it planned with. */
  private current: { trigger?: RoundTrigger; anomalies: ReadonlyMap<string, AnomalyView> } = { anomalies: new Map() };
  /** Rounds run and skipped since start (this replica as leader). */
  readonly totals = { rounds: 0, skipped: 0, operators: 0, failed: 0, triggered: 0, triggersLimited: 0 };
  /** Called after each round (tests, logs). */
  onRound: ((r: RoundReport) => void) | undefined;
  /** The configured inter-region latencies (proximity weighting), if any. */
  private readonly latency: RegionLatency | undefined;

  constructor(
    private readonly deps: PlannerLoopDeps,
    readonly opts: PlannerLoopOptions,
  ) {
    this.leaderTerm = new LeaderTerm(() => deps.leadership.isLeader);
    this.cfg = plannerConfigOf(opts, opts.orphanPolicy);
    this.latency = opts.plannerRegionLatencyMs ? regionLatency(opts.plannerRegionLatencyMs, 'plannerRegionLatencyMs') : undefined;
    this.model = costModel(opts.costModel ?? {});
    this.explain = new ExplainStore(opts.plannerExplainPerMicroshard);
    this.auctions = new AuctionHouse(deps.transport);
  }

  get actor(): string {
    return `planner:${this.opts.leaderId}`;
  }

  status(): PlannerStatus {
    return { intervalMs: this.opts.plannerIntervalMs, policy: this.policy ?? '', lastRoundAtMs: this.lastRoundAtMs, skippedBecause: this.skippedBecause };
  }

  /** Elected: resume the policy in force and start the rounds. */
  async onElected(): Promise<void> {
    const term = this.leaderTerm.begin();
    this.explain.clear();
    this.lastNoActionEvent.clear();
    this.lastScale = undefined;
    this.skippedBecause = 'load store cold: waiting for the first round';
    try {
      const v = await this.deps.ns.get(PLANNER_POLICY_KEY).string();
      const p = v ? (JSON.parse(v) as { policy?: string }).policy : undefined;
      this.policy = p && POLICIES.some((x) => x.name === p) ? p : undefined;
    } catch (err) {
      this.deps.log.warn({ err: String(err) }, 'cannot read the policy in force; the selector starts afresh');
      this.policy = undefined;
    }
    if (!this.leaderTerm.isCurrent(term) || this.opts.plannerIntervalMs <= 0) return;
    this.leaderTerm.every(this.opts.plannerIntervalMs, () => void this.tick());
  }

  onDeposed(): void {
    this.leaderTerm.end();
    this.auctions.closeAll();
  }

  stop(): void {
    this.onDeposed();
  }

  /** Work begun in `term` may still act (see LeaderTerm). */
  private alive(term: number): boolean {
    return this.leaderTerm.alive(term);
  }

  /** The current term's number. */
  private get term(): number {
    return this.leaderTerm.current;
  }

  /** One round unless the previous one still runs (timer rounds never queue; a triggered one waits for it). */
  private tick(trigger?: RoundTrigger): void {
    if (this.running) {
      if (trigger) this.pendingTrigger = trigger;
      return;
    }
    this.running = this.round(trigger)
      .then((r) => this.onRound?.(r))
      .catch((err) => this.deps.log.error({ err: String(err) }, 'planner round failed'))
      .finally(() => {
        this.running = undefined;
        const next = this.pendingTrigger;
        this.pendingTrigger = undefined;
        if (next && this.leaderTerm.alive(this.term)) this.tick(next);
      });
  }

  /**
   * An anomaly was flagged on these microshards: run a round now instead of at the next tick, so
   * the planner sees the spike (as max(observed, forecast)) within the interval it happened in.
   * Rate-limited (`anomalyRoundMinGapMs`): a storm of flags, or a flapping series, starts one
   * round per gap; the flags in between are seen by that round anyway, since it reads every
   * active anomaly. Answers what happened: started (or queued behind the running round),
   * rate_limited, or off (the trigger or the whole loop is off, or this replica does not lead).
   */
  trigger(microshards: readonly string[], nowMs = Date.now()): 'started' | 'rate_limited' | 'off' {
    if (microshards.length === 0 || this.opts.anomalyTrigger === false || this.opts.plannerIntervalMs <= 0) return 'off';
    if (!this.leaderTerm.alive(this.term)) return 'off';
    if (nowMs - this.lastTriggeredAtMs < (this.opts.anomalyRoundMinGapMs ?? DEFAULT_ANOMALY_ROUND_MIN_GAP_MS)) {
      this.totals.triggersLimited++;
      return 'rate_limited';
    }
    this.lastTriggeredAtMs = nowMs;
    this.totals.triggered++;
    this.tick({ kind: 'anomaly', microshards: [...microshards], atMs: nowMs });
    return 'started';
  }

  /** Runs one round now (also what the timer does). */
  async round(trigger?: RoundTrigger): Promise<RoundReport> {
    const term = this.term;
    const nowMs = Date.now();
    const report: RoundReport = { atMs: nowMs, trigger };
    this.current = { trigger, anomalies: this.deps.anomalies?.active(nowMs) ?? new Map() };
    if (!this.alive(term)) return { ...report, skipped: 'not the leader' };
    const prepared = await this.prepare(term, nowMs);
    if ('skipped' in prepared) return prepared.notLeader ? { ...report, skipped: prepared.skipped } : this.skip(report, prepared.skipped);
    const { built, nodes } = prepared;
    const { state, log } = this.deps;
    const snap = built.snap;
    const byId = new Map(snap.microshards.map((m) => [m.id, m]));
    const fixed = this.opts.plannerPolicy ? policyByName(this.opts.plannerPolicy) : undefined;
    const liveIds = nodes.map((n) => n.id).sort();
    const terms = { intervalMs: built.intervalMs, startMs: built.stepStartMs, deadlineMs: this.opts.plannerAuctionDeadlineMs, defaultCapacityOpsPerS: typeOf(this.model, undefined).type.capacityOpsPerS, cfg: this.cfg };
    const round = await runRound(snap, {
      cfg: this.cfg,
      policies: POLICIES,
      fixed,
      bidder: { auction: (lots) => this.auctions.run([...lots], liveIds, terms) },
      liveNodes: liveIds,
      stop: () => (this.alive(term) ? undefined : 'deposed during the auction'),
      clock: () => performance.now(),
    });
    if (round.auctions.length > 0) report.auctions = round.auctions.map(({ outcome, lots }) => ({ id: outcome.id, lots: lots.length, sentTo: outcome.sentTo, answered: outcome.answered, missing: outcome.missing, durationMs: outcome.durationMs }));
    if (round.stopped) return { ...report, skipped: round.stopped };
    const { result, selection, lots, lotAuction } = round;
    report.policy = selection.chosen;
    report.lots = lots.size;
    report.planMs = round3(round.planMs);
    report.diagnostics = round.diagnostics;
    if (selection.chosen !== this.policy) await this.recordPolicy(term, selection, built.snap.now);
    if (!this.alive(term)) return { ...report, skipped: 'deposed while planning' };

    // Execute, in the planner's order (a split's halves may move in the same round).
    const idMap = new Map<string, string>();
    const executed = new Map<string, string>();
    for (const op of result.operators) {
      if (!this.alive(term)) break;
      executed.set(op.id, await this.execute(op, idMap));
    }
    report.operators = result.operators.map((o) => ({ id: o.id, kind: o.kind, execution: executed.get(o.id) ?? 'not executed: leadership lost' }));

    // Explain records and events.
    const stored = this.storeExplain(result, snap, byId, lots, lotAuction, idMap, executed, nowMs);
    report.explain = stored.length;
    await this.recordEvents(term, result, stored, byId, lots, lotAuction, idMap, executed, snap.now, nowMs);
    this.explain.prune((id) => state.microshards.has(id), nowMs);
    this.totals.rounds++;
    this.lastRoundAtMs = nowMs;
    this.skippedBecause = '';
    if (result.operators.length > 0) log.info({ round: snap.now, policy: selection.chosen, lots: lots.size, auctions: report.auctions, operators: report.operators, planMs: report.planMs }, 'planner round acted');
    return report;
  }

  /** The round's planner snapshot from the etcd mirror and the load store, or why there is none yet. */
  private async prepare(term: number, nowMs: number): Promise<{ built: ReturnType<typeof buildSnapshot>; nodes: NodeRecord[] } | { skipped: string; notLeader?: boolean }> {
    const { state, loads } = this.deps;
    const nodes = [...state.nodes.values()].map((v) => v.value);
    const microshards = state.microshardList();
    const loadSnap = loads.snapshot(nowMs);
    if (state.layout?.state !== 'complete') return { skipped: 'the microshard table is not bootstrapped yet' };
    const migrations = await this.deps.migrations.list(true, 0);
    const ready = readiness({ nowMs, microshards, nodes, loads: loadSnap, migrations });
    if (!ready.ready) return { skipped: ready.because };
    const nextKv = await this.deps.ns.get(META_NEXT_MICROSHARD_ID).string();
    if (!this.alive(term)) return { skipped: 'not the leader', notLeader: true };
    let maxId = -1n;
    for (const m of microshards) if (BigInt(m.id) > maxId) maxId = BigInt(m.id);
    const nextId = nextKv && /^\d+$/.test(nextKv) && BigInt(nextKv) > maxId ? BigInt(nextKv) : maxId + 1n;
    const built = buildSnapshot(
      {
        nowMs,
        microshards,
        nodes,
        loads: loadSnap,
        migrations,
        nextMicroshardId: nextId,
        initialMicroshards: state.layout?.microshards ?? 0,
        capacityOpsPerS: (n) => this.capacityOf(n),
        draining: new Set(this.deps.migrations.drainingNodes()),
        cfg: this.cfg,
        currentPolicy: this.policy,
        anomalies: this.current.anomalies,
        anomalyBandWiden: this.opts.anomalyBandWiden ?? DEFAULT_ANOMALY_BAND_WIDEN,
        regionLatency: this.latency,
      },
      ready.intervalMs,
    );
    return { built, nodes };
  }

  private skip(report: RoundReport, because: string): RoundReport {
    this.totals.skipped++;
    this.skippedBecause = because;
    return { ...report, skipped: because };
  }

  /** Ops/s of a node: what its sidecar states, or its datastore type's capacity in the cost model. */
  private capacityOf(n: NodeRecord): number {
    if (n.capacityOpsPerS > 0) return n.capacityOpsPerS;
    return typeOf(this.model, n.labels?.[DATASTORE_TYPE_LABEL]).type.capacityOpsPerS;
  }

  /** A split this round made commits before the etcd mirror shows its halves: wait for them (bounded). */
  private async awaitMicroshard(id: string): Promise<void> {
    const end = Date.now() + DEFAULT_NEW_MICROSHARD_WAIT_MS;
    while (!this.deps.state.microshards.has(id) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  }

  /** Carries one operator out through the migration manager; answers what happened. */
  private async execute(op: Operator, idMap: Map<string, string>): Promise<string> {
    const real = (id: string) => idMap.get(id) ?? id;
    const { migrations, duties, log } = this.deps;
    try {
      if (op.kind === 'split') {
        const made: string[] = [];
        for (const s of op.steps) {
          if (s.kind !== 'split') continue;
          const res = await migrations.split({ microshardId: real(s.microshard), at: positionToHex(s.at), dryRun: false, requestedBy: this.actor });
          idMap.set(s.left, res.microshards[0]!.id);
          idMap.set(s.right, res.microshards[1]!.id);
          made.push(`${real(s.microshard)} at ${positionToHex(s.at)} into ${res.microshards[0]!.id} and ${res.microshards[1]!.id}`);
        }
        this.totals.operators++;
        return `split ${made.join('; then ')}`;
      }
      if (op.kind === 'move') {
        const out: string[] = [];
        for (const s of op.steps) {
          if (s.kind === 'move') {
            await this.awaitMicroshard(real(s.microshard));
            const r = await migrations.migrate({ microshardId: real(s.microshard), toNode: s.to, dryRun: false, requestedBy: this.actor, reason: op.detail });
            out.push(`migration ${r.migration.id} planned (${real(s.microshard)} ${s.from} -> ${s.to})`);
          } else if (s.kind === 'assign') {
            const m = await duties.reassign(real(s.microshard), s.to, this.actor);
            out.push(`re-owned ${m.id} on ${m.owner} at epoch ${m.epoch}`);
          }
        }
        this.totals.operators++;
        return out.join('; ');
      }
      if (op.kind === 'merge') {
        const step = op.steps.find((s) => s.kind === 'merge');
        if (!step || step.kind !== 'merge') return 'not executed: no merge step';
        await this.awaitMicroshard(real(step.left));
        await this.awaitMicroshard(real(step.right));
        const r = await migrations.merge({ a: real(step.left), b: real(step.right), dryRun: false, requestedBy: this.actor });
        if (r.merged) idMap.set(step.into, r.merged.id);
        this.totals.operators++;
        return r.merged ? `merged ${real(step.left)} and ${real(step.right)} into ${r.merged.id}` : `migration ${r.migration?.id} planned (${real(step.right)} moves to ${r.migration?.target} first, then merges into ${real(step.left)})`;
      }
      if (op.kind === 'scale') return 'recorded: the scaling loop acts on capacity';
      return `not executed: unknown operator kind ${op.kind}`;
    } catch (err) {
      this.totals.failed++;
      log.warn({ operator: op.id, kind: op.kind, err: String(err) }, 'planner operator not executed');
      return `failed: ${(err as Error).message}`;
    }
  }

  /** Turns the round's explain records into stored ones (with the bids of auctioned microshards). */
  private storeExplain(
    result: PlanResult,
    snap: PlannerSnapshot,
    byId: Map<string, MicroshardSnapshot>,
    lots: Map<string, Lot>,
    lotAuction: Map<string, AuctionOutcome>,
    idMap: Map<string, string>,
    executed: Map<string, string>,
    nowMs: number,
  ): StoredExplain[] {
    const ops = new Map(result.operators.map((o) => [o.id, o]));
    const out: StoredExplain[] = [];
    const seen = new Set<string>();
    const add = (rec: ExplainRecord) => {
      const planned = rec.subject.microshard ?? '';
      const op = rec.operator ? ops.get(rec.operator) : undefined;
      const fc = this.forecastOf(planned, byId, lots);
      const inputs: Record<string, unknown> = { ...rec.inputs };
      if (planned && idMap.has(planned) && idMap.get(planned) !== planned) inputs.plannedId = planned;
      const auction = lotAuction.get(planned);
      if (auction) inputs.auction = this.auctionSummary(auction, planned);
      const anomaly = planned ? this.current.anomalies.get(planned) : undefined;
      if (anomaly) inputs.anomaly = anomalyEvidence(anomaly);
      if (this.current.trigger) inputs.trigger = this.current.trigger;
      if (op) Object.assign(inputs, { gainBreakdown: op.gainBreakdown, costBreakdown: op.costBreakdown, steps: op.steps });
      const s: StoredExplain = {
        atMs: nowMs,
        round: snap.now,
        microshardId: planned ? (idMap.get(planned) ?? planned) : '',
        nodeId: rec.subject.node ?? '',
        outcome: rec.outcome,
        candidate: rec.candidate,
        reason: rec.because,
        operatorId: rec.operator ?? '',
        kind: op?.kind ?? '',
        execution: op ? (executed.get(op.id) ?? 'not executed: leadership lost') : '',
        policy: result.policy,
        gain: round3(op ? op.gain : (sumOf(rec.inputs.gain) ?? 0)),
        cost: round3(op ? op.cost : (sumOf(rec.inputs.cost) ?? 0)),
        load: fc.load,
        forecastP50: fc.p50,
        forecastP90: fc.p90,
        inputs,
      };
      // A split's parent keeps the record under its own id; the halves get the decision too.
      if (planned) seen.add(planned);
      this.explain.add(s);
      out.push(s);
    };
    for (const rec of result.explain) add(rec);
    // Auctioned but not acted on under the chosen policy: still explained, with the bids.
    for (const lot of lots.values()) {
      if (seen.has(lot.microshardId) || lot.why === 'new-split-half') continue;
      add({
        at: snap.now,
        subject: { microshard: lot.microshardId, node: lot.owner },
        outcome: 'no-action',
        candidate: lot.why === 'orphaned' ? 'orphaned' : lot.why === 'imbalance' ? 'imbalance' : 'predicted-overload',
        because: `put up for auction (${lotAuction.get(lot.microshardId)?.bids.get(lot.microshardId)?.length ?? 0} willing bid(s)) but not moved this round: other moves relieved its node first, or it was a candidate only under another policy`,
        inputs: { policy: result.policy },
      });
    }
    return out;
  }

  private auctionSummary(a: AuctionOutcome, lotId: string): Record<string, unknown> {
    return {
      id: a.id,
      sentTo: a.sentTo,
      missing: a.missing,
      durationMs: a.durationMs,
      bids: (a.answers.get(lotId) ?? []).map((b) => ({
        node: b.node,
        willing: b.willing,
        reason: b.reason,
        headroom: b.headroom === undefined ? undefined : round3(b.headroom),
        coAccess: b.coAccess === undefined ? undefined : round3(b.coAccess),
        proximity: b.proximity === undefined ? undefined : round3(b.proximity),
        score: b.score === undefined ? undefined : round3(b.score),
        hostCpu: a.bidders.get(b.node)?.hostCpu,
      })),
    };
  }

  private forecastOf(id: string, byId: Map<string, MicroshardSnapshot>, lots: Map<string, Lot>): { load: number; p50: number; p90: number; p50s?: number[]; p90s?: number[] } {
    const m = id ? byId.get(id) : undefined;
    if (m) {
      const s = seriesOf(m, this.cfg.horizon);
      return { load: m.load, p50: round3(peak(s.p50)), p90: round3(peak(s.p90)), p50s: s.p50.map(round3), p90s: s.p90.map(round3) };
    }
    const lot = id ? lots.get(id) : undefined;
    if (lot) {
      const p50 = Array.from(lot.p50);
      const p90 = Array.from(lot.p90);
      return { load: round3(p50[0] ?? 0), p50: round3(peak(p50)), p90: round3(peak(p90)), p50s: p50.map(round3), p90s: p90.map(round3) };
    }
    return { load: 0, p50: 0, p90: 0 };
  }

  /** The policy in force changed: a lifecycle event, and the choice kept in etcd for the next leader. */
  private async recordPolicy(term: number, sel: RoundSelection, round: number): Promise<void> {
    const previous = this.policy;
    const event: NewEvent = {
      kind: 'planner_policy',
      reason: previous ? `policy ${previous} -> ${sel.chosen}: ${sel.reason}` : `policy ${sel.chosen} in force: ${sel.reason}`,
      actor: this.actor,
      inputs: { round, policy: sel.chosen, previous: previous ?? null, scores: sel.scores ?? null },
    };
    if (!this.alive(term)) return;
    try {
      await this.deps.duties.commitWithEvents([this.deps.ns.put(PLANNER_POLICY_KEY).value(JSON.stringify({ policy: sel.chosen, atMs: Date.now(), reason: sel.reason }))], [event]);
      this.policy = sel.chosen;
    } catch (err) {
      this.deps.log.warn({ err: String(err) }, 'could not record the policy switch');
    }
  }

  /** Decisions as lifecycle events (always), "no action" ones rate-limited per subject. */
  private async recordEvents(
    term: number,
    result: PlanResult,
    stored: StoredExplain[],
    byId: Map<string, MicroshardSnapshot>,
    lots: Map<string, Lot>,
    lotAuction: Map<string, AuctionOutcome>,
    idMap: Map<string, string>,
    executed: Map<string, string>,
    round: number,
    nowMs: number,
  ): Promise<void> {
    const events: NewEvent[] = [];
    const real = (id: string) => idMap.get(id) ?? id;
    for (const op of result.operators) {
      const touched = new Set<string>();
      const nodes = new Set<string>();
      for (const s of op.steps) {
        if (s.kind === 'split') [s.microshard, s.left, s.right].forEach((x) => touched.add(real(x)));
        else if (s.kind === 'merge') [s.left, s.right, s.into].forEach((x) => touched.add(real(x)));
        else if (s.kind === 'move' || s.kind === 'assign') {
          touched.add(real(s.microshard));
          nodes.add(s.from);
          nodes.add(s.to);
        }
      }
      if (op.kind === 'scale') {
        const add = op.steps.find((s) => s.kind === 'add-nodes');
        const count = add && add.kind === 'add-nodes' ? add.count : 0;
        const last = this.lastScale;
        if (last && last.count === count && nowMs - last.atMs < this.opts.plannerNoActionEventEveryMs) continue;
        this.lastScale = { count, atMs: nowMs };
      }
      const lead = op.steps.find((s) => s.kind !== 'add-nodes');
      const first = !lead ? '' : lead.kind === 'merge' ? lead.left : lead.microshard;
      const fc = this.forecastOf(first, byId, lots);
      const owner = first ? byId.get(first)?.owner : undefined;
      if (owner) nodes.add(owner);
      events.push({
        kind: op.kind === 'scale' ? 'planner_scale' : `planner_${op.kind}`,
        microshardIds: [...touched].filter((x) => /^\d+$/.test(x)),
        nodeIds: [...nodes],
        reason: `${op.detail} [${executed.get(op.id) ?? 'not executed'}]`,
        actor: this.actor,
        inputs: plain({
          round,
          operator: op.id,
          policy: op.policy,
          reason: op.reason,
          gain: round3(op.gain),
          cost: round3(op.cost),
          gainBreakdown: op.gainBreakdown,
          costBreakdown: op.costBreakdown,
          forecast: { load: fc.load, p50Peak: fc.p50, p90Peak: fc.p90, p50: fc.p50s, p90: fc.p90s },
          inputs: op.inputs,
          auction: first && lotAuction.has(first) ? this.auctionSummary(lotAuction.get(first)!, first) : undefined,
          execution: executed.get(op.id) ?? 'not executed',
          trigger: this.current.trigger,
          anomalies: [...touched].flatMap((id) => {
            const a = this.current.anomalies.get(id);
            return a ? [anomalyEvidence(a)] : [];
          }),
        }),
      });
    }
    const every = this.opts.plannerNoActionEventEveryMs;
    let noAction = 0;
    if (every > 0) {
      for (const s of stored) {
        if (s.outcome !== 'no-action' || noAction >= MAX_NO_ACTION_EVENTS_PER_ROUND) continue;
        const key = `${s.microshardId || s.nodeId || 'cluster'}:${s.candidate}`;
        const last = this.lastNoActionEvent.get(key);
        if (last !== undefined && nowMs - last < every) continue;
        this.lastNoActionEvent.set(key, nowMs);
        noAction++;
        events.push({
          kind: 'planner_no_action',
          microshardIds: s.microshardId && /^\d+$/.test(s.microshardId) ? [s.microshardId] : [],
          nodeIds: s.nodeId ? [s.nodeId] : [],
          reason: `${s.candidate}: ${s.reason}`,
          actor: this.actor,
          inputs: plain({ round, policy: s.policy, candidate: s.candidate, gain: s.gain, cost: s.cost, forecast: { load: s.load, p50Peak: s.forecastP50, p90Peak: s.forecastP90 }, inputs: s.inputs }),
        });
      }
      if (this.lastNoActionEvent.size > 10_000) for (const [k, t] of this.lastNoActionEvent) if (nowMs - t > every) this.lastNoActionEvent.delete(k);
    }
    for (let i = 0; i < events.length; i += MAX_EVENTS_PER_TXN) {
      if (!this.alive(term)) return;
      try {
        await this.deps.duties.commitEvents(events.slice(i, i + MAX_EVENTS_PER_TXN));
      } catch (err) {
        this.deps.log.warn({ err: String(err) }, 'could not record planner events');
        return;
      }
    }
  }
}
