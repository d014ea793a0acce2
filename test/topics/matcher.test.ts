import test from 'ava';
import fc from 'fast-check';
import {
  MAX_TOPIC_BYTES,
  TopicSyntaxError,
  isValidTopicFilter,
  isValidTopicName,
  parseFilter,
  topicFilterProblem,
  topicMatchesFilter,
  topicNameProblem,
} from '../../core/topics/index.js';
import { refMatch, refValidFilter, refValidTopic } from './reference.js';
import { derivedPairArb, filterArb, topicArb } from './generators.js';

// [filter, topic, matches]: the brief's and the spec's examples (MQTT 3.1.1 section 4.7), and the
// outcomes mosquitto's own topic-matching unit tests assert for mosquitto_topic_matches_sub.
const CASES: Array<[string, string, boolean]> = [
  ['#', 'sport', true],
  ['#', 'sport/tennis/player1', true],
  ['#', '/', true],
  ['#', '/foo/bar', true],
  ['#', '$SYS', false],
  ['#', '$SYS/bar', false],
  ['+', '$SYS', false],
  ['+/+', '$SYS/x', false],
  ['+/monitor/Clients', '$SYS/monitor/Clients', false],
  ['+/monitor/Clients', 'x/monitor/Clients', true],
  ['$SYS/#', '$SYS', true],
  ['$SYS/#', '$SYS/x', true],
  ['$SYS/#', '$SYS/monitor/Clients', true],
  ['$SYS/monitor/+', '$SYS/monitor/Clients', true],
  ['$BOB/bar', '$SYS/bar', false],
  ['$SYS/+', '$SYS/', true],
  ['sport/#', 'sport', true],
  ['sport/#', 'sport/', true],
  ['sport/#', 'sport/tennis/player1/ranking', true],
  ['sport/#', 'sports', false],
  ['sport/tennis/+', 'sport/tennis', false],
  ['sport/tennis/+', 'sport/tennis/', true],
  ['sport/tennis/+', 'sport/tennis/player1', true],
  ['sport/tennis/+', 'sport/tennis/player1/ranking', false],
  ['sport/+', 'sport', false],
  ['sport/+', 'sport/', true],
  ['+', 'finance', true],
  ['+', '/finance', false],
  ['/+', '/finance', true],
  ['+/+', '/finance', true],
  ['+/+', '/', true],
  ['+/+', 'foo', false],
  ['+', '/', false],
  ['/', '/', true],
  ['a//b', 'a//b', true],
  ['a//b', 'a/b', false],
  ['a/+/b', 'a//b', true],
  ['+/a', '/a', true],
  ['/a', 'a', false],
  ['a/', 'a', false],
  ['a/+', 'a/', true],
  ['foo//+', 'foo//bar', true],
  ['foo/+/+/baz', 'foo///baz', true],
  ['A/B/+/#', 'A/B/B/C', true],
  ['foo/+/#', 'foo/bar', true],
  ['foo/+/#', 'foo', false],
  ['foo/+/#', 'fo2/bar/baz', false],
  ['/#', '/foo/bar', true],
  ['/#', 'foo/bar', false],
  ['test/6/#', 'test/3', false],
  ['foo/bar', 'foo', false],
  ['foo', 'FOO', false],
  ['+/#', 'a', true],
  ['+/#', '/', true],
  ['é/😀', 'é/😀', true],
  ['é/+', 'é/😀', true],
];

test('tricky cases agree with the spec and with mosquitto', (t) => {
  for (const [filter, topic, expected] of CASES) {
    t.is(topicMatchesFilter(filter, topic), expected, `${filter} vs ${topic}`);
    t.is(refMatch(filter, topic), expected, `reference: ${filter} vs ${topic}`);
  }
});

test('invalid filters name what is wrong', (t) => {
  const bad: Array<[string, RegExp]> = [
    ['', /empty/],
    ['a/b+', /'\+' at index 3 does not occupy a whole level/],
    ['+a', /does not occupy a whole level/],
    ['a/#b', /'#' at index 2 does not occupy a whole level/],
    ['a#', /'#' at index 1 does not occupy a whole level/],
    ['#/a', /'#' at index 0 is not the last character/],
    ['a/#/b', /is not the last character/],
    ['a/##', /does not occupy a whole level/],
    ['a\u0000b', /NUL/],
    ['a/\uD800', /unpaired surrogate/],
    ['\uDC00', /unpaired surrogate/],
    ['x'.repeat(MAX_TOPIC_BYTES + 1), /65536 bytes long in UTF-8; the limit is 65535/],
  ];
  for (const [f, why] of bad) {
    t.regex(topicFilterProblem(f) ?? '', why, JSON.stringify(f.slice(0, 20)));
    t.throws(() => parseFilter(f), { instanceOf: TopicSyntaxError });
  }
  for (const f of ['#', '+', '+/+/+/#', 'sub//topic/#', 'sub/ /topic', '/', '//', '$SYS/#', 'a/+', 'é/😀']) {
    t.is(topicFilterProblem(f), undefined, f);
  }
});

test('invalid topic names name what is wrong', (t) => {
  const bad: Array<[string, RegExp]> = [
    ['', /empty/],
    ['a/+', /wildcard '\+' at index 2/],
    ['a/#', /wildcard '#'/],
    ['pub+/topic', /wildcard/],
    ['a\u0000', /NUL/],
    ['\uD83D', /unpaired surrogate/],
    ['é'.repeat(32768), /65536 bytes/],
  ];
  for (const [name, why] of bad) {
    t.regex(topicNameProblem(name) ?? '', why);
    t.throws(() => topicMatchesFilter('#', name), { instanceOf: TopicSyntaxError });
  }
  t.true(isValidTopicName('a'.repeat(MAX_TOPIC_BYTES)));
  t.true(isValidTopicName('é'.repeat(32767) + 'a'), '65535 bytes with two-byte characters');
  t.true(isValidTopicName('😀'.repeat(16383) + 'abc'), '65535 bytes with four-byte characters');
  t.false(isValidTopicName('😀'.repeat(16384)));
  t.true(isValidTopicName('pub/ /topic'));
  t.true(isValidTopicName('/'));
});

const ALPHABET = ['a', 'b', '/', '+', '#', '$', '\u0000', 'é', '😀', '\uD800', ' '];

test('validity agrees with the reference on random strings', (t) => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...ALPHABET), { maxLength: 10 }), (chars) => {
      const s = chars.join('');
      return isValidTopicFilter(s) === refValidFilter(s) && isValidTopicName(s) === refValidTopic(s);
    }),
    { numRuns: 5000 },
  );
  t.pass();
});

test('the matcher agrees with the reference on random filters and topics', (t) => {
  let matched = 0;
  fc.assert(
    fc.property(fc.oneof(fc.record({ filter: filterArb, topic: topicArb }), derivedPairArb), ({ filter, topic }) => {
      const got = topicMatchesFilter(filter, topic);
      if (got) matched++;
      return got === refMatch(filter, topic);
    }),
    { numRuns: 5000 },
  );
  t.true(matched > 500, `the generators must exercise matches (got ${matched})`);
});
