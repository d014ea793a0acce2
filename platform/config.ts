// One options parser for every process: defaults < YAML file < environment < flags, validated
// once at start-up with zod, failing with every problem named.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { closest, distance } from 'fastest-levenshtein';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Reads a YAML (or JSON) config file into an object; a readable error names the file. */
export function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}: ${(err as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new ConfigError(`config file ${path} is not valid YAML: ${(err as Error).message}`);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new ConfigError(`config file ${path} must hold a mapping of options`);
  return doc as Record<string, unknown>;
}

/**
 * Environment overrides: SHARDCAST_<PREFIX>_<OPTION_IN_UPPER_SNAKE> for each top-level key of
 * the schema (e.g. SHARDCAST_SIDECAR_NODE_ID for nodeId).
 */
export function envOverrides(shape: Record<string, unknown>, prefix: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(shape)) {
    const name = `SHARDCAST_${prefix}_${key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
    const v = env[name];
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** Merges the sources and validates; throws ConfigError listing every invalid option. */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  sources: { file?: string; envPrefix?: string; flags?: Record<string, unknown>; env?: NodeJS.ProcessEnv },
): z.infer<S> {
  const fromFile = sources.file ? readConfigFile(sources.file) : {};
  const fromEnv = sources.envPrefix ? envOverrides(schema.shape, sources.envPrefix, sources.env) : {};
  const merged = { ...fromFile, ...fromEnv, ...dropUndefined(sources.flags ?? {}) };
  const unknown = unknownKeys(schema, merged);
  const result = schema.safeParse(merged);
  if (!result.success || unknown.length > 0) {
    const lines = [...unknown, ...(result.success ? [] : result.error.issues.map((i) => `  - ${i.path.join('.') || '(config)'}: ${i.message}`))];
    throw new ConfigError(`invalid configuration${sources.file ? ` (file ${sources.file})` : ''}:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** Suggestions farther than this many edits are not offered. */
export const MAX_SUGGESTION_DISTANCE = 4;

/**
 * Keys the schema does not know, at the top level and inside nested objects (etcd, security...),
 * each named with the closest known key: a misspelt option is an error, never silently ignored.
 */
export function unknownKeys(schema: z.ZodType, value: unknown, path: string[] = []): string[] {
  const shape = objectShape(schema);
  if (!shape || value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const known = Object.keys(shape);
  const out: string[] = [];
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined) continue;
    const child = shape[key];
    if (!child) {
      const near = known.length ? closest(key, known) : undefined;
      const hint = near && distance(key, near) <= Math.max(MAX_SUGGESTION_DISTANCE, Math.floor(key.length / 3)) ? ` (did you mean "${[...path, near].join('.')}"?)` : '';
      out.push(`  - ${[...path, key].join('.')}: unknown option${hint}`);
    } else out.push(...unknownKeys(child, v, [...path, key]));
  }
  return out;
}

/** The shape of an object schema, through optional/default/nullable/preprocess wrappers. */
function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  let s: unknown = schema;
  for (let i = 0; i < 8 && s; i++) {
    if (s instanceof z.ZodObject) return s.shape as Record<string, z.ZodType>;
    const def = (s as { _zod?: { def?: { innerType?: unknown; out?: unknown; in?: unknown } } })._zod?.def;
    s = def?.innerType ?? def?.out ?? undefined;
  }
  return undefined;
}

/** host:port with a numeric port (bracketed for IPv6). */
export const HOST_PORT = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/;
/** host:port with a numeric port (0 = pick a free one). */
export const HostPort = z.string().regex(HOST_PORT, 'expected host:port');
/** A duration in milliseconds, given as a number or numeric string. */
export const Millis = z.coerce.number().int().positive();

/** true/false (also 1/0, yes/no, on/off) from a file, the environment or a flag (z.coerce.boolean would read "false" as true). */
export const Flag = z.preprocess((v) => {
  if (typeof v !== 'string') return v;
  const s = v.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(s)) return true;
  if (['false', '0', 'no', 'off'].includes(s)) return false;
  return v;
}, z.boolean());

/** A nested option that may arrive as a JSON string (an environment variable) is parsed first. */
export function jsonOption<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return v; // the schema then says what it expected
    }
  }, schema);
}
