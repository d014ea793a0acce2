// Command-line flags derived from a process's typed config schema (zod): every top-level key
// whose value is a string, number, enum or boolean becomes `--kebab-case-key`, with the schema's
// own description and default in its help. So a key is declared once (its schema line) and is at
// once a config-file key, an environment variable (platform/config.ts) and a flag. Nested
// sections (etcd:, security:, planner:...) stay in the file or the environment, or have
// hand-written flags where operators need them (--etcd, --insecure/--tls-*).
import { Option, type Command } from 'commander';
import type { z } from 'zod';

interface Leaf {
  kind: 'string' | 'number' | 'enum' | 'boolean';
  values?: string[];
  defaultValue?: unknown;
}

/** What a schema entry holds, through default/optional wrappers; undefined for sections. */
function leaf(t: z.ZodType): Leaf | undefined {
  let defaultValue: unknown;
  let cur: unknown = t;
  for (let i = 0; i < 8 && cur; i++) {
    const def = (cur as { _zod: { def: { type: string; innerType?: unknown; defaultValue?: unknown; entries?: Record<string, string> } } })._zod.def;
    if (def.type === 'default') defaultValue = def.defaultValue;
    if (def.type === 'string' || def.type === 'number' || def.type === 'boolean') return { kind: def.type, defaultValue };
    if (def.type === 'enum') return { kind: 'enum', values: Object.values(def.entries ?? {}), defaultValue };
    if (def.type !== 'default' && def.type !== 'optional') return undefined;
    cur = def.innerType;
  }
  return undefined;
}

export const flagOf = (key: string) => `--${key.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}`;

/**
 * Adds one flag per scalar key of `schema` (except `skip`); returns the keys added. Commander
 * stores `--node-lease-ttl-ms` as `nodeLeaseTtlMs`: the key itself, so schemaFlags() reads them back.
 */
export function addSchemaFlags(cmd: Command, schema: z.ZodObject, skip: readonly string[] = []): string[] {
  const added: string[] = [];
  for (const [key, t] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    if (skip.includes(key)) continue;
    const l = leaf(t);
    if (!l) continue;
    const doc = t.description ?? key;
    const dflt = l.defaultValue === undefined || l.defaultValue === '' ? '' : ` (default ${JSON.stringify(l.defaultValue)})`;
    const arg = l.kind === 'boolean' ? '' : l.kind === 'enum' ? ` <${l.values!.join('|')}>` : l.kind === 'number' ? ' <n>' : ' <value>';
    cmd.addOption(new Option(`${flagOf(key)}${arg}`, `${doc}${dflt}`));
    added.push(key);
  }
  return added;
}

/** The values of the flags addSchemaFlags() added (undefined when not given: file and env then decide). */
export function schemaFlags(keys: readonly string[], given: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, given[k]]));
}
