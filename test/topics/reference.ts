// A spec-literal reference for MQTT topic syntax and matching, written apart from core/topics:
// validity by regular expressions over levels, matching by translating the filter into one
// regular expression over the whole topic string. Slow and plain on purpose.

const LONE_SURROGATE = /\p{Cs}/u;

function commonProblem(s: string): boolean {
  return s.length === 0 || s.includes('\u0000') || LONE_SURROGATE.test(s) || Buffer.byteLength(s, 'utf8') > 65535;
}

export function refValidTopic(t: string): boolean {
  return !commonProblem(t) && !/[+#]/.test(t);
}

export function refValidFilter(f: string): boolean {
  if (commonProblem(f)) return false;
  const levels = f.split('/');
  return levels.every((l, i) => l === '+' || (l === '#' && i === levels.length - 1) || !/[+#]/.test(l));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Both arguments must be valid (refValidFilter / refValidTopic). */
export function refMatch(filter: string, topic: string): boolean {
  // MQTT-4.7.2-1: a filter starting with a wildcard does not match a topic starting with '$'.
  if (topic.startsWith('$') && (filter.startsWith('+') || filter.startsWith('#'))) return false;
  let body: string;
  if (filter === '#') body = '.*';
  else {
    const multi = filter.endsWith('/#');
    const base = multi ? filter.slice(0, -2) : filter;
    body = base
      .split('/')
      .map((l) => (l === '+' ? '[^/]*' : escape(l)))
      .join('/');
    // '#' also matches its parent level: `sport/#` matches `sport`.
    if (multi) body += '(?:/.*)?';
  }
  return new RegExp(`^${body}$`, 'su').test(topic);
}
