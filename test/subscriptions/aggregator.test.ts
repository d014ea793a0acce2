import test from 'ava';
import fc from 'fast-check';
import { TopicAggregator, SubscriptionEventError, type SubscriptionEventInput } from '../../sidecar/subscriptions/index.js';
import { topicMatchesFilter } from '../../core/topics/index.js';

const IV = 1_000;
const ev = (action: string, topic: string, clientId = 'c1', publishes = 0, publishBytes = 0, kind = ''): SubscriptionEventInput => ({ action, topic, clientId, publishes: String(publishes), publishBytes: String(publishBytes), kind });

test('subscriptions count once per client and topic; unsubscribe removes; counts per interval', (t) => {
  const a = new TopicAggregator({ intervalMs: IV });
  a.apply(ev('SUBSCRIBE', 'sport/tennis', 'c1'), 100);
  a.apply(ev('SUBSCRIBE', 'sport/tennis', 'c1'), 200); // MQTT: the same subscription again
  a.apply(ev('SUBSCRIBE', 'sport/tennis', 'c2'), 300);
  a.apply(ev('PUBLISH', 'sport/tennis', 'p1', 5, 500), 400);
  a.apply(ev('UNSUBSCRIBE', 'sport/tennis', 'c2'), 500);
  t.is(a.subscriptions, 1);
  t.deepEqual(a.rollover(999), []);
  const [closed] = a.rollover(1_000);
  t.is(closed!.startMs, 0);
  const st = closed!.topics.find((x) => x.topic === 'sport/tennis')!;
  t.deepEqual(st, { topic: 'sport/tennis', kind: 'concrete', subscriptions: 1, publishes: 5, publishBytes: 500, subscribes: 3, unsubscribes: 1, clients: 3, clientsCapped: false });
  // The next interval starts empty but the subscription stays.
  const [next] = a.rollover(2_000);
  t.like(next!.topics[0], { subscriptions: 1, publishes: 0, subscribes: 0, clients: 0 });
});

test('a publish counts for every wildcard filter held here that matches it (same matcher as the router)', (t) => {
  const a = new TopicAggregator({ intervalMs: IV });
  for (const f of ['sport/+', 'sport/#', '#', '+/+/x', '$SYS/#', 'news/#']) a.apply(ev('SUBSCRIBE', f, `sub-${f}`), 10);
  a.apply(ev('PUBLISH', 'sport/tennis', '', 3, 30), 20);
  a.apply(ev('PUBLISH', '$SYS/load', '', 2, 20), 30);
  const [closed] = a.rollover(IV);
  const pubs = Object.fromEntries(closed!.topics.map((x) => [x.topic, x.publishes]));
  t.is(pubs['sport/+'], 3);
  t.is(pubs['sport/#'], 3);
  t.is(pubs['#'], 3); // not the $SYS publish: a leading wildcard never matches a $ topic
  t.is(pubs['$SYS/#'], 2);
  t.is(pubs['news/#'], 0);
  t.is(pubs['+/+/x'], 0);
  t.is(closed!.topics.find((x) => x.topic === '#')!.kind, 'wildcard');
});

test('bad events are refused with a reason naming the problem, and nothing is applied', (t) => {
  const a = new TopicAggregator({ intervalMs: IV });
  const bad: Array<[SubscriptionEventInput, RegExp]> = [
    [ev('SUBSCRIBE', 'a/#b'), /'#' at index 2 does not occupy a whole level/],
    [ev('SUBSCRIBE', 'a/#/b'), /must be the last level/],
    [ev('SUBSCRIBE', ''), /is empty/],
    [ev('SUBSCRIBE', 'a\u0000b'), /NUL/],
    [ev('SUBSCRIBE', 'x', ''), /client_id is required for SUBSCRIBE/],
    [ev('UNSUBSCRIBE', 'x', 'nobody'), /holds no subscription/],
    [ev('PUBLISH', 'sport/+', 'p', 1), /cannot publish to the wildcard filter/],
    [ev('PUBLISH', 'x', 'p', 0), /PUBLISH needs publishes > 0/],
    [ev('SUBSCRIPTION_ACTION_UNSPECIFIED', 'x'), /action must be SUBSCRIBE, UNSUBSCRIBE or PUBLISH/],
    [ev('SUBSCRIBE', 'a/+', 'c', 0, 0, 'CONCRETE'), /declared CONCRETE but contains the wildcard/],
    [ev('SUBSCRIBE', 'a/b', 'c', 0, 0, 'WILDCARD'), /declared WILDCARD but has no/],
    [ev('SUBSCRIBE', 'a', 'x'.repeat(300)), /client_id is longer than 256 bytes/],
    [{ ...ev('PUBLISH', 'a', 'p'), publishes: '-1' }, /publishes must be a non-negative integer/],
    [ev('PUBLISH', 'a', 'p', 0, 10), /publish_bytes without publishes/],
  ];
  for (const [e, re] of bad) t.throws(() => a.apply(e, 10), { instanceOf: SubscriptionEventError, message: re }, JSON.stringify(e).slice(0, 80));
  t.is(a.topicCount, 0);
  t.is(a.subscriptions, 0);
  t.is(a.totals.rejected, bad.length);
  t.is(a.totals.accepted, 0);
});

test('memory is bounded: full tables refuse new topics and subscriptions; idle topics are forgotten', (t) => {
  const forgotten: string[] = [];
  const a = new TopicAggregator({ intervalMs: IV, maxTopics: 3, maxSubscriptions: 4, forgetAfterIntervals: 2, maxClientsPerInterval: 2, onForget: (x) => forgotten.push(x) });
  a.apply(ev('SUBSCRIBE', 't1', 'a'), 1);
  a.apply(ev('SUBSCRIBE', 't1', 'b'), 1);
  a.apply(ev('SUBSCRIBE', 't2', 'a'), 1);
  a.apply(ev('PUBLISH', 't3', '', 1), 1);
  t.throws(() => a.apply(ev('PUBLISH', 't4', '', 1), 1), { message: /topic table full \(3 topics tracked\)/ });
  a.apply(ev('SUBSCRIBE', 't1', 'c'), 1);
  t.throws(() => a.apply(ev('SUBSCRIBE', 't2', 'z'), 1), { message: /subscription table full \(4 tracked\)/ });
  t.is(a.totals.rejectedFull, 2);
  const [closed] = a.rollover(IV);
  const t1 = closed!.topics.find((x) => x.topic === 't1')!;
  t.is(t1.clients, 2);
  t.true(t1.clientsCapped);
  // t3 has no subscription: forgotten after two idle intervals; t1/t2 stay.
  a.rollover(2 * IV);
  a.rollover(3 * IV);
  t.deepEqual(forgotten, ['t3']);
  t.false(a.has('t3'));
  a.apply(ev('PUBLISH', 't4', '', 1), 3 * IV + 1); // room again
  t.true(a.has('t4'));
});

test('a clock jump emits at most 6 empty intervals and then leaves a gap', (t) => {
  const a = new TopicAggregator({ intervalMs: IV });
  a.apply(ev('SUBSCRIBE', 's', 'c'), 0);
  const out = a.rollover(100 * IV + 5);
  t.is(out.length, 6);
  t.deepEqual(out.map((c) => c.startMs), [0, 1, 2, 3, 4, 5].map((k) => k * IV));
  a.apply(ev('PUBLISH', 's', '', 7), 100 * IV + 10);
  const [after] = a.rollover(101 * IV);
  t.is(after!.startMs, 100 * IV);
  t.is(after!.topics[0]!.publishes, 7);
});

test('property: subscription counts and publish credits equal a plain reference model', (t) => {
  const topics = ['a', 'a/b', 'a/+', 'a/#', '#', '+/b', '$SYS/x', '$SYS/#'];
  const names = ['a', 'a/b', '$SYS/x', 'c/b'];
  const event = fc.oneof(
    fc.record({ action: fc.constantFrom('SUBSCRIBE', 'UNSUBSCRIBE'), topic: fc.constantFrom(...topics), client: fc.constantFrom('c1', 'c2', 'c3') }),
    fc.record({ action: fc.constant('PUBLISH'), topic: fc.constantFrom(...names), client: fc.constant(''), n: fc.integer({ min: 1, max: 5 }) }),
  );
  fc.assert(
    fc.property(fc.array(event, { maxLength: 60 }), (events) => {
      const a = new TopicAggregator({ intervalMs: IV });
      const subs = new Map<string, Set<string>>();
      const pubs = new Map<string, number>();
      for (const e of events) {
        const n = 'n' in e ? e.n : 0;
        let ok = true;
        try {
          a.apply(ev(e.action, e.topic, e.client, n), 5);
        } catch {
          ok = false;
        }
        // Reference.
        const s = subs.get(e.topic) ?? new Set<string>();
        if (e.action === 'SUBSCRIBE') {
          s.add(e.client);
          subs.set(e.topic, s);
          if (!ok) return false;
        } else if (e.action === 'UNSUBSCRIBE') {
          if (ok !== s.has(e.client)) return false;
          s.delete(e.client);
        } else {
          if (!ok) return false;
          pubs.set(e.topic, (pubs.get(e.topic) ?? 0) + n);
          for (const [f, set] of subs) if (f !== e.topic && set.size > 0 && topicMatchesFilter(f, e.topic)) pubs.set(f, (pubs.get(f) ?? 0) + n);
        }
      }
      const [closed] = a.rollover(IV);
      for (const row of closed?.topics ?? []) {
        if (row.subscriptions !== (subs.get(row.topic)?.size ?? 0)) return false;
        if (row.publishes !== (pubs.get(row.topic) ?? 0)) return false;
      }
      return true;
    }),
    { numRuns: 300 },
  );
  t.pass();
});
