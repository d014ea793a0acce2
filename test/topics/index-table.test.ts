import test from 'ava';
import fc from 'fast-check';
import { TopicIndex, TopicSyntaxError } from '../../core/topics/index.js';
import { refMatch } from './reference.js';
import { derivedPairArb, filterArb, topicArb } from './generators.js';

const sorted = (xs: Iterable<string>) => [...xs].sort();

test('the index matches exactly the filters the reference matches, each once', (t) => {
  let nonEmpty = 0;
  fc.assert(
    fc.property(
      fc.array(fc.oneof(filterArb, derivedPairArb.map((p) => p.filter)), { maxLength: 40 }),
      fc.array(fc.oneof(topicArb, derivedPairArb.map((p) => p.topic)), { minLength: 1, maxLength: 20 }),
      (filters, topics) => {
        const index = new TopicIndex();
        for (const f of filters) index.add(f);
        for (const topic of topics) {
          const got = index.match(topic);
          if (new Set(got).size !== got.length) return false;
          const want = [...new Set(filters)].filter((f) => refMatch(f, topic));
          if (want.length > 0) nonEmpty++;
          if (JSON.stringify(sorted(got)) !== JSON.stringify(sorted(want))) return false;
        }
        return true;
      },
    ),
    { numRuns: 600 },
  );
  t.true(nonEmpty > 1000, `the generators must produce matches (got ${nonEmpty})`);
});

test('reference counts: a filter stays until its last subscriber leaves, then the trie is pruned', (t) => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.boolean(), fc.oneof(filterArb, derivedPairArb.map((p) => p.filter))), { maxLength: 80 }), fc.array(topicArb, { minLength: 1, maxLength: 10 }), (ops, topics) => {
      const index = new TopicIndex();
      const model = new Map<string, number>();
      for (const [isAdd, f] of ops) {
        const before = model.get(f) ?? 0;
        if (isAdd) {
          model.set(f, before + 1);
          if (index.add(f) !== before + 1) return false;
        } else {
          const left = index.remove(f);
          if (before === 0) {
            if (left !== undefined) return false;
          } else {
            if (left !== before - 1) return false;
            if (before === 1) model.delete(f);
            else model.set(f, before - 1);
          }
        }
      }
      if (index.size !== model.size) return false;
      for (const [f, n] of model) if (index.refCount(f) !== n) return false;
      for (const topic of topics) {
        const want = [...model.keys()].filter((f) => refMatch(f, topic));
        if (JSON.stringify(sorted(index.match(topic))) !== JSON.stringify(sorted(want))) return false;
      }
      // Drain everything: nothing may be left behind.
      for (const [f, n] of model) for (let i = 0; i < n; i++) index.remove(f);
      const s = index.stats();
      return index.size === 0 && s.references === 0 && s.groups === 0 && s.global === 0 && s.concrete === 0 && topics.every((x) => index.match(x).length === 0);
    }),
    { numRuns: 500 },
  );
  t.pass();
});

test('filters are kept by kind: concrete, first-level groups, the global wildcard-first set', (t) => {
  const index = new TopicIndex();
  for (const f of ['a/b', 'a/+', 'a/#', 'b/+/c', '$SYS/#', '#', '+/x', '+/x', 'a/b']) index.add(f);
  t.deepEqual(index.stats(), { filters: 7, references: 9, concrete: 1, grouped: 4, groups: 3, global: 2 });
  t.deepEqual(sorted(index.globalFilters().map((f) => f.filter)), ['#', '+/x']);
  t.deepEqual(sorted(index.match('a/b')), ['#', 'a/#', 'a/+', 'a/b']);
  t.deepEqual(sorted(index.match('$SYS/x')), ['$SYS/#'], 'a $ topic skips the global set');
  t.deepEqual(sorted(index.match('a')), ['#', 'a/#']);
  t.is(index.remove('+/x'), 1);
  t.is(index.remove('+/x'), 0);
  t.is(index.remove('+/x'), undefined);
  t.false(index.has('+/x'));
});

test('bad input is refused with the reason; the index is unchanged', (t) => {
  const index = new TopicIndex();
  index.add('a/#');
  t.throws(() => index.add('a/#b'), { instanceOf: TopicSyntaxError, message: /'#' at index 2/ });
  t.throws(() => index.match('a/+'), { instanceOf: TopicSyntaxError, message: /topic names may not contain wildcards/ });
  t.throws(() => index.match(''), { instanceOf: TopicSyntaxError, message: /empty/ });
  t.is(index.size, 1);
});

test('very deep topics and filters (tens of thousands of levels) do not exhaust the stack', (t) => {
  const index = new TopicIndex();
  const depth = 30000;
  const plusFilter = Array(depth).fill('+').join('/');
  for (const f of ['#', '+/#', plusFilter, `${'/'.repeat(depth - 1)}#`]) index.add(f);
  const topic = '/'.repeat(depth - 1); // `depth` empty levels
  t.deepEqual(sorted(index.match(topic)), sorted(['#', '+/#', plusFilter, `${'/'.repeat(depth - 1)}#`]));
  t.deepEqual(sorted(index.match('/'.repeat(depth))), ['#', '+/#', `${'/'.repeat(depth - 1)}#`]);
  index.remove(plusFilter);
  t.deepEqual(sorted(index.match(topic)), sorted(['#', '+/#', `${'/'.repeat(depth - 1)}#`]));
});
