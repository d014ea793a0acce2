// shardcast dashboard (browser side, plain JavaScript: no bundler, no build step).
// One EventSource on /api/events: `snapshot` messages redraw the ring, nodes, migrations, policy
// and capacity; `lifecycle` messages append to the event stream (anomaly events also mark their
// nodes). Nothing polls. Elements carry data-* attributes (data-node, data-migration, data-phase,
// data-kind) that the browser test waits for.
'use strict';

const PALETTE = ['#58a6ff', '#3fb950', '#d29922', '#bc8cff', '#ff7b72', '#39c5cf', '#e3b341', '#f778ba', '#a5d6ff', '#7ee787'];
const MAX_EVENTS = 300;
const SVG = 'http://www.w3.org/2000/svg';
const state = { snapshot: null, events: [], seen: new Set(), anomalies: new Map(), colours: new Map() };

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...kids) => {
  const e = tag.startsWith('svg:') ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) e.setAttribute(k, String(v));
  for (const k of kids) e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  return e;
};
const fmt = (v, d = 1) => (v === null || v === undefined ? '–' : Number(v) >= 1000 ? `${(v / 1000).toFixed(1)}k` : Number(v).toFixed(d));
const colourOf = (node) => {
  if (!state.colours.has(node)) state.colours.set(node, PALETTE[state.colours.size % PALETTE.length]);
  return state.colours.get(node);
};
/** A 16-hex-digit keyspace position as a fraction of the ring (the end is "10000000000000000"). */
const frac = (hex) => (hex.length > 16 ? 1 : parseInt(hex.padStart(16, '0').slice(0, 12), 16) / 2 ** 48);
/** Load colour: green (idle) through yellow to red (the busiest microshard). */
const heat = (x) => `hsl(${Math.round(120 - 120 * Math.min(1, Math.max(0, x)))}, 70%, 45%)`;

function arc(cx, cy, r, a0, a1, width, attrs) {
  const t0 = a0 * 2 * Math.PI - Math.PI / 2;
  const t1 = Math.max(a0 + 0.0005, a1) * 2 * Math.PI - Math.PI / 2;
  const large = t1 - t0 > Math.PI ? 1 : 0;
  const p = (t) => `${(cx + r * Math.cos(t)).toFixed(2)} ${(cy + r * Math.sin(t)).toFixed(2)}`;
  return el('svg:path', { d: `M ${p(t0)} A ${r} ${r} 0 ${large} 1 ${p(t1)}`, fill: 'none', 'stroke-width': width, ...attrs });
}

function drawRing(s) {
  const svg = $('ring');
  svg.replaceChildren();
  const cx = 220, cy = 220;
  const max = Math.max(1, ...s.microshards.map((m) => m.opsPerS ?? 0));
  for (const m of s.microshards) {
    const a0 = frac(m.start), a1 = frac(m.end);
    const title = el('svg:title', {}, `microshard ${m.id} on ${m.owner || '(none)'} · ${fmt(m.opsPerS)} ops/s · epoch ${m.epoch} · ${m.state}`);
    const load = arc(cx, cy, 150, a0, a1 - 0.0008, 46, { stroke: m.opsPerS === null ? '#2a333d' : heat((m.opsPerS ?? 0) / max), 'data-microshard': m.id });
    load.append(title);
    svg.append(load, arc(cx, cy, 180, a0, a1 - 0.0008, 10, { stroke: m.owner ? colourOf(m.owner) : '#444', opacity: m.state === 'ACTIVE' ? 1 : 0.35 }));
  }
  const byId = new Map(s.microshards.map((m) => [m.id, m]));
  const live = s.migrations.filter((g) => g.phase !== 'DONE' && g.phase !== 'ABORTED');
  for (const g of live) {
    const m = byId.get(g.microshardId);
    if (!m) continue;
    const a0 = frac(m.start), a1 = frac(m.end), mid = ((a0 + a1) / 2) * 2 * Math.PI - Math.PI / 2;
    svg.append(arc(cx, cy, 200, a0, a1, 8, { stroke: colourOf(g.target), 'stroke-dasharray': '4 3', class: 'ring-migration', 'data-migration': g.id }));
    svg.append(el('svg:text', { x: cx + 212 * Math.cos(mid), y: cy + 212 * Math.sin(mid), fill: '#d7dde4', 'font-size': 11, 'text-anchor': Math.cos(mid) >= 0 ? 'start' : 'end' }, `#${g.id} ${g.phase}${g.progress !== null ? ` ${Math.round(g.progress * 100)}%` : ''}`));
  }
  const total = s.microshards.reduce((a, m) => a + (m.opsPerS ?? 0), 0);
  svg.append(el('svg:text', { x: cx, y: cy - 8, 'text-anchor': 'middle', fill: '#d7dde4', 'font-size': 22 }, fmt(total, 0)));
  svg.append(el('svg:text', { x: cx, y: cy + 14, 'text-anchor': 'middle', fill: '#7f8b97', 'font-size': 12 }, `ops/s · ${s.microshards.length} microshards`));
  svg.append(el('svg:text', { x: cx, y: cy + 32, 'text-anchor': 'middle', fill: '#7f8b97', 'font-size': 12 }, live.length ? `${live.length} migration${live.length > 1 ? 's' : ''} in flight` : 'no migration in flight'));
  $('ring-legend').replaceChildren(...s.nodes.map((n) => el('span', {}, el('i', { style: `background:${colourOf(n.id)}` }), n.id)), el('span', { class: 'muted' }, 'inner ring: load (green idle → red busiest)'));
}

function bandChart(n) {
  const w = 240, h = 70;
  const svg = el('svg:svg', { viewBox: `0 0 ${w} ${h}`, preserveAspectRatio: 'none' });
  const b = n.band;
  const top = Math.max(1, n.capacityOpsPerS || 0, n.opsPerS ?? 0, ...(b ? b.p90 : [])) * 1.1;
  const y = (v) => h - 4 - (v / top) * (h - 8);
  const x0 = 24;
  if (b && b.p50.length) {
    const x = (i) => x0 + (i / Math.max(1, b.p50.length - 1)) * (w - x0 - 4);
    const upper = b.p90.map((v, i) => `${x(i)},${y(v)}`);
    const lower = b.p10.map((v, i) => `${x(i)},${y(v)}`).reverse();
    svg.append(el('svg:polygon', { points: [...upper, ...lower].join(' '), fill: colourOf(n.id), opacity: 0.25, class: 'band' }));
    svg.append(el('svg:polyline', { points: b.p50.map((v, i) => `${x(i)},${y(v)}`).join(' '), fill: 'none', stroke: colourOf(n.id), 'stroke-width': 1.5 }));
  } else {
    svg.append(el('svg:text', { x: x0 + 8, y: h / 2, fill: '#7f8b97', 'font-size': 10 }, 'no forecast yet'));
  }
  if (n.capacityOpsPerS > 0) svg.append(el('svg:line', { x1: 0, x2: w, y1: y(n.capacityOpsPerS), y2: y(n.capacityOpsPerS), stroke: '#f85149', 'stroke-dasharray': '3 3' }));
  if (n.opsPerS !== null) svg.append(el('svg:circle', { cx: 12, cy: y(n.opsPerS), r: 4, fill: '#d7dde4' }, el('svg:title', {}, `now: ${fmt(n.opsPerS)} ops/s`)));
  const marks = state.anomalies.get(n.id) ?? [];
  for (const a of marks.slice(-5)) svg.append(el('svg:text', { x: 4, y: 10, fill: '#f85149', 'font-size': 10, class: 'anomaly-mark' }, '⚠', el('svg:title', {}, a.reason)));
  return svg;
}

function drawNodes(s) {
  $('nodes').replaceChildren(
    ...s.nodes.map((n) => {
      const cap = n.capacityOpsPerS || 0;
      const used = cap > 0 && n.opsPerS !== null ? n.opsPerS / cap : null;
      const marks = state.anomalies.get(n.id) ?? [];
      return el(
        'div',
        { class: `node${n.live ? '' : ' down'}`, 'data-node': n.id, 'data-live': n.live },
        el('div', { class: 'title' }, el('span', {}, el('i', { style: `display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px;background:${colourOf(n.id)}` }), n.id), el('span', { class: 'muted' }, n.live ? (n.draining ? 'draining' : `${n.microshards} microshards`) : 'DOWN')),
        el('div', { class: 'bar' }, el('div', { style: `width:${Math.round(Math.min(1, used ?? 0) * 100)}%;background:${heat(used ?? 0)}` })),
        el('div', { class: 'muted small' }, `${fmt(n.opsPerS)} ops/s of ${cap > 0 ? `${fmt(cap, 0)} capacity` : 'unknown capacity'}${n.cpu !== null ? ` · cpu ${Math.round(n.cpu * 100)}%` : ''}${n.band ? ` · p90 peak ${fmt(Math.max(...n.band.p90))}` : ''}`),
        bandChart(n),
        marks.length ? el('div', { class: 'anomaly small' }, `⚠ ${marks.length} anomal${marks.length > 1 ? 'ies' : 'y'}: ${marks[marks.length - 1].reason}`) : '',
      );
    }),
  );
}

function drawMigrations(s) {
  const rows = s.migrations.map((g) =>
    el(
      'tr',
      { 'data-migration': g.id, 'data-phase': g.phase },
      el('td', {}, `#${g.id}`),
      el('td', {}, g.microshardId),
      el('td', {}, `${g.source} → ${g.target}`),
      el('td', {}, el('span', { class: `phase ${g.phase}` }, g.phase), g.error ? el('span', { class: 'muted small', title: g.error }, ` ${g.error.slice(0, 40)}`) : ''),
      el('td', {}, el('span', { class: 'progress' }, el('div', { style: `width:${Math.round((g.progress ?? 0) * 100)}%` })), ` ${(g.bytes / 1e6).toFixed(1)} MB`),
      el('td', {}, g.pauseMs >= 0 ? `${Math.round(g.pauseMs)} ms` : '–'),
      el('td', {}, g.requestedBy),
    ),
  );
  $('migrations').tBodies[0].replaceChildren(...rows);
  $('no-migrations').style.display = rows.length ? 'none' : '';
}

function drawPolicy(s) {
  const p = s.planner;
  $('policy').replaceChildren(
    p
      ? el('dl', {}, el('dt', {}, 'policy in force'), el('dd', { id: 'policy-name' }, p.policy || '(not chosen yet)'), el('dt', {}, 'why'), el('dd', {}, p.policyReason || '–'), el('dt', {}, 'planner'), el('dd', {}, p.intervalMs > 0 ? `every ${p.intervalMs / 1000} s · last round ${p.lastRoundAtMs ? new Date(p.lastRoundAtMs).toLocaleTimeString() : 'not yet'}` : 'off'), p.skippedBecause ? el('dt', {}, 'skipping') : '', p.skippedBecause ? el('dd', {}, p.skippedBecause) : '')
      : el('div', { class: 'muted' }, s.leaderData ? '' : 'the leader\'s planner data is not reachable from this replica'),
  );
  const c = s.capacity;
  const d = c && c.lastDecision;
  $('capacity').replaceChildren(
    c
      ? el(
          'dl',
          {},
          el('dt', {}, 'nodes'), el('dd', { id: 'desired-nodes' }, `${c.liveNodes} live · ${c.desiredNodes} desired${c.provisioning ? ` · ${c.provisioning} provisioning` : ''}${c.retiring ? ` · ${c.retiring} retiring` : ''}`),
          el('dt', {}, 'provisioner'), el('dd', {}, c.provisioner || 'none'),
          el('dt', {}, 'last scale decision'), el('dd', {}, d ? `${d.action ?? d.kind ?? 'hold'}${d.money ? ` · gain ${fmt(d.money.gain, 2)} · cost ${fmt(d.money.cost, 2)}` : ''}${d.explanation ? ` — ${d.explanation}` : ''}` : 'none yet'),
        )
      : '',
  );
}

function facts(inputs) {
  const out = [];
  const pick = (label, v) => v !== undefined && v !== null && out.push(el('span', {}, `${label} `, el('b', {}, typeof v === 'number' ? fmt(v, 3) : typeof v === 'object' ? JSON.stringify(v).slice(0, 80) : String(v))));
  pick('policy', inputs.policy);
  pick('gain', inputs.gain ?? inputs.money?.gain ?? inputs.savings);
  pick('cost', inputs.cost ?? inputs.money?.cost);
  pick('candidate', inputs.candidate);
  pick('why not', inputs.whyNot ?? inputs.why_not ?? inputs.rejected);
  pick('execution', inputs.execution);
  return out;
}

function eventItem(e) {
  let inputs = {};
  try {
    inputs = JSON.parse(e.inputsJson || '{}');
  } catch {}
  const who = [e.microshardIds.length ? `microshards ${e.microshardIds.slice(0, 6).join(',')}` : '', e.nodeIds.length ? `nodes ${e.nodeIds.join(',')}` : ''].filter(Boolean).join(' ');
  const f = facts(inputs);
  return el(
    'li',
    { 'data-kind': e.kind, 'data-seq': e.seq, class: `${e.kind === 'planner_no_action' ? 'no-action' : ''} ${/anomal/.test(e.kind) ? 'anomaly-event' : ''}` },
    el('span', { class: 'muted' }, `#${e.seq} ${new Date(Number(e.atMs)).toLocaleTimeString()} `),
    el('span', { class: 'kind' }, e.kind),
    who ? el('span', { class: 'muted' }, `[${who}] `) : '',
    e.reason,
    el('span', { class: 'muted' }, ` (${e.actor})`),
    el('details', {}, el('summary', {}, 'explanation'), el('div', { class: 'facts' }, ...f), el('pre', {}, JSON.stringify(inputs, null, 2))),
  );
}

function addEvent(e) {
  if (state.seen.has(e.seq)) return;
  state.seen.add(e.seq);
  if (/anomal/.test(e.kind)) for (const n of e.nodeIds) state.anomalies.set(n, [...(state.anomalies.get(n) ?? []), e].slice(-20));
  const list = $('events');
  const item = eventItem(e);
  if (e.kind === 'planner_no_action' && !$('show-no-action').checked) item.style.display = 'none';
  list.prepend(item);
  while (list.children.length > MAX_EVENTS) list.lastElementChild.remove();
}

function render(s) {
  state.snapshot = s;
  $('cluster').textContent = s.cluster;
  $('leader').textContent = `leader ${s.leader ? `${s.leader.id} (${s.leader.address})` : '(none elected)'} · answered by ${s.answeredBy}${s.leaderData ? '' : ' · without the leader\'s load data'}`;
  drawRing(s);
  drawNodes(s);
  drawMigrations(s);
  drawPolicy(s);
}

function connect() {
  const es = new EventSource('/api/events');
  es.onopen = () => {
    $('conn').textContent = 'live';
    $('conn').className = 'conn up';
  };
  es.onerror = () => {
    $('conn').textContent = 'reconnecting…';
    $('conn').className = 'conn down';
  };
  es.addEventListener('snapshot', (m) => render(JSON.parse(m.data)));
  es.addEventListener('lifecycle', (m) => addEvent(JSON.parse(m.data)));
  es.addEventListener('problem', (m) => console.warn(JSON.parse(m.data).message));
}

$('show-no-action').addEventListener('change', (ev) => {
  for (const li of document.querySelectorAll('#events li.no-action')) li.style.display = ev.target.checked ? '' : 'none';
});
connect();
