// The workload scenarios, registered in one place.
import { coaccess } from './coaccess.js';
import { daily } from './daily.js';
import { hotspot } from './hotspot.js';
import { ramp } from './ramp.js';
import { real } from './real.js';
import { surprise } from './surprise.js';
import { regions } from './regions.js';
import type { Scenario } from './scenario.js';
import { trend } from './trend.js';
import { zipf } from './zipf.js';

export * from './scenario.js';

export const SCENARIOS: Readonly<Record<string, () => Scenario>> = Object.freeze({ daily, ramp, trend, hotspot, zipf, coaccess, real, surprise });

/**
 * Scenarios with client regions, run with their node regions and key schema (kept out of
 * SCENARIOS: the main report runs every scenario without regions).
 */
export const REGION_SCENARIOS: Readonly<Record<string, () => Scenario>> = Object.freeze({ regions });
