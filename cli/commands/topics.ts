// `shardcast topics ...`: the topic pointer table from the command line.
//
// `topics match --filters FILTERS.txt --topics TOPICS.txt` prints, for each valid topic in input
// order, `topic<TAB>matching filters` (bytewise sorted, joined by ','; empty when none), using the
// same TopicIndex the router uses. Bad lines are reported on stderr with their file and line
// number and skipped; the exit code is then still 0 (the output is complete for the good lines)
// unless --strict is given (exit 2). Unreadable files and missing flags exit 1.
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { matchListing, splitInputLines } from '../../core/topics/index.js';

/** Exit code of `topics match --strict` when some input line was rejected. */
export const EXIT_REJECTED_LINES = 2;
/** Output lines per write: large listings stream out without one giant string. */
const OUTPUT_CHUNK_LINES = 4096;

async function readInput(flag: string, path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(`${flag} ${path}: cannot read the file (${code ?? (err as Error).message})`);
  }
}

/** Writes and waits for the stream to take it (large outputs; a closed pipe ends quietly). */
function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (text.length === 0) return resolve();
    stream.write(text, () => resolve());
  });
}

export function register(program: Command): void {
  const topics = program.command('topics').description('MQTT topic pointer table: wildcard matching and routing');
  topics
    .command('match')
    .description(
      'for each topic (one per line), print the topic, a tab, and the filters matching it (bytewise sorted, comma-joined); ' +
        'bad lines are reported on stderr with their line number and skipped',
    )
    .requiredOption('--filters <file>', 'file with one MQTT topic filter per line')
    .requiredOption('--topics <file>', 'file with one MQTT topic name per line')
    .option('--strict', `exit ${EXIT_REJECTED_LINES} when any line was rejected`, false)
    .action(async (opts: { filters: string; topics: string; strict: boolean }) => {
      const [filterBytes, topicBytes] = await Promise.all([readInput('--filters', opts.filters), readInput('--topics', opts.topics)]);
      const listing = matchListing(splitInputLines(filterBytes), splitInputLines(topicBytes));
      const warnings = listing.warnings.map((w) => {
        const file = w.source === 'filters' ? opts.filters : opts.topics;
        return `shardcast topics match: skipped ${w.source === 'filters' ? 'filter' : 'topic'} at ${file}:${w.line}: ${w.reason}\n`;
      });
      await write(process.stderr, warnings.join(''));
      for (let i = 0; i < listing.output.length; i += OUTPUT_CHUNK_LINES) {
        await write(process.stdout, listing.output.slice(i, i + OUTPUT_CHUNK_LINES).join('\n') + '\n');
      }
      if (opts.strict && listing.warnings.length > 0) process.exitCode = EXIT_REJECTED_LINES;
    });
}
