// fast-check generators of topics and filters over a small alphabet of levels, so that matches,
// empty levels, '$' topics and wildcards all come up often.
import fc from 'fast-check';
import { refValidFilter, refValidTopic } from './reference.js';

export const TOPIC_LEVELS = ['', 'a', 'b', 'sport', '$SYS', '$a', 'é', '😀', 'a b'];
export const FILTER_LEVELS = [...TOPIC_LEVELS, '+', '#'];
export const topicArb = fc.array(fc.constantFrom(...TOPIC_LEVELS), { minLength: 1, maxLength: 5 }).map((l) => l.join('/')).filter(refValidTopic);
export const filterArb = fc.array(fc.constantFrom(...FILTER_LEVELS), { minLength: 1, maxLength: 5 }).map((l) => l.join('/')).filter(refValidFilter);
/** A filter derived from a topic (levels replaced by '+', a tail cut to '#'): matches often. */
export const derivedPairArb = fc
  .tuple(fc.array(fc.constantFrom(...TOPIC_LEVELS), { minLength: 1, maxLength: 6 }), fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), fc.integer({ min: 0, max: 7 }))
  .map(([levels, plus, cut]) => {
    const f = levels.map((l, i) => (plus[i] ? '+' : l));
    const filter = cut < f.length ? [...f.slice(0, cut), '#'].join('/') : f.join('/');
    return { filter, topic: levels.join('/') };
  })
  .filter(({ filter, topic }) => refValidFilter(filter) && refValidTopic(topic));

