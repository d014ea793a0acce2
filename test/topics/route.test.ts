import test from 'ava';
import fc from 'fast-check';
import { keyPosition } from '../../core/keyspace.js';
import { evenRanges, findRangeIndex } from '../../core/ranges.js';
import { TopicIndex, filterHome, parseFilter } from '../../core/topics/index.js';
import { refMatch } from './reference.js';
import { derivedPairArb, filterArb, topicArb } from './generators.js';

/** Shard = microshard index over `n` even ranges (the same keyspace as keys). */
function shardsOver(n: number): (pos: bigint) => number {
  const ranges = evenRanges(n);
  return (pos) => findRangeIndex(ranges, pos);
}

/** The placement rule, restated from the README: where a wildcard filter lives. */
function homeByRule(filter: string): bigint {
  const first = filter.split('/')[0]!;
  return first === '+' || first === '#' ? keyPosition(filter) : keyPosition(`${first}/#`);
}

test('filter homes follow the documented rule', (t) => {
  t.deepEqual(filterHome(parseFilter('sport/tennis/+')), { kind: 'group', key: 'sport/#', position: keyPosition('sport/#') });
  t.deepEqual(filterHome(parseFilter('sport/#')), { kind: 'group', key: 'sport/#', position: keyPosition('sport/#') });
  t.deepEqual(filterHome(parseFilter('+/monitor')), { kind: 'global', key: '+/monitor', position: keyPosition('+/monitor') });
  t.deepEqual(filterHome(parseFilter('#')), { kind: 'global', key: '#', position: keyPosition('#') });
  t.deepEqual(filterHome(parseFilter('a/b')), { kind: 'concrete', key: 'a/b', position: keyPosition('a/b') });
  t.deepEqual(filterHome(parseFilter('/+')), { kind: 'group', key: '/#', position: keyPosition('/#') }, 'an empty first level is a literal level');
});

test('a publish goes to the concrete shard plus exactly the shards holding a matching wildcard filter', (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 64 }),
      fc.array(fc.oneof(filterArb, derivedPairArb.map((p) => p.filter)), { maxLength: 40 }),
      fc.oneof(topicArb, derivedPairArb.map((p) => p.topic)),
      (n, filters, topic) => {
        const shardOf = shardsOver(n);
        const index = new TopicIndex();
        for (const f of filters) index.add(f);
        const route = index.routePublish(topic, shardOf);
        if (route.position !== keyPosition(topic) || route.concreteShard !== shardOf(keyPosition(topic))) return false;
        const matching = [...new Set(filters)].filter((f) => refMatch(f, topic));
        const wildcards = matching.filter((f) => /(^|\/)[+#](\/|$)/.test(f));
        const want = new Set([shardOf(keyPosition(topic)), ...wildcards.map((f) => shardOf(homeByRule(f)))]);
        // Each shard once, the concrete one first, and the same set as the rule gives.
        if (route.shards.length !== new Set(route.shards).size || route.shards[0] !== route.concreteShard) return false;
        if (route.shards.length !== want.size || !route.shards.every((s) => want.has(s))) return false;
        // Every wildcard shard named holds a matching filter, and every matching wildcard filter is named once.
        const named: string[] = [];
        for (const [shard, fs] of route.wildcardShards) {
          if (fs.length === 0) return false;
          for (const f of fs) if (!refMatch(f, topic) || shardOf(homeByRule(f)) !== shard) return false;
          named.push(...fs);
        }
        return JSON.stringify(named.sort()) === JSON.stringify(wildcards.sort());
      },
    ),
    { numRuns: 1500 },
  );
  t.pass();
});

test('a publish asks only the shards that can match, not every shard holding filters', (t) => {
  const shardOf = shardsOver(256);
  const index = new TopicIndex();
  // 100 first-level groups of 5 wildcard filters each, and two global filters.
  for (let g = 0; g < 100; g++) for (const rest of ['+', '#', '+/temp', 'x/+', '+/alarm']) index.add(`dev${g}/${rest}`);
  index.add('+/+/alarm');
  index.add('$SYS/#');
  const holding = new Set([...index.filters()].map((f) => shardOf(f.home.position)));
  t.true(holding.size > 50, `filters spread over ${holding.size} shards`);

  const r = index.routePublish('dev7/x/alarm', shardOf);
  t.deepEqual(sorted(r.matches.map((m) => m.filter)), ['+/+/alarm', 'dev7/#', 'dev7/+/alarm', 'dev7/x/+']);
  const expected = new Set([shardOf(keyPosition('dev7/x/alarm')), shardOf(keyPosition('dev7/#')), shardOf(keyPosition('+/+/alarm'))]);
  t.deepEqual(new Set(r.shards), expected);
  t.true(r.shards.length <= 3);

  const quiet = index.routePublish('nobody/listens', shardOf);
  t.deepEqual(quiet.shards, [shardOf(keyPosition('nobody/listens'))], 'no matching filter: one shard, as for a key');
  t.is(quiet.wildcardShards.size, 0);

  const sys = index.routePublish('$SYS/a/alarm', shardOf);
  t.deepEqual(sorted(sys.matches.map((m) => m.filter)), ['$SYS/#'], '+/+/alarm does not see a $ topic');
});

function sorted(xs: string[]): string[] {
  return [...xs].sort();
}
