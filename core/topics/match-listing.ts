// `shardcast topics match`: for each topic, the filters that match it. Pure: lines in, output
// lines and warnings out; the command does the file reading and printing.
import { topicFilterProblem, topicNameProblem } from './filter.js';
import { TopicIndex } from './index-table.js';
import { compareUtf8, type InputLine } from './lines.js';

/** A rejected input line. */
export interface LineWarning {
  readonly source: 'filters' | 'topics';
  readonly line: number;
  readonly reason: string;
}

export interface MatchListing {
  /** One per valid topic, in input order: `topic<TAB>filter1,filter2` (filters bytewise sorted). */
  readonly output: string[];
  readonly warnings: LineWarning[];
  /** Distinct valid filters indexed. */
  readonly filters: number;
}

function describe(text: string, reason: string): string {
  return text === '' ? 'empty line: an empty topic or filter is invalid' : `${JSON.stringify(text)} ${reason}`;
}

/**
 * Indexes the valid filters (a duplicate counts once in the output), then matches each valid
 * topic with the same TopicIndex the router uses. Bad lines become warnings and are skipped.
 */
export function matchListing(filterLines: readonly InputLine[], topicLines: readonly InputLine[]): MatchListing {
  const warnings: LineWarning[] = [];
  const index = new TopicIndex();
  for (const l of filterLines) {
    const problem = l.problem ?? topicFilterProblem(l.text!);
    if (problem !== undefined) {
      warnings.push({ source: 'filters', line: l.line, reason: l.text === undefined ? problem : describe(l.text, problem) });
      continue;
    }
    index.add(l.text!);
  }
  // Rank every filter once in UTF-8 byte order, so each topic sorts its matches by number.
  const rank = new Map<string, number>();
  [...index.filters()].map((f) => f.filter).sort(compareUtf8).forEach((f, i) => rank.set(f, i));

  const output: string[] = [];
  for (const l of topicLines) {
    const problem = l.problem ?? topicNameProblem(l.text!);
    if (problem !== undefined) {
      warnings.push({ source: 'topics', line: l.line, reason: l.text === undefined ? problem : describe(l.text, problem) });
      continue;
    }
    const matched = index.match(l.text!).sort((a, b) => rank.get(a)! - rank.get(b)!);
    output.push(`${l.text}\t${matched.join(',')}`);
  }
  return { output, warnings, filters: index.size };
}
