// The forecast records of every microshard between rounds, for whoever runs the planner round
// after round (the live coordinator, the simulator). No I/O: the caller feeds it the layout and
// loads each round and the operators it applied, and puts skillOf(id) into the snapshot.
// Microshards created by a split inherit their parent's record scaled to their share of the
// load; a merge combines its parts' records; so a hot piece cut out of a ramping microshard keeps
// what was learnt about its forecasts.
import type { Operator } from './operator.js';
import type { LoadForecast } from './snapshot.js';
import { DEFAULT_PLANNER_CONFIG } from './config.js';
import { calibrateInto, combineSkills, emptySkill, issueInPlace, observeInPlace, scaleSkill, type ForecastSkill, type SkillConfig } from './skill.js';

export class SkillBook {
  private readonly records = new Map<string, ForecastSkill>();
  /** New microshard id -> the ids it was made from (one parent for a split half, two for a merge). */
  private readonly lineage = new Map<string, string[]>();

  constructor(readonly cfg: SkillConfig = DEFAULT_PLANNER_CONFIG) {}

  /** Notes the splits and merges of operators that were applied (their results get inherited records). */
  noteOperators(operators: readonly Operator[]): void {
    for (const op of operators) {
      for (const s of op.steps) {
        if (s.kind === 'split') {
          this.lineage.set(s.left, [s.microshard]);
          this.lineage.set(s.right, [s.microshard]);
        } else if (s.kind === 'merge') this.lineage.set(s.into, [s.left, s.right]);
      }
    }
  }

  /** The record an id starts from: its own, or one built from its ancestors' (undefined: none known). */
  private resolve(id: string, loads: ReadonlyMap<string, number>, depth = 0): ForecastSkill | undefined {
    const own = this.records.get(id);
    if (own || depth > 16) return own;
    const from = this.lineage.get(id);
    if (!from) return undefined;
    if (from.length === 2) {
      const a = this.resolve(from[0]!, loads, depth + 1);
      const b = this.resolve(from[1]!, loads, depth + 1);
      return a && b ? combineSkills(a, b, this.cfg) : a ?? b;
    }
    const parent = this.resolve(from[0]!, loads, depth + 1);
    if (!parent) return undefined;
    // Share of the parent's load: this piece's load over all current pieces of the same parent.
    const siblings = this.descendantsOf(from[0]!, loads);
    let total = 0;
    for (const s of siblings) total += loads.get(s) ?? 0;
    const mine = this.leavesUnder(id, loads);
    let own2 = 0;
    for (const s of mine) own2 += loads.get(s) ?? 0;
    const share = total > 0 ? own2 / total : mine.length / Math.max(1, siblings.length);
    return scaleSkill(parent, share);
  }

  /** Current microshards (keys of `loads`) descending from `id` through splits. */
  private descendantsOf(id: string, loads: ReadonlyMap<string, number>): string[] {
    const out: string[] = [];
    for (const cur of loads.keys()) {
      let x: string | undefined = cur;
      for (let d = 0; x !== undefined && d < 16; d++) {
        if (x === id) {
          out.push(cur);
          break;
        }
        const f = this.lineage.get(x);
        x = f && f.length === 1 ? f[0] : undefined;
      }
    }
    return out;
  }

  private leavesUnder(id: string, loads: ReadonlyMap<string, number>): string[] {
    return loads.has(id) ? [id] : this.descendantsOf(id, loads);
  }

  /**
   * Folds in interval `now`: `loads` holds every current microshard's observed load. Records of
   * microshards that no longer exist are dropped.
   */
  observe(now: number, loads: ReadonlyMap<string, number>): void {
    // New microshards first (their records are built from their ancestors' before those go).
    const fresh = new Map<string, ForecastSkill>();
    for (const id of loads.keys()) if (!this.records.has(id)) fresh.set(id, this.resolve(id, loads) ?? emptySkill(now - 1));
    for (const id of this.records.keys()) if (!loads.has(id)) this.records.delete(id);
    for (const [id, s] of fresh) this.records.set(id, s);
    // The book owns its records: they change in place (inherited ones are fresh copies).
    for (const [id, load] of loads) observeInPlace(this.records.get(id)!, load, now, this.cfg);
    this.lineage.clear();
  }

  /** The record of `id`: owned by the book and changed in place by the next observe() or issue(). */
  skillOf(id: string): ForecastSkill | undefined {
    return this.records.get(id);
  }

  private scratch = { p50: new Float64Array(0), p90: new Float64Array(0), corrected: new Float64Array(0) };

  /** Records the forecast issued for `id` this round, and the calibrated one, for later scoring. */
  issue(now: number, id: string, model: LoadForecast, horizon: number): void {
    let s = this.records.get(id);
    if (!s) this.records.set(id, (s = emptySkill(now)));
    if (this.scratch.p50.length !== horizon) this.scratch = { p50: new Float64Array(horizon), p90: new Float64Array(horizon), corrected: new Float64Array(horizon) };
    calibrateInto(model, s, horizon, this.cfg, this.scratch.p50, this.scratch.p90, this.scratch.corrected);
    issueInPlace(s, model, this.scratch.p50, this.scratch.corrected, now);
  }

  get size(): number {
    return this.records.size;
  }
}
