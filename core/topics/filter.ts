// Topic names and topic filters: syntax as MQTT 3.1.1 section 4.7 / MQTT 5.0 section 4.7 define it.
// Validation is one pass over the UTF-16 code units so the router can afford it on every publish.

/** Separates topic levels (MQTT 4.7.1.1). Empty levels are levels: `a//b` has three. */
export const LEVEL_SEPARATOR = '/';
/** Matches exactly one level, possibly an empty one; must occupy a whole filter level. */
export const SINGLE_LEVEL_WILDCARD = '+';
/** Matches the parent level and any number of child levels; must be the whole last filter level. */
export const MULTI_LEVEL_WILDCARD = '#';
/**
 * Longest topic name or filter, in UTF-8 bytes: MQTT strings carry a 16-bit length prefix (1.5.3),
 * so a broker cannot receive anything longer.
 */
export const MAX_TOPIC_BYTES = 65535;
/** Longest topic prefix a listing call accepts (sidecar GetTopicLoads, coordinator lists): a prefix is part of a topic. */
export const MAX_PREFIX_BYTES = MAX_TOPIC_BYTES;

const SLASH = 0x2f;
const PLUS = 0x2b;
const HASH = 0x23;

/** A topic name or filter that breaks the syntax; `reason` says what is wrong and where. */
export class TopicSyntaxError extends Error {
  constructor(
    readonly kind: 'topic name' | 'topic filter',
    readonly input: string,
    readonly reason: string,
  ) {
    super(`invalid ${kind} ${JSON.stringify(abbreviate(input))}: ${reason}`);
    this.name = 'TopicSyntaxError';
  }
}

function abbreviate(s: string): string {
  return s.length <= 80 ? s : `${s.slice(0, 77)}...`;
}

/**
 * Checks what topic names and filters share: non-empty, well-formed UTF-8 (no lone surrogate,
 * MQTT-1.5.3-1), no U+0000 (MQTT-1.5.3-2), at most MAX_TOPIC_BYTES bytes in UTF-8. `wildcard`
 * is called for every '+' or '#' with its index and returns a reason when it is misplaced.
 */
function scan(s: string, wildcard: (code: number, i: number) => string | undefined): string | undefined {
  if (s.length === 0) return 'is empty (at least one character is required)';
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c === 0) return `contains a NUL character (U+0000) at index ${i}`;
      if (c === PLUS || c === HASH) {
        const why = wildcard(c, i);
        if (why !== undefined) return why;
      }
      bytes += 1;
    } else if (c < 0x800) {
      bytes += 2;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (next < 0xdc00 || next > 0xdfff) return `is not well-formed UTF-8 (unpaired surrogate at index ${i})`;
      bytes += 4;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return `is not well-formed UTF-8 (unpaired surrogate at index ${i})`;
    } else {
      bytes += 3;
    }
  }
  if (bytes > MAX_TOPIC_BYTES) return `is ${bytes} bytes long in UTF-8; the limit is ${MAX_TOPIC_BYTES}`;
  return undefined;
}

/** Why `name` is not a valid topic name (what a PUBLISH carries), or undefined when it is. */
export function topicNameProblem(name: string): string | undefined {
  return scan(name, (code, i) => `contains the wildcard '${String.fromCharCode(code)}' at index ${i}; topic names may not contain wildcards`);
}

/** Why `filter` is not a valid topic filter (what a SUBSCRIBE carries), or undefined when it is. */
export function topicFilterProblem(filter: string): string | undefined {
  return scan(filter, (code, i) => {
    const alone = (i === 0 || filter.charCodeAt(i - 1) === SLASH) && (i + 1 === filter.length || filter.charCodeAt(i + 1) === SLASH);
    if (code === PLUS) return alone ? undefined : `'+' at index ${i} does not occupy a whole level`;
    if (!alone) return `'#' at index ${i} does not occupy a whole level`;
    return i + 1 === filter.length ? undefined : `'#' at index ${i} is not the last character (it must be the last level)`;
  });
}

export function isValidTopicName(name: string): boolean {
  return topicNameProblem(name) === undefined;
}

export function isValidTopicFilter(filter: string): boolean {
  return topicFilterProblem(filter) === undefined;
}

/** Throws TopicSyntaxError unless `name` is a valid topic name. */
export function assertTopicName(name: string): void {
  const problem = topicNameProblem(name);
  if (problem !== undefined) throw new TopicSyntaxError('topic name', name, problem);
}

/** Throws TopicSyntaxError unless `filter` is a valid topic filter. */
export function assertTopicFilter(filter: string): void {
  const problem = topicFilterProblem(filter);
  if (problem !== undefined) throw new TopicSyntaxError('topic filter', filter, problem);
}

/** Levels of a topic name or filter: `a//b` -> ['a', '', 'b'], `/` -> ['', '']. */
export function splitLevels(s: string): string[] {
  return s.split(LEVEL_SEPARATOR);
}

/** True when the level is a wildcard ('+' or '#'); only meaningful for a valid filter's levels. */
export function isWildcardLevel(level: string): boolean {
  return level === SINGLE_LEVEL_WILDCARD || level === MULTI_LEVEL_WILDCARD;
}

/** A valid topic filter taken apart. */
export interface ParsedFilter {
  readonly filter: string;
  readonly levels: readonly string[];
  /** Some level is '+' or '#'; a filter without one matches exactly the topic spelled the same. */
  readonly wildcard: boolean;
  /**
   * The first level is '+' or '#': the filter has no literal prefix to index it by, and it never
   * matches a topic starting with '$' (MQTT-4.7.2-1).
   */
  readonly wildcardFirst: boolean;
}

/** Validates and splits a filter; throws TopicSyntaxError when it is invalid. */
export function parseFilter(filter: string): ParsedFilter {
  assertTopicFilter(filter);
  const levels = splitLevels(filter);
  return {
    filter,
    levels,
    wildcard: levels.some(isWildcardLevel),
    wildcardFirst: isWildcardLevel(levels[0]!),
  };
}
