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

  connectAll();
})();
