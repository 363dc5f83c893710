// The clusterize dashboard: one EventSource (GET events), a snapshot first, then a
// tick of numbers per step and each lifecycle event as it happens. Plain DOM and
// uPlot, no build step. Data attributes (data-drawn, data-event...) say what is on
// screen, for people poking at it and for the browser test.
(() => {
  'use strict';

  const token = new URLSearchParams(location.search).get('token');
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`;
  // Red is kept for trouble: slots get the other colours first.
  const palette = ['#2563eb', '#d97706', '#16a34a', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#4b5563', '#ea580c', '#0d9488', '#9333ea', '#dc2626'];
  const colorOf = (slot) => palette[slot % palette.length];
  const maxTimeline = 500;

  const metrics = [
    { key: 'cpuPercent', el: 'chart-cpu', scale: 1, floor: 10 },
    { key: 'rssBytes', el: 'chart-rss', scale: 1 / 2 ** 20, floor: 1 },
    { key: 'eventLoopDelayP99Ms', el: 'chart-p99', scale: 1, floor: 1 },
  ];

  let state = null;
  const charts = new Map();
  let chartSlots = '';

  // ---- data -----------------------------------------------------------------------

  function fromSnapshot(s) {
    const slots = new Map();
    for (const c of s.series.slots) slots.set(c.slot, { pid: c.pid, cpuPercent: c.cpuPercent, rssBytes: c.rssBytes, eventLoopDelayP99Ms: c.eventLoopDelayP99Ms });
    return { windowMs: s.windowMs, t: s.series.t, slots, timeline: s.timeline.slice(-maxTimeline), status: s.status, reasons: s.reasons };
  }

  function addTick(k) {
    const n = state.t.length;
    state.t.push(k.t);
    const seen = new Set();
    for (const p of k.points) {
      let col = state.slots.get(p.slot);
      if (!col) {
        const gap = () => new Array(n).fill(null);
        col = { pid: gap(), cpuPercent: gap(), rssBytes: gap(), eventLoopDelayP99Ms: gap() };
        state.slots.set(p.slot, col);
      }
      for (const key of ['pid', 'cpuPercent', 'rssBytes', 'eventLoopDelayP99Ms']) col[key].push(p[key]);
      seen.add(p.slot);
    }
    for (const [slot, col] of state.slots) if (!seen.has(slot)) for (const key in col) col[key].push(null);
    // Keep the window: what the server keeps too.
    let drop = 0;
    while (drop < state.t.length && state.t[drop] < k.t - state.windowMs) drop++;
    if (drop) {
      state.t.splice(0, drop);
      for (const col of state.slots.values()) for (const key in col) col[key].splice(0, drop);
    }
    for (const [slot, col] of state.slots) if (col.pid.every((p) => p === null)) state.slots.delete(slot);
    state.status = k.status;
    state.reasons = k.reasons;
  }

  // ---- charts -----------------------------------------------------------------------

  function markersOf(col) {
    // Where a slot's worker changed: a new pid after another one (a gap between is a restart's backoff).
    const at = [];
    let last = null;
    col.pid.forEach((pid, i) => {
      if (pid === null) return;
      if (last !== null && pid !== last) at.push(i);
      last = pid;
    });
    return at;
  }

  function drawMarkers(u, slots) {
    const ctx = u.ctx;
    const { top, height } = u.bbox;
    let count = 0;
    ctx.save();
    ctx.setLineDash([4, 4]);
    ctx.lineWidth = Math.max(1, devicePixelRatio);
    for (const slot of slots) {
      ctx.strokeStyle = colorOf(slot);
      for (const i of markersOf(state.slots.get(slot))) {
        const x = Math.round(u.valToPos(state.t[i] / 1000, 'x', true));
        ctx.beginPath();
        ctx.moveTo(x, top);
        ctx.lineTo(x, top + height);
        ctx.stroke();
        count++;
      }
    }
    ctx.restore();
    return count;
  }

  function dataFor(m, slots) {
    return [state.t.map((t) => t / 1000), ...slots.map((s) => state.slots.get(s)[m.key].map((v) => (v === null ? null : v * m.scale)))];
  }

  function buildCharts() {
    const slots = [...state.slots.keys()].sort((a, b) => a - b);
    chartSlots = slots.join(',');
    for (const m of metrics) {
      charts.get(m.key)?.destroy();
      const fig = document.getElementById(m.el);
      const opts = {
        width: chartWidth(fig),
        height: 170,
        legend: { show: true, live: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(max ?? 0, m.floor) * 1.1] } },
        axes: [{ stroke: '#667' }, { stroke: '#667', size: 48 }],
        series: [{}, ...slots.map((s) => ({ label: `slot ${s}`, stroke: colorOf(s), width: 1.5, points: { show: false } }))],
        hooks: {
          draw: [
            (u) => {
              // What is actually on the canvas: series with at least one point, and the replacement markers.
              fig.dataset.drawn = String(u.data.slice(1).filter((ys) => ys.some((v) => v !== null)).length);
              fig.dataset.points = String(u.data[0].length);
              fig.dataset.markers = String(drawMarkers(u, slots));
            },
          ],
        },
      };
      charts.set(m.key, new uPlot(opts, dataFor(m, slots), fig));
    }
  }

  function renderCharts() {
    const slots = [...state.slots.keys()].sort((a, b) => a - b);
    if (slots.join(',') !== chartSlots || charts.size === 0) return buildCharts();
    for (const m of metrics) charts.get(m.key).setData(dataFor(m, slots));
  }

  const chartWidth = (fig) => Math.max(240, fig.clientWidth - 2);
  let resizeTimer = null;
  addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      for (const m of metrics) charts.get(m.key)?.setSize({ width: chartWidth(document.getElementById(m.el)), height: 170 });
    }, 100);
  });

  // ---- table and summary ------------------------------------------------------------

  const el = (tag, text, cls) => {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  };
  const mb = (b) => (b === null || b === undefined ? '-' : `${(b / 2 ** 20).toFixed(1)} MB`);
  const dur = (ms) => {
    const s = Math.floor(ms / 1000);
    if (s < 60) return `${s}s`;
    if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
    return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  };
  const num = (v, unit, digits = 1) => (v === null || v === undefined ? '-' : `${v.toFixed(digits)}${unit}`);
  const clock = (t) => new Date(t).toLocaleTimeString([], { hour12: false });

  function renderTable() {
    const s = state.status;
    const ready = s.workers.filter((w) => w.state === 'ready').length;
    document.getElementById('summary').textContent =
      `${s.state} · ${ready}/${s.instances} ready · up ${dur(s.uptimeMs)} · pid ${s.pid}` + (s.listening.length ? ` · ${s.listening.join(', ')}` : '');
    document.body.dataset.state = s.state;
    const table = document.getElementById('workers');
    const conns = s.workers.some((w) => typeof w.connections === 'number');
    table.classList.toggle('with-conn', conns);
    const body = table.tBodies[0];
    body.replaceChildren(
      ...s.workers.map((w) => {
        const tr = el('tr');
        tr.dataset.slot = String(w.slot);
        tr.dataset.state = w.state;
        if (w.pid !== null) tr.dataset.pid = String(w.pid);
        const reason = state.reasons[w.slot];
        const sw = el('td', String(w.slot), 'slot');
        sw.style.borderLeftColor = colorOf(w.slot);
        tr.append(
          sw,
          el('td', w.pid === null ? '-' : String(w.pid)),
          el('td', w.state, `st st-${w.state}`),
          el('td', w.pid === null ? '-' : dur(w.uptimeMs)),
          el('td', String(w.restarts)),
          el('td', reason ? `${reason.reason} (${clock(reason.t)})` : '-', 'reason'),
          el('td', num(w.cpuPercent, '%')),
          el('td', mb(w.rssBytes)),
          el('td', num(w.eventLoopDelayP99Ms, ' ms')),
          el('td', typeof w.connections === 'number' ? String(w.connections) : '-', 'conn'),
        );
        return tr;
      }),
    );
  }

  // ---- timeline ---------------------------------------------------------------------

  const who = (r) => `slot ${r.slot}` + (r.pid ? ` pid ${r.pid}` : '');
  const describe = {
    'worker.fork': (r) => [`${who(r)} forked`, 'dim'],
    'worker.ready': (r) => [`${who(r)} ready in ${r.bootMs} ms`, 'ok'],
    'worker.exit': (r) => [
      `${who(r)} exited (${r.signal ?? `code ${r.code}`})` + (r.expected ? '' : ' unexpectedly') + (r.lastError ? `: ${r.lastError}` : ''),
      r.expected ? 'dim' : 'bad',
    ],
    'worker.restart': (r) => [
      `slot ${r.slot} restarting in ${r.delayMs} ms (restart ${r.restarts}` + (r.crashes > 0 ? `, crash ${r.crashes} in a row)` : ')'),
      'warn',
    ],
    'worker.giveup': (r) => [`slot ${r.slot} gave up after ${r.crashes} crashes` + (r.lastError ? `: ${r.lastError}` : ''), 'bad'],
    scale: (r) => [`scaled from ${r.from} to ${r.to} workers`, 'info'],
    'reload.start': (r) => [`reload of ${r.slots} slot${r.slots === 1 ? '' : 's'} started (${r.trigger})`, 'info'],
    'reload.slot': (r) => [`slot ${r.slot} reloaded: pid ${r.oldPid ?? '-'} → ${r.pid} in ${r.durationMs} ms`, 'info'],
    'reload.done': (r) => [`reload done: ${r.slots} slot${r.slots === 1 ? '' : 's'} in ${r.durationMs} ms`, 'ok'],
    'reload.abort': (r) => [`reload aborted at slot ${r.slot}: ${r.reason}`, 'bad'],
    'memory.limit': (r) => [`${who(r)} over --max-memory-restart: replaced`, 'warn'],
    'heartbeat.miss': (r) => [`${who(r)} silent for ${r.silentMs} ms: killed`, 'bad'],
    'stop.start': (r) => [`stopping (${r.reason})`, 'warn'],
    'stop.done': (r) => [`stopped (exit code ${r.code})`, 'dim'],
  };

  function timelineItem(r) {
    const [text, cls] = (describe[r.event] ?? ((x) => [x.event, 'dim']))(r);
    const li = el('li', undefined, cls);
    li.dataset.event = r.event;
    li.dataset.seq = String(r.seq);
    if (r.slot !== undefined) li.dataset.slot = String(r.slot);
    if (r.pid !== undefined) li.dataset.pid = String(r.pid);
    li.append(el('time', clock(r.t)), el('code', r.event), el('span', text));
    return li;
  }

  function renderTimeline() {
    document.getElementById('timeline').replaceChildren(...state.timeline.slice().reverse().map(timelineItem));
  }

  function addRecord(r) {
    const last = state.timeline[state.timeline.length - 1];
    if (last && r.seq <= last.seq) return;
    state.timeline.push(r);
    const list = document.getElementById('timeline');
    list.prepend(timelineItem(r));
    if (state.timeline.length > maxTimeline) {
      state.timeline.shift();
      list.lastElementChild?.remove();
    }
  }

  // ---- stream -----------------------------------------------------------------------

  function connect() {
    const es = new EventSource(`events${query}`);
    es.addEventListener('snapshot', (e) => {
      state = fromSnapshot(JSON.parse(e.data));
      document.body.dataset.connected = '1';
      buildCharts();
      renderTable();
      renderTimeline();
    });
    es.addEventListener('tick', (e) => {
      if (!state) return;
      addTick(JSON.parse(e.data));
      renderCharts();
      renderTable();
    });
    es.addEventListener('timeline', (e) => {
      if (state) addRecord(JSON.parse(e.data));
    });
    // EventSource reconnects by itself; the next snapshot starts the page over.
    es.addEventListener('error', () => {
      document.body.dataset.connected = '0';
      document.getElementById('summary').textContent = 'disconnected: reconnecting…';
    });
  }

  window.__clusterizeDashboard = { get state() { return state; } };
  connect();
})();
