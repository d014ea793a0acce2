// A cluster's key schema cannot change under it: the route table, the storage node's ownership
// and its data directory each refuse another schema with a clear error.
import test from 'ava';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RouteTable, type RouteUpdateWire } from '../../core/route-table.js';
import { Ownership } from '../../datastore/ownership.js';
import { Engine, KeySchemaMismatchError } from '../../datastore/engine.js';
import { keyPosition } from '../../core/keyspace.js';
import { fullTable } from '../datastore/helpers.js';

const table = (keySchema?: string, revision = 5) => ({ ...(fullTable(revision, [{ owner: 'a', epoch: 1 }, { owner: 'a', epoch: 1 }], { a: 'a-host:1' }) as RouteUpdateWire), keySchema });

test('a route table takes the cluster\'s schema from its first full table and positions keys with it', (t) => {
  const r = new RouteTable();
  t.is(r.keySchema, 'hash');
  r.apply(table('prefix-ordered'));
  t.is(r.keySchema, 'prefix-ordered');
  t.is(r.position('acme/1203'), keyPosition('acme/1203', 'prefix-ordered'));
  t.is(r.snapshot().keySchema, 'prefix-ordered');
  t.throws(() => r.apply(table('hash', 6)), { message: /has key schema "hash" but this table was built with "prefix-ordered": a cluster's key schema cannot change/ });
  t.throws(() => new RouteTable().apply(table('tenant')), { message: /unknown key schema "tenant"/ });
  // Tables from clusters before schemas ("" or absent) hash.
  const old = new RouteTable();
  old.apply(table(undefined));
  t.is(old.keySchema, 'hash');
});

test('a storage node refuses the routes of a cluster with another schema', (t) => {
  const o = new Ownership('a', [], 'prefix');
  const err = t.throws(() => o.apply('a', table('hash'), 1_000, 0));
  t.regex(err!.message, /the cluster's key schema is "hash" but this storage node is configured with "prefix"/);
  t.notThrows(() => o.apply('a', table('prefix'), 1_000, 0));
});

test('a data directory keeps the schema it was written with', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'key-schema-'));
  const e = new Engine({ dataDir: dir, trimIntervalMs: 0, keySchema: 'prefix-ordered' });
  t.is(e.keySchema, 'prefix-ordered');
  await e.close();
  const err = t.throws(() => new Engine({ dataDir: dir, trimIntervalMs: 0, keySchema: 'hash' }));
  t.true(err instanceof KeySchemaMismatchError);
  t.regex(err!.message, /was written with key schema "prefix-ordered" but this storage node is configured with "hash"/);
  const again = new Engine({ dataDir: dir, trimIntervalMs: 0, keySchema: 'prefix-ordered' });
  await again.close();
});
