// What a wildcard costs on a publish, beside what a concrete lookup costs, in the same run.
//
//   concrete lookup : keyPosition(topic) + shardOf(position)  (what a key Route costs)
//   publish route   : TopicIndex.routePublish(topic, shardOf) with W wildcard filters indexed
//   linear scan     : levelsMatch against every filter (what the index avoids), for contrast
//
// Also reports the distributed cost that matters more than CPU: shards asked per publish.
// Run: node --expose-gc dist/bench/topics.js [--quick]
import { keyPosition } from '../core/keyspace.js';
import { evenRanges, findRangeIndex } from '../core/ranges.js';
import { TopicIndex, isDollarTopic, levelsMatch, splitLevels } from '../core/topics/index.js';
import { rng } from '../sim/workloads/random.js';

/** Microshards the keyspace is cut into for the bench (shard = microshard). */
const BENCH_MICROSHARDS = 4096;
/** First levels topics are published under; filters use at most MAX_FILTER_GROUPS of them. */
const FIRST_LEVELS = 1250;
/** Most first-level groups holding wildcard filters (beyond it, groups grow instead). */
const MAX_FILTER_GROUPS = 1000;
/** Wildcard filters per first-level group while there are fewer than MAX_FILTER_GROUPS groups. */
const FILTERS_PER_GROUP = 10;
/** Distinct second and third levels of published topics. */
const LEVEL_VALUES = 20;
/** Share of filters whose first level is a wildcard (the global set). */
const GLOBAL_SHARE = 0.01;
/** Topics published, cycled through; the same pool for every W. */
const TOPIC_POOL = 10_000;

const quick = process.argv.includes('--quick');
const SIZES = quick ? [0, 10, 1000] : [0, 10, 100, 1_000, 10_000, 100_000];

const ranges = evenRanges(BENCH_MICROSHARDS);
const shardOf = (pos: bigint): number => findRangeIndex(ranges, pos);

/** The topic pool: the same for every W, so the concrete baseline is comparable across rows. */
function topicPool(): string[] {
  const r = rng(42);
  const pick = (n: number) => Math.floor(r() * n);
  return Array.from({ length: TOPIC_POOL }, () => `dev${pick(FIRST_LEVELS)}/s${pick(LEVEL_VALUES)}/m${pick(LEVEL_VALUES)}`);
}

/**
 * W distinct filters. In group g, filter j has shape j % 4 and value q = floor(j / 4):
 * `g/s<q>/+`, `g/+/m<q>`, `g/s<q>/#`, `g/+/+/x<q>` (the last is deeper than any topic: walked, never
 * matched); values past LEVEL_VALUES match no published topic. Every 100th filter is global:
 * `+/s<q>/#` or `+/+/m<q>`.
 */
function filtersFor(w: number): string[] {
  const groups = Math.min(MAX_FILTER_GROUPS, Math.max(1, Math.ceil(w / FILTERS_PER_GROUP)));
  const every = Math.round(1 / GLOBAL_SHARE);
  const filters: string[] = [];
  for (let i = 0; i < w; i++) {
    if (i % every === every - 1) {
      const q = Math.floor(i / every);
      filters.push(q % 2 === 0 ? `+/s${q >> 1}/#` : `+/+/m${q >> 1}`);
      continue;
    }
    const g = `dev${i % groups}`;
    const j = Math.floor(i / groups);
    const q = j >> 2;
    filters.push([`${g}/s${q}/+`, `${g}/+/m${q}`, `${g}/s${q}/#`, `${g}/+/+/x${q}`][j % 4]!);
  }
  return filters;
}

/**
 * ns per op of each function, measured in interleaved timed batches (so a noisy neighbour hits
 * all of them alike); the best batch of `rounds` is reported, the usual choice under interference.
 */
function measure(rounds: number, cases: Array<{ ops: number; fn: (i: number) => number }>): { ns: number[]; sink: number } {
  let sink = 0;
  (globalThis as { gc?: () => void }).gc?.(); // with --expose-gc: start on a clean heap
  for (const c of cases) for (let i = 0; i < Math.min(c.ops, 20_000); i++) sink += c.fn(i); // warm-up
  const best = cases.map(() => Infinity);
  for (let r = 0; r < rounds; r++) {
    cases.forEach((c, k) => {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < c.ops; i++) sink += c.fn(i);
      best[k] = Math.min(best[k]!, Number(process.hrtime.bigint() - t0) / c.ops);
    });
  }
  return { ns: best, sink };
}

const topics = topicPool();
const fmt = (ns: number) => (ns >= 10_000 ? `${(ns / 1000).toFixed(1)} us` : `${ns.toFixed(0)} ns`);
const rounds = quick ? 3 : 9;

console.log(
  `topics bench: ${BENCH_MICROSHARDS} microshards; ${TOPIC_POOL} topics over ${FIRST_LEVELS} first levels; ` +
    `W wildcard filters in up to ${MAX_FILTER_GROUPS} first-level groups (${FILTERS_PER_GROUP}+ each), ${GLOBAL_SHARE * 100}% global; node ${process.version}`,
);
console.log('W filters | concrete lookup | publish route | ratio | linear scan | matches/pub | shards asked/pub | extra shards/pub');
let sink = 0;
for (const row of [-1, ...SIZES]) {
  // Row -1: an unreported warm-up of every code path at W = 1000.
  const warmUp = row < 0;
  const w = warmUp ? 1000 : row;
  const filters = filtersFor(w);
  const index = new TopicIndex();
  for (const f of filters) index.add(f);
  if (index.size !== w) throw new Error(`filter generator made ${index.size} distinct filters, not ${w}`);
  const parsed = filters.map((f) => splitLevels(f));
  const scanOps = Math.max(20, Math.min(50_000, Math.floor(10_000_000 / Math.max(w, 1))));
  const m = measure(rounds, [
    { ops: 100_000, fn: (i) => shardOf(keyPosition(topics[i % TOPIC_POOL]!)) },
    { ops: 100_000, fn: (i) => index.routePublish(topics[i % TOPIC_POOL]!, shardOf).shards.length },
    {
      ops: scanOps,
      fn: (i) => {
        const t = topics[i % TOPIC_POOL]!;
        const levels = splitLevels(t);
        const dollar = isDollarTopic(t);
        let n = 0;
        for (const f of parsed) if (levelsMatch(f, levels, dollar)) n++;
        return n + shardOf(keyPosition(t));
      },
    },
  ]);
  const [concreteNs, routeNs, scanNs] = m.ns as [number, number, number];
  let matches = 0;
  let asked = 0;
  for (const t of topics) {
    const r = index.routePublish(t, shardOf);
    matches += r.matches.length;
    asked += r.shards.length;
  }
  sink += m.sink;
  if (warmUp) continue;
  console.log(
    [
      String(w).padStart(9),
      fmt(concreteNs).padStart(15),
      fmt(routeNs).padStart(13),
      `${(routeNs / concreteNs).toFixed(1)}x`.padStart(5),
      fmt(scanNs).padStart(11),
      (matches / topics.length).toFixed(2).padStart(11),
      (asked / topics.length).toFixed(2).padStart(16),
      (asked / topics.length - 1).toFixed(2).padStart(16),
    ].join(' | '),
  );
}
if (sink === 0.5) console.log(sink); // keeps the measured calls observable
