// The demo's terminal view, refreshed every second: leader, nodes, microshards per node,
// ops/s per node, and the latest lifecycle events.
import type { ListNodesResponse__Output } from '../generated/proto/shardcast/v1/ListNodesResponse.js';
import type { ClusterStatus__Output } from '../generated/proto/shardcast/v1/ClusterStatus.js';

export interface DashboardFrame {
  status: ClusterStatus__Output | undefined;
  nodes: ListNodesResponse__Output | undefined;
  opsPerSecByNode: Map<string, number>;
  errorsPerSec: number;
  lastError: string | undefined;
  redirects: number;
  events: string[];
  elapsedS: number;
  hints: string[];
}

const bold = (s: string, tty: boolean) => (tty ? `\x1b[1m${s}\x1b[0m` : s);

export function renderFrame(f: DashboardFrame, tty: boolean, width = 160): string {
  const lines: string[] = [];
  const s = f.status;
  lines.push(bold(`shardcast demo — ${f.elapsedS.toFixed(0)} s`, tty) + '   (Ctrl-C stops everything)');
  lines.push(`leader: ${s?.leaderId ? `${s.leaderId} (${s.leaderAddress})` : '(electing…)'}   microshards: ${s?.microshardsTotal ?? '?'} (${s?.microshardsOrphaned ?? '?'} not serving)   orphan policy: ${s?.orphanPolicy ?? '?'}`);
  lines.push('');
  lines.push(bold('NODE        LIVE  MICROSHARDS  OPS/S     DATASTORE', tty));
  let total = 0;
  for (const n of f.nodes?.nodes ?? []) {
    const ops = f.opsPerSecByNode.get(n.node!.id) ?? 0;
    total += ops;
    const bar = '#'.repeat(Math.min(30, Math.round(n.microshards / 2)));
    lines.push(`${n.node!.id.padEnd(11)} ${(n.node!.live ? 'yes' : 'NO').padEnd(5)} ${String(n.microshards).padStart(11)}  ${String(Math.round(ops)).padStart(7)}   ${(n.node!.datastoreAddress || '-').padEnd(21)} ${bar}`);
  }
  lines.push(`${'total'.padEnd(11)} ${''.padEnd(5)} ${''.padStart(11)}  ${String(Math.round(total)).padStart(7)}   errors/s ${f.errorsPerSec}${f.redirects ? `, redirected ${f.redirects}` : ''}${f.lastError && f.errorsPerSec ? ` (last: ${f.lastError.slice(0, 80)})` : ''}`);
  lines.push('');
  lines.push(bold('LIFECYCLE EVENTS (latest)', tty));
  for (const e of f.events.slice(-10)) lines.push(`  ${e.length > width - 3 ? e.slice(0, width - 4) + '…' : e}`);
  if (f.hints.length) {
    lines.push('');
    for (const h of f.hints) lines.push(h);
  }
  return lines.join('\n');
}
