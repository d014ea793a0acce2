import test from 'ava';
import fc from 'fast-check';
import { keyPosition, positionToHex, parsePosition, KEYSPACE_END, positionToBytes, positionFromBytes } from '../../core/keyspace.js';
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
