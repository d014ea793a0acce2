import test from 'ava';
import fc from 'fast-check';
import { keyPosition, positionToHex, parsePosition, KEYSPACE_END, positionToBytes, positionFromBytes } from '../../core/keyspace.js';
import { KEY_SCHEMAS, keyPosition as pos, parseKeySchema, prefixRange, prefixOrderedRange, PREFIX_SPAN, hash64 } from '../../core/keyspace.js';
import { evenRanges, tilingViolation, findRangeIndex, splitRange, mergeRanges, rangeContains } from '../../core/ranges.js';

test('key position is xxHash64 seed 0 of the UTF-8 bytes (reference vectors)', (t) => {
  // Reference values of XXH64 with seed 0.
  t.is(positionToHex(keyPosition('')), 'ef46db3751d8e999');
  t.is(positionToHex(keyPosition('abc')), '44bc2cf5ad770999');
  t.is(keyPosition('héllo'), keyPosition(new TextEncoder().encode('héllo')));
});

test('hex round trip and byte order match numeric order', (t) => {
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: KEYSPACE_END - 1n }), fc.bigInt({ min: 0n, max: KEYSPACE_END - 1n }), (a, b) => {
      if (parsePosition(positionToHex(a)) !== a) return false;
      if (positionFromBytes(positionToBytes(a)) !== a) return false;
      const cmp = Buffer.compare(positionToBytes(a), positionToBytes(b));
      return Math.sign(cmp) === (a < b ? -1 : a > b ? 1 : 0);
    }),
  );
  t.is(parsePosition('10000000000000000', true), KEYSPACE_END);
  t.throws(() => parsePosition('10000000000000000'), { message: /not a keyspace position/ });
  t.throws(() => parsePosition('xyz'), { message: /not a keyspace position/ });
});

test('even ranges tile the keyspace and every position lands in exactly one', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 5000 }), fc.bigInt({ min: 0n, max: KEYSPACE_END - 1n }), (n, pos) => {
      const ranges = evenRanges(n);
      if (tilingViolation(ranges) !== undefined) return false;
      const holders = ranges.filter((r) => rangeContains(r, pos));
      return holders.length === 1 && ranges[findRangeIndex(ranges, pos)] === holders[0];
    }),
  );
  t.pass();
});

test('splits and merges keep the tiling; violations are named', (t) => {
  fc.assert(
    fc.property(fc.array(fc.bigInt({ min: 1n, max: KEYSPACE_END - 1n }), { maxLength: 30 }), (cuts) => {
      let ranges = evenRanges(1).map(({ start, end }) => ({ start, end }));
      for (const at of cuts) {
        const i = findRangeIndex(ranges, at);
        const r = ranges[i]!;
        if (at === r.start) continue;
        ranges.splice(i, 1, ...splitRange(r, at));
        if (tilingViolation(ranges)) return false;
      }
      while (ranges.length > 1) {
        ranges = [mergeRanges(ranges[0]!, ranges[1]!), ...ranges.slice(2)];
        if (tilingViolation(ranges)) return false;
      }
      return true;
    }),
  );
  t.regex(tilingViolation([{ start: 0n, end: 5n }, { start: 6n, end: KEYSPACE_END }])!, /gap/);
  t.regex(tilingViolation([{ start: 0n, end: 7n }, { start: 6n, end: KEYSPACE_END }])!, /overlap/);
  t.throws(() => splitRange({ start: 0n, end: 10n }, 10n), { message: /not inside/ });
  t.throws(() => mergeRanges({ start: 0n, end: 5n }, { start: 6n, end: 9n }), { message: /not adjacent/ });
});

// ---- key schemas (hash | prefix | prefix-ordered) ----

const tenant = fc.stringMatching(/^[a-z0-9-]{0,12}$/);
const rest = fc.string({ unit: 'binary', maxLength: 24 });

test('hash schema is today\'s position (xxHash64 of the whole key)', (t) => {
  fc.assert(fc.property(fc.string({ unit: 'binary' }), (k) => pos(k, 'hash') === keyPosition(k)));
  t.pass();
});

test('prefix schema: high 32 bits from the tenant, low 32 from the rest (issue 14 formula)', (t) => {
  const u = new TextEncoder();
  const k = 'acme/order-17';
  const want = (hash64(u.encode('acme')) & 0xffffffff00000000n) | (hash64(u.encode('order-17')) >> 32n);
  t.is(pos(k, 'prefix'), want);
  // A key without '/' is all prefix with an empty rest.
  t.is(pos('acme', 'prefix'), (hash64(u.encode('acme')) & 0xffffffff00000000n) | (hash64(new Uint8Array(0)) >> 32n));
  // Only the FIRST '/' separates: the rest keeps its own slashes.
  t.is(pos('acme/a/b', 'prefix'), (hash64(u.encode('acme')) & 0xffffffff00000000n) | (hash64(u.encode('a/b')) >> 32n));
  // prefix-ordered: the rest's first 4 bytes, zero-padded.
  t.is(pos('acme/ab', 'prefix-ordered'), (hash64(u.encode('acme')) & 0xffffffff00000000n) | 0x61620000n);
  t.is(pos('acme/2026-12-03T10', 'prefix-ordered') & 0xffffffffn, 0x32303236n);
});

test('every schema maps every key into the keyspace, and the same key the same way (string or bytes)', (t) => {
  fc.assert(
    fc.property(fc.constantFrom(...KEY_SCHEMAS), fc.string({ unit: 'binary', maxLength: 40 }), (schema, k) => {
      const p = pos(k, schema);
      return p >= 0n && p < KEYSPACE_END && p === pos(new TextEncoder().encode(k), schema);
    }),
  );
  t.pass();
});

test('tiling: under every schema, any key lands in exactly one microshard of any even tiling', (t) => {
  fc.assert(
    fc.property(fc.constantFrom(...KEY_SCHEMAS), fc.integer({ min: 1, max: 300 }), tenant, rest, (schema, n, p, r) => {
      const ranges = evenRanges(n);
      const at = pos(`${p}/${r}`, schema);
      return ranges.filter((x) => rangeContains(x, at)).length === 1;
    }),
  );
  t.pass();
});

test('contiguity: under the prefix schemas, all of a tenant\'s keys lie in its range and no other tenant\'s key does', (t) => {
  fc.assert(
    fc.property(fc.constantFrom('prefix' as const, 'prefix-ordered' as const), tenant, tenant, fc.array(rest, { minLength: 1, maxLength: 20 }), (schema, a, b, rests) => {
      const ra = prefixRange(a, schema);
      if (ra.end - ra.start !== PREFIX_SPAN) return false;
      for (const r of rests) {
        const p = pos(`${a}/${r}`, schema);
        if (p < ra.start || p >= ra.end) return false;
      }
      const inA = (k: string) => {
        const p = pos(k, schema);
        return p >= ra.start && p < ra.end;
      };
      // Another tenant shares the range only if its 32-bit tenant hash collides (not with these small sets).
      return a === b || !rests.some((r) => inA(`${b}/${r}`));
    }),
  );
  t.pass();
});

test('order within prefix-ordered: a tenant\'s keys sort by their rest\'s first 4 bytes', (t) => {
  fc.assert(
    fc.property(tenant, rest, rest, (p, r1, r2) => {
      const a = pos(`${p}/${r1}`, 'prefix-ordered');
      const b = pos(`${p}/${r2}`, 'prefix-ordered');
      // Keys ordered by bytes keep that order (ties allowed: equal first 4 bytes share a position).
      const e1 = Buffer.concat([Buffer.from(r1, 'utf8'), Buffer.alloc(4)]).subarray(0, 4);
      const e2 = Buffer.concat([Buffer.from(r2, 'utf8'), Buffer.alloc(4)]).subarray(0, 4);
      const cmp = Buffer.compare(e1, e2);
      return Math.sign(cmp) === (a < b ? -1 : a > b ? 1 : 0);
    }),
  );
  // Time-ordered keys: recent after old, one tenant.
  const days = ['0101', '0315', '1130', '1203'].map((d) => pos(`acme/${d}T10:00`, 'prefix-ordered'));
  for (let i = 1; i < days.length; i++) t.true(days[i - 1]! < days[i]!);
  t.pass();
});

test('a prefix + time range covers exactly the keys it should (and is clipped to the tenant)', (t) => {
  fc.assert(
    fc.property(tenant, rest, rest, rest, (p, lo, hi, r) => {
      const range = prefixOrderedRange(p, lo, hi);
      const whole = prefixRange(p, 'prefix-ordered');
      if (range.start < whole.start || range.end > whole.end) return false;
      const inRest = Buffer.compare(Buffer.from(r), Buffer.from(lo)) >= 0 && Buffer.compare(Buffer.from(r), Buffer.from(hi)) < 0;
      const at = pos(`${p}/${r}`, 'prefix-ordered');
      // Every key whose rest is in [lo, hi) is inside the position range (the range may hold more).
      return !inRest || (at >= range.start && at < range.end);
    }),
  );
  t.pass();
});

test('bad schema names and prefix ranges under hash get clear errors', (t) => {
  t.is(parseKeySchema(' prefix '), 'prefix');
  t.throws(() => parseKeySchema('tenant'), { message: /unknown key schema "tenant" \(known: hash, prefix, prefix-ordered\)/ });
  t.throws(() => prefixRange('acme', 'hash'), { message: /not a range under the "hash" key schema/ });
  t.throws(() => prefixRange('a/b', 'prefix'), { message: /has no "\/"/ });
});
