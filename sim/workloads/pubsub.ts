// Pub/sub topics in one region (issue 6's demo): Zipf(0.7) popularity over 2,000 topics that all
// follow one diurnal curve (night trough at 25% of the afternoon peak), weekends at 70% of
// weekdays, each topic's popularity redrawn daily (log-sd 0.4, as daily.ts) with hourly noise,
// 14 days. One topic is a live event: on day 9 it ramps over 6 hours from its normal level to
// ~1.5x one node's capacity, holds for 2 days, then fades over 6 hours. A single topic above a
// node's capacity cannot be served by any node count (the capacity core reports `needs-split`);
// it is kept on purpose, capped at 1.5x.
import { lognormal, rng, shuffle, zipfWeights } from './random.js';
import { dayShape, DEFAULT_COLD_KEYS, type Scenario } from './scenario.js';

/** Weekend days' load relative to weekdays'. */
export const PUBSUB_WEEKEND_FACTOR = 0.7;
/** Night trough of the diurnal curve, as a share of the peak hour. */
export const PUBSUB_TROUGH = 0.25;
/** The live event's plateau, in node capacities (at most this; 0.95-1x of it hour by hour). */
export const PUBSUB_EVENT_PEAK = 1.5;
/** The live event: ramp start (day 9, 08:00), ramp and fade lengths, plateau length, intervals. */
export const PUBSUB_EVENT = Object.freeze({ start: 9 * 24 + 8, ramp: 6, hold: 48, fade: 6 });
/** Peak utilisation of the cluster the scenario is drawn for (as daily.ts). */
export const PUBSUB_PEAK_UTILISATION = 0.72;

/** Day 0 is a Monday: days 5, 6, 12, 13 are weekends. */
export function isWeekend(day: number): boolean {
  return day % 7 === 5 || day % 7 === 6;
}

/** The event's level in [0, 1] at interval t (0 outside it). */
export function eventLevel(t: number): number {
  const u = t - PUBSUB_EVENT.start;
  const { ramp, hold, fade } = PUBSUB_EVENT;
  if (u < 0 || u >= ramp + hold + fade) return 0;
  if (u < ramp) return (u + 1) / ramp;
  if (u < ramp + hold) return 1;
  return 1 - (u - ramp - hold + 1) / (fade + 1);
}

export function pubsub(seed = 8): Scenario {
  const r = rng(seed);
  const nodes = 10;
  const capacity = 10_000;
  const intervals = 24 * 14;
  const K = 2000;
  const region = 'eu';
  const pop = shuffle(Array.from(zipfWeights(K, 0.7)), r);
  const days = Math.ceil(intervals / 24);
  const background = pop.map((p) => {
    const factor = Array.from({ length: days }, () => lognormal(r, 0.4));
    const row = new Float64Array(intervals);
    for (let t = 0; t < intervals; t++) {
      const day = Math.floor(t / 24);
      row[t] = p * factor[day]! * (isWeekend(day) ? PUBSUB_WEEKEND_FACTOR : 1) * dayShape(t % 24, PUBSUB_TROUGH) * lognormal(r, 0.1);
    }
    return row;
  });
  // The event topic: an ordinary one (drawn among ranks 200-1000), not already a hot one.
  const order = pop.map((p, k) => ({ p, k })).sort((a, b) => b.p - a.p || a.k - b.k);
  const hot = order[200 + Math.floor(r() * 800)]!.k;
  // During the event the topic's load is (1 - level) x its own + level x the plateau.
  const event = new Float64Array(intervals);
  for (let t = 0; t < intervals; t++) if (eventLevel(t) > 0) event[t] = PUBSUB_EVENT_PEAK * capacity * (0.95 + 0.05 * r());
  // Scale the background so that the peak total, event included, is the target utilisation: the
  // largest f with f x (background_t - level_t x hot_t) + level_t x event_t <= target for every t.
  const target = PUBSUB_PEAK_UTILISATION * nodes * capacity;
  let f = Infinity;
  for (let t = 0; t < intervals; t++) {
    const lv = eventLevel(t);
    let bg = -lv * background[hot]![t]!;
    for (const row of background) bg += row[t]!;
    if (bg > 0) f = Math.min(f, (target - lv * event[t]!) / bg);
  }
  for (const row of background) for (let t = 0; t < intervals; t++) row[t]! *= f;
  const hotRow = background[hot]!;
  for (let t = 0; t < intervals; t++) {
    const lv = eventLevel(t);
    if (lv > 0) hotRow[t] = (1 - lv) * hotRow[t]! + lv * event[t]!;
  }
  return {
    name: 'pubsub',
    description: `pub/sub: Zipf(0.7) over ${K} topics in one region, diurnal (trough ${PUBSUB_TROUGH * 100}% of peak), weekends ${PUBSUB_WEEKEND_FACTOR * 100}%, popularity redrawn daily (log-sd 0.4), 14 days; one topic ramps to ${PUBSUB_EVENT_PEAK}x a node's capacity over 6 h on day 9 and holds 2 days; peak utilisation ${PUBSUB_PEAK_UTILISATION * 100}%`,
    nodes,
    capacity,
    microshards: 80,
    intervals,
    season: 24,
    goal: true,
    keys: pop.map((_, k) => `topic:${region}/${k}`),
    load: background,
    coldKeys: DEFAULT_COLD_KEYS,
  };
}
