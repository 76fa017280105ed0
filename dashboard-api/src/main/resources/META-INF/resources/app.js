// Runwarden dashboard: the run table over /api/runs/stream, one run's charts over /api/runs/{id}/stream.
(function () {
  'use strict';

  const state = {
    runs: new Map(),          // runId -> summary
    selected: null,           // runId shown in the detail panel
    compare: new Set(),       // runIds ticked for comparison
    detail: null,             // the selected run's detail
    series: null,             // { loss: Map(step->v), valLoss: Map, lr: Map, gradNorm: Map }
    markers: [],
    runStream: null,
    charts: {},
    chartPoints: 0,
    lastStep: 0,
  };
  window.__runwarden = state; // for the browser test and for curious people

  const $ = (id) => document.getElementById(id);
  const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; };

  // ---------- formatting ----------
  function isNonFinite(v) { return v === 'NaN' || v === 'Infinity' || v === '-Infinity'; }
  function num(v) { return isNonFinite(v) ? (v === 'NaN' ? NaN : (v === 'Infinity' ? Infinity : -Infinity)) : v; }
  function fmt(v, digits) {
    if (v == null) return '—';
    if (isNonFinite(v)) return v === 'NaN' ? 'NaN' : (v === 'Infinity' ? '∞' : '−∞');
    if (typeof v !== 'number') return String(v);
    const a = Math.abs(v);
    if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2);
    return v.toFixed(digits == null ? 4 : digits);
  }
  function fmtCell(v, digits) {
    const s = fmt(v, digits);
    return isNonFinite(v) ? '<span class="nonfinite">' + s + '</span>' : s;
  }
  function duration(sec) {
    if (sec == null) return '';
    sec = Math.round(sec);
    if (sec < 60) return sec + 's';
    if (sec < 3600) return Math.floor(sec / 60) + 'm ' + (sec % 60) + 's';
    return Math.floor(sec / 3600) + 'h ' + Math.floor((sec % 3600) / 60) + 'm';
  }
  function esc(s) { return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c])); }

  // ---------- the run table ----------
  let tableDirty = false;
  function scheduleTable() { if (!tableDirty) { tableDirty = true; requestAnimationFrame(renderTable); } }

  function renderTable() {
    tableDirty = false;
    const body = $('runs-body');
    const filter = $('filter').value.trim().toLowerCase();
    const runs = [...state.runs.values()]
      .filter((r) => !filter || [r.runId, r.sweepId, r.status, r.health].some((x) => x && String(x).toLowerCase().includes(filter)))
      .sort((a, b) => (a.status === 'running') === (b.status === 'running') ? (b.updatedAt || 0) - (a.updatedAt || 0) : (a.status === 'running' ? -1 : 1));
    $('empty').hidden = state.runs.size > 0;
    const rows = [];
    for (const r of runs) {
      const h = r.hyperparameters || {};
      const pct = r.progress == null ? 0 : Math.round(r.progress * 100);
      const barCls = r.status === 'completed' ? 'done' : (['failed', 'stopped', 'lost'].includes(r.status) ? 'bad' : '');
      const batch = h.batchSize != null ? h.batchSize + ' × ' + (h.gradAccumulation != null ? h.gradAccumulation : 1) : '—';
      const best = r.bestValLoss == null ? '—' : fmt(r.bestValLoss) + ' <small style="color:var(--muted)">@' + r.bestValStep + '</small>';
      rows.push('<tr data-run-id="' + esc(r.runId) + '" class="' + (r.runId === state.selected ? 'selected' : '') + '">'
        + '<td><input type="checkbox" class="cmp" ' + (state.compare.has(r.runId) ? 'checked' : '') + '></td>'
        + '<td><span class="run-id">' + esc(r.runId) + '</span>' + (r.sweepId ? '<span class="sweep">' + esc(r.sweepId) + '</span>' : '') + '</td>'
        + '<td><span class="pill ' + esc(r.status) + '">' + esc(r.status) + '</span></td>'
        + '<td><span class="pill ' + esc(r.health || 'none') + '">' + esc(r.health || '—') + '</span></td>'
        + '<td><div class="progress"><div class="bar ' + barCls + '"><span style="width:' + pct + '%"></span></div><small>'
        + r.step + (r.totalSteps ? ' / ' + r.totalSteps : '') + (r.etaSeconds != null && r.status === 'running' ? ' · ' + duration(r.etaSeconds) : '') + '</small></div></td>'
        + '<td class="num">' + fmtCell(r.loss) + '</td>'
        + '<td class="num">' + fmtCell(r.lastValLoss) + '</td>'
        + '<td class="num">' + best + '</td>'
        + '<td class="num">' + fmtCell(h.learningRate != null ? h.learningRate : r.lr) + '</td>'
        + '<td>' + esc(h.schedule || '—') + '</td>'
        + '<td class="num">' + batch + '</td>'
        + '<td class="num">' + (h.epochs != null ? h.epochs : (r.epoch != null ? fmt(r.epoch, 2) : '—')) + '</td>'
        + '<td class="num">' + (r.samplesPerSec != null ? fmt(r.samplesPerSec, 0) : '—') + '</td>'
        + '</tr>');
    }
    body.innerHTML = rows.join('');
    const counts = { running: 0, completed: 0, stopped: 0, failed: 0, lost: 0 };
    for (const r of state.runs.values()) counts[r.status] = (counts[r.status] || 0) + 1;
    $('counts').innerHTML = Object.entries(counts).map(([k, v]) => '<span class="chip"><b>' + v + '</b> ' + k + '</span>').join('');
    $('compare-btn').disabled = state.compare.size < 2;
  }

  $('runs-body').addEventListener('click', (e) => {
    if (e.target.classList.contains('sweep')) { location.hash = '#sweep/' + encodeURIComponent(e.target.textContent); return; }
    const tr = e.target.closest('tr'); if (!tr) return;
    const id = tr.dataset.runId;
    if (e.target.classList.contains('cmp')) {
      if (e.target.checked) state.compare.add(id); else state.compare.delete(id);
      $('compare-btn').disabled = state.compare.size < 2;
      return;
    }
    selectRun(id);
  });
  $('filter').addEventListener('input', scheduleTable);

  function connectAll() {
    const es = new EventSource('/api/runs/stream');
    es.onopen = () => { $('conn-dot').className = 'dot on'; $('conn-text').textContent = 'live'; };
    es.onerror = () => { $('conn-dot').className = 'dot off'; $('conn-text').textContent = 'reconnecting…'; };
    es.onmessage = (m) => {
      const ev = JSON.parse(m.data);
      if (ev.type === 'snapshot') {
        state.runs.clear();
        for (const r of ev.data.runs) state.runs.set(r.runId, r);
        if (!state.selected) {
          const first = [...state.runs.values()].sort((a, b) => (b.updatedAt || 0) - (a.updatedAt || 0))[0];
          const wanted = new URLSearchParams(location.search).get('run');
          if (wanted && state.runs.has(wanted)) selectRun(wanted); else if (first) selectRun(first.runId);
        }
      } else if (ev.type === 'runs') {
        for (const r of ev.data.runs) state.runs.set(r.runId, r);
        for (const id of ev.data.evicted) state.runs.delete(id);
        if (!state.selected && state.runs.size) selectRun(state.runs.keys().next().value);
        if (state.selected && state.runs.has(state.selected)) renderCards(state.runs.get(state.selected));
      }
      scheduleTable();
      onSweepRuns(ev);
    };
  }

  // ---------- one run ----------
  function selectRun(id) {
    if (state.runStream) state.runStream.close();
    state.selected = id;
    state.series = null;
    $('detail').hidden = false;
    $('detail-title').textContent = id;
    scheduleTable();
    const es = new EventSource('/api/runs/' + encodeURIComponent(id) + '/stream');
    state.runStream = es;
    es.onmessage = (m) => onRunEvent(JSON.parse(m.data));
  }

  function toMap(view) {
    const map = new Map();
    if (!view) return map;
    view.steps.forEach((s, i) => map.set(s, view.values[i]));
    for (const p of view.nonFinite) map.set(p.step, p.value);
    return map;
  }

  function onRunEvent(ev) {
    if (ev.runId !== state.selected) return;
    if (ev.type === 'snapshot') {
      const s = ev.data.series;
      state.detail = ev.data.run;
      state.series = { loss: toMap(s.loss), valLoss: toMap(s.valLoss), lr: toMap(s.lr), gradNorm: toMap(s.gradNorm) };
      state.markers = state.detail.markers.slice();
      renderCards(state.detail.summary);
      renderLists();
    } else if (!state.series) {
      return;
    } else if (ev.type === 'train') {
      // A step at or before the last one means the run rolled back: the abandoned trajectory is replaced.
      for (const key of ['loss', 'lr', 'gradNorm']) {
        const m = state.series[key];
        for (const s of m.keys()) if (s >= ev.step) m.delete(s);
        m.set(ev.step, ev.data[key]);
      }
    } else if (ev.type === 'eval') {
      state.series.valLoss.set(ev.step, ev.data.valLoss);
    } else if (ev.type === 'marker') {
      state.markers.push(ev.data);
    } else if (ev.type === 'alert') {
      state.detail.alerts.push(ev.data); renderLists();
    } else if (ev.type === 'command') {
      const i = state.detail.commands.findIndex((c) => c.commandId === ev.data.commandId);
      if (i >= 0) state.detail.commands[i] = ev.data; else state.detail.commands.push(ev.data);
      renderLists();
    }
    scheduleCharts();
  }

  function renderCards(s) {
    if (!s) return;
    const cards = [
      ['status', '<span class="pill ' + esc(s.status) + '">' + esc(s.status) + '</span>'],
      ['health', '<span class="pill ' + esc(s.health || 'none') + '">' + esc(s.health || '—') + '</span>'],
      ['step', s.step + (s.totalSteps ? ' / ' + s.totalSteps : '')],
      ['epoch', fmt(s.epoch, 2)],
      ['loss', fmtCell(s.loss)],
      ['best val loss', s.bestValLoss == null ? '—' : fmt(s.bestValLoss) + ' @' + s.bestValStep],
      ['grad norm', fmtCell(s.gradNorm, 3)],
      ['tokens/s', s.tokensPerSec != null ? fmt(s.tokensPerSec, 0) : '—'],
      ['ETA', s.status === 'running' && s.etaSeconds != null ? duration(s.etaSeconds) : '—'],
    ];
    $('cards').innerHTML = cards.map(([k, v]) => '<div class="card"><div class="k">' + k + '</div><div class="v">' + v + '</div></div>').join('');
    if (s.healthReasons && s.healthReasons.length) $('detail-title').textContent = s.runId + ' — ' + s.healthReasons.join('; ');
    else $('detail-title').textContent = s.runId;
  }

  function renderLists() {
    const d = state.detail;
    $('alerts').innerHTML = d.alerts.slice().reverse().map((a) => '<li><span class="when">step ' + a.atStep + '</span><b class="sev-' + esc(a.severity) + '">' + esc(a.rule) + '</b> ' + esc(a.message || '') + '</li>').join('') || '<li class="when">none</li>';
    $('commands').innerHTML = d.commands.slice().reverse().map((c) => '<li><span class="when">step ' + c.atStep + '</span><b>' + esc(c.type) + '</b> by ' + esc(c.origin || '?') + ' (' + esc(c.rule) + ') — <i>' + esc(c.outcome) + '</i>' + (c.reason ? ': ' + esc(c.reason) : '') + '</li>').join('') || '<li class="when">none</li>';
  }

  // ---------- charts ----------
  let chartsDirty = false;
  function scheduleCharts() { if (!chartsDirty) { chartsDirty = true; requestAnimationFrame(renderCharts); } }

  const MARKER_COLORS = { alert: '#f0883e', rollback: '#bc8cff', stop: '#f85149', finished: '#3fb950', command: '#58a6ff' };

  function markerPlugin(nonFiniteOf) {
    return {
      hooks: {
        draw: [(u) => {
          const ctx = u.ctx; const top = u.bbox.top; const h = u.bbox.height;
          ctx.save();
          for (const m of state.markers) {
            const x = u.valToPos(m.step, 'x', true);
            if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
            ctx.strokeStyle = MARKER_COLORS[m.kind] || '#8b98a9';
            ctx.globalAlpha = 0.75; ctx.lineWidth = 1.5 * devicePixelRatio;
            ctx.setLineDash(m.kind === 'alert' ? [4, 4] : []);
            ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, top + h); ctx.stroke();
          }
          ctx.setLineDash([]); ctx.globalAlpha = 1;
          for (const p of nonFiniteOf()) {
            const x = u.valToPos(p.step, 'x', true);
            const r = 5 * devicePixelRatio;
            ctx.fillStyle = '#f85149';
            ctx.beginPath(); ctx.moveTo(x, top + 2); ctx.lineTo(x - r, top + 2 + 1.6 * r); ctx.lineTo(x + r, top + 2 + 1.6 * r); ctx.closePath(); ctx.fill();
            ctx.font = (10 * devicePixelRatio) + 'px sans-serif';
            ctx.fillText(p.value === 'NaN' ? 'NaN' : (p.value === 'Infinity' ? '∞' : '−∞'), x + r + 2, top + 2 + 1.6 * r);
          }
          ctx.restore();
        }],
      },
    };
  }

  function nonFinitePoints(...maps) {
    const out = [];
    for (const m of maps) for (const [s, v] of m) if (isNonFinite(v)) out.push({ step: s, value: v });
    return out;
  }

  function ema(values, alpha) {
    let last = null; const out = new Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v == null || !isFinite(v)) { out[i] = null; continue; }
      last = last == null ? v : last * alpha + v * (1 - alpha);
      out[i] = last;
    }
    return out;
  }

  function finiteOrNull(v) { return v == null || isNonFinite(v) ? null : v; }

  function axisNumber(v) {
    if (v == null) return '';
    const a = Math.abs(v);
    if (a === 0) return '0';
    if (a < 1e-2 || a >= 1e5) return v.toExponential(1);
    return String(+v.toPrecision(4));
  }

  function axisOpts() {
    const grid = { stroke: '#222c3a', width: 1 };
    return [{ stroke: '#8b98a9', grid, ticks: grid, label: 'step', labelSize: 18 },
            { stroke: '#8b98a9', grid, ticks: grid, size: 62, values: (u, vals) => vals.map(axisNumber) }];
  }

  function width(id) { return Math.max(300, $(id).clientWidth || 600); }

  function makeChart(id, series, data, opts) {
    const old = state.charts[id];
    if (old && old.__key === opts.key) { old.setData(data); return old; }
    if (old) old.destroy();
    $(id).innerHTML = '';
    const u = new uPlot({
      width: width(id), height: opts.height || 200,
      scales: { x: { time: false }, y: opts.log ? { distr: 3 } : {} },
      axes: axisOpts(), series: [{ label: 'step' }, ...series],
      legend: { show: true }, cursor: { drag: { x: true, y: false } },
      plugins: opts.plugins || [],
    }, data, $(id));
    u.__key = opts.key;
    state.charts[id] = u;
    return u;
  }

  function renderCharts() {
    chartsDirty = false;
    if (!state.series) return;
    const s = state.series;
    const steps = [...new Set([...s.loss.keys(), ...s.valLoss.keys()])].sort((a, b) => a - b);
    const train = steps.map((x) => (s.loss.has(x) ? finiteOrNull(s.loss.get(x)) : null));
    const val = steps.map((x) => (s.valLoss.has(x) ? finiteOrNull(s.valLoss.get(x)) : null));
    const alpha = parseFloat($('smoothing').value);
    const log = $('logscale').checked;
    const logSafe = (arr) => (log ? arr.map((v) => (v != null && v > 0 ? v : null)) : arr);
    makeChart('chart-loss', [
      { label: 'train', stroke: 'rgba(88,166,255,.35)', width: 1 },
      { label: 'smoothed', stroke: '#58a6ff', width: 2 },
      { label: 'validation', stroke: '#f0883e', width: 2, spanGaps: true, points: { show: true, size: 6, fill: '#f0883e' } },
    ], [steps, logSafe(train), logSafe(ema(train, alpha)), logSafe(val)],
    { key: 'loss-' + log, log, height: 260, plugins: [markerPlugin(() => nonFinitePoints(s.loss, s.valLoss))] });

    const lrSteps = [...s.lr.keys()].sort((a, b) => a - b);
    makeChart('chart-lr', [{ label: 'lr', stroke: '#3fb950', width: 2 }],
      [lrSteps, lrSteps.map((x) => finiteOrNull(s.lr.get(x)))],
      { key: 'lr', height: 180, plugins: [markerPlugin(() => nonFinitePoints(s.lr))] });
    const gSteps = [...s.gradNorm.keys()].sort((a, b) => a - b);
    makeChart('chart-grad', [{ label: 'grad norm', stroke: '#bc8cff', width: 1.5 }],
      [gSteps, logSafe(gSteps.map((x) => finiteOrNull(s.gradNorm.get(x))))],
      { key: 'grad-' + log, log, height: 180, plugins: [markerPlugin(() => nonFinitePoints(s.gradNorm))] });

    state.chartPoints = steps.length;
    state.lastStep = steps.length ? steps[steps.length - 1] : 0;
    $('chart-loss').dataset.points = String(state.chartPoints);
    $('chart-loss').dataset.lastStep = String(state.lastStep);
  }

  $('logscale').addEventListener('change', scheduleCharts);
  $('smoothing').addEventListener('input', () => { $('smoothing-val').textContent = parseFloat($('smoothing').value).toFixed(2); scheduleCharts(); });
  window.addEventListener('resize', () => { for (const id in state.charts) state.charts[id].setSize({ width: width(id), height: state.charts[id].height }); });

  // ---------- compare ----------
  const PALETTE = ['#58a6ff', '#f0883e', '#3fb950', '#bc8cff', '#f85149', '#d29922', '#39c5cf', '#ff7eb6'];
  $('compare-btn').addEventListener('click', async () => {
    const ids = [...state.compare];
    const all = await Promise.all(ids.map((id) => fetch('/api/runs/' + encodeURIComponent(id) + '/series?metrics=loss&maxPoints=800').then((r) => r.json())));
    const maps = all.map((s) => toMap(s.loss));
    const steps = [...new Set(maps.flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
    $('compare-panel').hidden = false;
    const old = state.charts['chart-compare']; if (old) { old.destroy(); delete state.charts['chart-compare']; }
    makeChart('chart-compare', ids.map((id, i) => ({ label: id, stroke: PALETTE[i % PALETTE.length], width: 1.5, spanGaps: true })),
      [steps, ...maps.map((m) => ema(steps.map((x) => (m.has(x) ? finiteOrNull(m.get(x)) : null)), 0.6))],
      { key: 'compare-' + ids.join(','), height: 280, plugins: [{ hooks: {} }] });
  });
  $('compare-close').addEventListener('click', () => { $('compare-panel').hidden = true; });

  // ---------- actions (need an operator token) ----------
  async function act(path, body) {
    let token = localStorage.getItem('runwarden.token');
    if (!token) { token = prompt('Operator bearer token'); if (!token) return; localStorage.setItem('runwarden.token', token); }
    const r = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token }, body: JSON.stringify(body) });
    if (r.status === 401) localStorage.removeItem('runwarden.token');
    const doc = await r.json().catch(() => ({}));
    if (!r.ok) alert((doc.title || r.status) + ': ' + (doc.detail || ''));
  }
  $('stop-btn').addEventListener('click', () => {
    if (state.selected && confirm('Stop ' + state.selected + '?')) act('/api/runs/' + encodeURIComponent(state.selected) + '/stop', { reason: 'stopped from the dashboard' });
  });
  $('rollback-btn').addEventListener('click', () => {
    if (!state.selected) return;
    const cp = prompt('Checkpoint to roll back to (empty: the latest)', state.detail && state.detail.lastCheckpointId || '');
    if (cp === null) return;
    const body = { lrFactor: 0.5, reason: 'rolled back from the dashboard' };
    if (cp) body.checkpointId = cp;
    act('/api/runs/' + encodeURIComponent(state.selected) + '/rollback', body);
  });


  // ---------- sweeps ----------
  // The list and the open sweep are fetched from /api/sweeps; the all-runs stream says when a member changed.
  const sweep = { id: null, data: null, series: null, fetching: false, again: false, listTimer: null, timer: null };
  state.sweep = sweep;
  const GREY = '#5b6472';

  function sweepFromHash() {
    const m = location.hash.match(/^#sweep\/(.+)$/);
    return m ? decodeURIComponent(m[1]) : null;
  }

  function onSweepRuns(ev) {
    const runs = (ev.data && ev.data.runs) || [];
    const hasSweeps = [...state.runs.values()].some((r) => r.sweepId);
    $('sweeps-panel').hidden = !hasSweeps;
    if (hasSweeps && (ev.type === 'snapshot' || runs.some((r) => r.sweepId))) scheduleSweepList();
    if (sweep.id && (ev.type === 'snapshot' || runs.some((r) => r.sweepId === sweep.id))) scheduleSweep();
  }

  function scheduleSweepList() {
    if (sweep.listTimer) return;
    sweep.listTimer = setTimeout(async () => {
      sweep.listTimer = null;
      const list = await fetch('/api/sweeps').then((r) => r.json()).catch(() => []);
      $('sweeps-panel').hidden = list.length === 0;
      $('sweep-list').innerHTML = list.map((w) => '<div class="sweep-chip' + (w.sweepId === sweep.id ? ' active' : '') + '" data-sweep-id="' + esc(w.sweepId) + '">'
        + '<b>' + esc(w.sweepId) + '</b> <span class="pill ' + (w.running ? 'running' : 'completed') + '">' + w.memberCount + ' members</span>'
        + '<small>' + w.running + ' running · ' + w.pruned + ' pruned · ' + w.finished + ' finished'
        + (w.rule ? ' · ' + esc(w.rule) : '') + '</small>'
        + '<small>' + (w.winner ? 'best ' + fmt(w.winner.value) + ' (' + esc(w.winner.runId) + ')' : 'no evaluation yet')
        + (w.gpuStepsSaved ? ' · ' + w.gpuStepsSaved + ' steps saved' : '') + '</small></div>').join('');
    }, 400);
  }

  $('sweep-list').addEventListener('click', (e) => {
    const chip = e.target.closest('.sweep-chip'); if (!chip) return;
    location.hash = '#sweep/' + encodeURIComponent(chip.dataset.sweepId);
  });
  $('sweep-close').addEventListener('click', () => { history.replaceState(null, '', location.pathname + location.search); openSweep(null); });
  $('sweep-log').addEventListener('change', () => renderSweep());
  window.addEventListener('hashchange', () => openSweep(sweepFromHash()));

  function openSweep(id) {
    sweep.id = id; sweep.data = null; sweep.series = null;
    $('sweep').hidden = !id;
    for (const c of document.querySelectorAll('.sweep-chip')) c.classList.toggle('active', c.dataset.sweepId === id);
    if (!id) return;
    $('sweep-title').textContent = 'Sweep ' + id;
    scheduleSweep(true);
    $('sweep').scrollIntoView({ block: 'start' });
  }

  // At most one fetch in flight and one a second: a sweep of many members changes on every eval.
  function scheduleSweep(now) {
    if (sweep.timer && !now) return;
    clearTimeout(sweep.timer);
    sweep.timer = setTimeout(fetchSweep, now ? 0 : 1000);
  }

  async function fetchSweep() {
    sweep.timer = null;
    const id = sweep.id; if (!id) return;
    if (sweep.fetching) { sweep.again = true; return; }
    sweep.fetching = true;
    try {
      const enc = encodeURIComponent(id);
      const [data, series] = await Promise.all([
        fetch('/api/sweeps/' + enc).then((r) => (r.ok ? r.json() : null)),
        fetch('/api/sweeps/' + enc + '/series?maxPoints=400').then((r) => (r.ok ? r.json() : null)),
      ]);
      if (id !== sweep.id) return;
      if (!data) { $('sweep-title').textContent = 'Sweep ' + id + ' — no member known yet'; return; }
      sweep.data = data; sweep.series = series || {};
      renderSweep();
    } finally {
      sweep.fetching = false;
      if (sweep.again) { sweep.again = false; scheduleSweep(); }
    }
  }

  function byBest(a, b) {
    const x = a.bestValue == null ? Infinity : a.bestValue; const y = b.bestValue == null ? Infinity : b.bestValue;
    return x - y || a.runId.localeCompare(b.runId, undefined, { numeric: true });
  }

  function renderSweep() {
    const d = sweep.data; if (!d) return;
    const winner = d.winner ? d.winner.runId : null;
    $('sweep-rule').textContent = d.rule ? 'pruning: ' + d.rule : 'no pruning policy';
    $('sweep-rule').className = 'pill ' + (d.rule && d.rule !== 'none' ? 'running' : 'none');
    const cards = [
      ['members', d.memberCount],
      ['running', d.running],
      ['pruned', d.pruned],
      ['finished', d.finished],
      ['winner so far', winner ? esc(winner) + ' <small style="color:var(--muted)">' + fmt(d.winner.value) + ' @' + d.winner.step + '</small>' : '—'],
      ['GPU steps saved', d.gpuStepsSaved],
    ];
    $('sweep-cards').innerHTML = cards.map(([k, v]) => '<div class="card"><div class="k">' + k + '</div><div class="v">' + v + '</div></div>').join('');

    // the members table, best validation loss first
    const keys = [...new Set(d.members.flatMap((m) => Object.keys(m.hyperparameters || {})))];
    $('sweep-head').innerHTML = '<tr><th class="num">#</th><th>Run</th><th>Status</th>' + keys.map((k) => '<th class="num">' + esc(hpLabel(k)) + '</th>').join('')
      + '<th class="num">Best val</th><th class="num">Last val</th><th class="num">Evals</th><th class="num">Step</th><th>Pruned at</th><th class="num">Saved</th></tr>';
    const rows = d.members.slice().sort(byBest);
    $('sweep-body').innerHTML = rows.map((m, i) => {
      const p = m.prune;
      const where = p ? 'step ' + p.step + (p.rung != null ? ' · rung ' + p.rung : '') + ' <small>(' + esc(p.rule) + ')</small><br><small>' + esc(p.reason || '') + '</small>' : '';
      return '<tr data-run-id="' + esc(m.runId) + '" class="' + (m.runId === winner ? 'winner' : '') + (p ? ' pruned' : '') + '">'
        + '<td class="num">' + (i + 1) + '</td><td><span class="run-id">' + esc(m.runId) + '</span>' + (m.runId === winner ? ' <span class="pill completed">winner</span>' : '') + '</td>'
        + '<td><span class="pill ' + esc(m.status) + '">' + esc(m.status) + '</span></td>'
        + keys.map((k) => '<td class="num">' + esc(fmtHp(m.hyperparameters[k])) + '</td>').join('')
        + '<td class="num">' + (m.bestValue == null ? '—' : fmt(m.bestValue) + ' <small style="color:var(--muted)">@' + m.bestStep + '</small>') + '</td>'
        + '<td class="num">' + fmtCell(m.lastValue) + '</td><td class="num">' + m.evals + '</td>'
        + '<td class="num">' + (m.lastStep != null ? m.lastStep : '—') + (m.totalSteps ? ' / ' + m.totalSteps : '') + '</td>'
        + '<td class="why">' + where + '</td><td class="num">' + (m.stepsSaved != null ? m.stepsSaved : '') + '</td></tr>';
    }).join('');
    $('sweep-prunes').innerHTML = d.members.filter((m) => m.prune).map((m) => {
      const e = m.prune.evidence || {};
      const ev = ['rung', 'rank', 'arrivals', 'cutoff', 'median', 'value', 'membersCounted'].filter((k) => e[k] != null).map((k) => k + ' ' + fmt(e[k], typeof e[k] === 'number' && Number.isInteger(e[k]) ? 0 : 4)).join(' · ');
      return '<li><span class="when">step ' + m.prune.step + '</span><b>' + esc(m.runId) + '</b> ' + esc(m.prune.rule) + (ev ? ' — <small>' + esc(ev) + '</small>' : '') + '<br><small class="when">' + esc(m.prune.reason || '') + '</small></li>';
    }).join('') || '<li class="when">none yet</li>';
    $('sweep-saved').textContent = d.gpuStepsSaved ? d.gpuStepsSaved + ' GPU steps saved' : '';

    renderSweepCurves(d, winner);
    renderSweepScatter(d, winner);
  }

  // Member colours: the palette without the winner's green.
  const MEMBER_COLORS = ['#58a6ff', '#f0883e', '#bc8cff', '#d29922', '#39c5cf', '#ff7eb6', '#f85149', '#a5d6ff'];

  function renderSweepCurves(d, winner) {
    const log = $('sweep-log').checked;
    const maps = d.members.map((m) => toMap(sweep.series[m.runId]));
    const steps = [...new Set(maps.flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
    const series = []; const data = [steps]; const prunes = [];
    const safe = (v) => { v = finiteOrNull(v); return log && v != null && v <= 0 ? null : v; };
    d.members.forEach((m, i) => {
      const color = m.runId === winner ? '#3fb950' : MEMBER_COLORS[i % MEMBER_COLORS.length];
      const map = maps[i];
      if (!m.prune) {
        series.push({ label: m.runId, stroke: color, width: m.runId === winner ? 3 : 1.5, spanGaps: true, points: { show: true, size: 5, fill: color } });
        data.push(steps.map((x) => (map.has(x) ? safe(map.get(x)) : null)));
        return;
      }
      // a pruned member: dimmed up to the step it was stopped, grey from there on, ✕ where the STOP came
      const cut = m.prune.step;
      series.push({ label: m.runId, stroke: color + '80', width: 1.5, spanGaps: true, points: { show: true, size: 4, fill: color + '80' } });
      data.push(steps.map((x) => (map.has(x) && x <= cut ? safe(map.get(x)) : null)));
      series.push({ label: m.runId + ' after prune', stroke: GREY, width: 1.5, dash: [5, 4], spanGaps: true, points: { show: true, size: 4, fill: GREY } });
      data.push(steps.map((x) => (map.has(x) && x >= cut ? safe(map.get(x)) : null)));
      const before = [...map.keys()].filter((x) => x <= cut).sort((a, b) => b - a)[0];
      prunes.push({ step: cut, value: before != null ? safe(map.get(before)) : null, runId: m.runId, rung: m.prune.rung });
    });
    const u = makeChart('chart-sweep', series, data, {
      key: 'sweep-' + d.sweepId + '-' + series.length + '-' + log, log, height: 300,
      plugins: [{ hooks: { draw: [(u) => {
        const ctx = u.ctx; const r = 5 * devicePixelRatio; ctx.save();
        for (const p of prunes) {
          const x = u.valToPos(p.step, 'x', true);
          ctx.strokeStyle = GREY; ctx.globalAlpha = 0.7; ctx.lineWidth = devicePixelRatio; ctx.setLineDash([3, 4]);
          ctx.beginPath(); ctx.moveTo(x, u.bbox.top); ctx.lineTo(x, u.bbox.top + u.bbox.height); ctx.stroke();
          ctx.setLineDash([]); ctx.globalAlpha = 1;
          const y = p.value != null ? u.valToPos(p.value, 'y', true) : u.bbox.top + 2 * r;
          ctx.strokeStyle = '#c9d1d9'; ctx.lineWidth = 2 * devicePixelRatio;
          ctx.beginPath(); ctx.moveTo(x - r, y - r); ctx.lineTo(x + r, y + r); ctx.moveTo(x + r, y - r); ctx.lineTo(x - r, y + r); ctx.stroke();
          ctx.fillStyle = '#aab4c0'; ctx.font = (11 * devicePixelRatio) + 'px sans-serif';
          ctx.fillText(p.runId + ' pruned' + (p.rung != null ? ' at rung ' + p.rung : ''), x + r + 4, y - r);
        }
        ctx.restore();
      }] } }],
    });
    $('chart-sweep').dataset.members = String(d.members.length);
    $('chart-sweep').dataset.points = String(steps.length);
    return u;
  }

  function hpLabel(k) { return k.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase(); }
  function fmtHp(v) { return typeof v === 'number' && v !== 0 && Math.abs(v) < 0.01 ? v.toExponential(1) : (typeof v === 'number' && Number.isInteger(v) ? String(v) : fmt(v)); }

  function renderSweepScatter(d, winner) {
    const pts = d.members.filter((m) => m.hyperparameters && typeof m.hyperparameters.learningRate === 'number' && m.bestValue != null && isFinite(num(m.bestValue)))
      .map((m) => ({ lr: m.hyperparameters.learningRate, v: num(m.bestValue), m }))
      .sort((a, b) => a.lr - b.lr);
    const xs = pts.map((p) => p.lr);
    const pick = (f) => pts.map((p) => (f(p.m) ? p.v : null));
    const dot = (color, size) => ({ show: true, size, fill: color, stroke: color });
    const old = state.charts['chart-sweep-lr']; if (old) { old.destroy(); delete state.charts['chart-sweep-lr']; }
    $('chart-sweep-lr').innerHTML = '';
    const grid = { stroke: '#222c3a', width: 1 };
    const u = new uPlot({
      width: width('chart-sweep-lr'), height: 240,
      scales: { x: { time: false, distr: 3 }, y: {} },
      axes: [{ stroke: '#8b98a9', grid, ticks: grid, label: 'learning rate', labelSize: 18, values: (u, vals) => vals.map(axisNumber) },
             { stroke: '#8b98a9', grid, ticks: grid, size: 62, label: 'best val loss', labelSize: 18, values: (u, vals) => vals.map(axisNumber) }],
      series: [{ label: 'lr', value: (u, v) => (v == null ? '—' : axisNumber(v)) },
        { label: 'member', stroke: '#58a6ff', paths: () => null, points: dot('#58a6ff', 10) },
        { label: 'pruned', stroke: GREY, paths: () => null, points: dot(GREY, 10) },
        { label: 'winner', stroke: '#3fb950', paths: () => null, points: dot('#3fb950', 14) }],
      legend: { show: true }, cursor: { drag: { x: false, y: false } },
    }, [xs, pick((m) => !m.prune && m.runId !== winner), pick((m) => !!m.prune), pick((m) => m.runId === winner)], $('chart-sweep-lr'));
    state.charts['chart-sweep-lr'] = u;
    $('chart-sweep-lr').dataset.points = String(pts.length);
  }

  connectAll();
  openSweep(sweepFromHash());
})();
