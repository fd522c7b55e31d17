// fleetgen report: draws every chart of the page from the JSON block written with it. Runs once, offline.
// window.fleetgenReport tells a reader (and the browser test) which charts were drawn and what failed.
(function () {
  'use strict';
  var state = { ready: false, drawn: [], failed: [], echarts: null };
  window.fleetgenReport = state;
  var data = JSON.parse(document.getElementById('report-data').textContent);
  state.echarts = echarts.version;
  document.getElementById('echarts-version').textContent = echarts.version;

  var ARCHETYPE_COLOURS = { application: '#3b73b9', batch: '#8e5cc2', database: '#d9822b', web: '#2f9e6e' };
  var SPARE = ['#0f7b8a', '#b8455b', '#6b7a1f', '#5c5c8a'];
  var RISK_COLOURS = { very_high: '#c0392b', high: '#e08a1e', normal: '#8aa1b4' };
  function colour(a, i) { return ARCHETYPE_COLOURS[a] || SPARE[i % SPARE.length]; }
  var charts = [];
  var base = { animation: false, textStyle: { fontFamily: 'system-ui, sans-serif' } };

  function draw(id, build) {
    var el = document.getElementById('chart-' + id);
    if (!el) { return; }
    try {
      var chart = echarts.init(el, null, { renderer: 'svg' });
      chart.setOption(Object.assign({}, base, build()));
      charts.push(chart);
      state.drawn.push(id);
    } catch (e) {
      state.failed.push(id + ': ' + e);
      throw e;
    }
  }
  function legend() { return { top: 0, type: 'scroll' }; }
  function grid(extra) { return Object.assign({ left: 48, right: 16, top: 34, bottom: 28, containLabel: true }, extra || {}); }
  function pct(v) { return v === null ? '–' : (100 * v).toFixed(2) + ' %'; }

  // The fleet: counts per category, stacked by archetype.
  ['server_type', 'region', 'business_unit', 'criticality'].forEach(function (dim) {
    draw('fleet-' + dim, function () {
      var d = data.fleet[dim];
      return {
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } }, legend: legend(), grid: grid(),
        xAxis: { type: 'category', data: d.categories, axisLabel: { interval: 0, rotate: d.categories.length > 5 ? 30 : 0 } },
        yAxis: { type: 'value', name: 'servers', minInterval: 1 },
        series: data.archetypes.map(function (a, i) {
          return { name: a, type: 'bar', stack: 'fleet', data: d.counts[a], itemStyle: { color: colour(a, i) } };
        })
      };
    });
  });

  // Distributions: min, p05, p50, p95, max as a box, the mean as a dot.
  data.metrics.forEach(function (m) {
    draw('dist-' + m.column, function () {
      return {
        tooltip: { trigger: 'item' }, grid: grid({ top: 20 }),
        xAxis: { type: 'category', data: data.archetypes },
        yAxis: { type: 'value', name: m.unit, scale: true },
        series: [
          { name: m.column, type: 'boxplot', data: data.archetypes.map(function (a, i) {
              return { value: data.summary[a][m.column].box, itemStyle: { color: '#fff', borderColor: colour(a, i) } };
            }),
            tooltip: { formatter: function (p) {
              var v = p.value.slice(-5).map(function (x) { return Number(x).toFixed(2); });
              return p.name + '<br>max ' + v[4] + '<br>p95 ' + v[3] + '<br>p50 ' + v[2] + '<br>p05 ' + v[1] + '<br>min ' + v[0]; } } },
          { name: 'mean', type: 'scatter', symbolSize: 7, itemStyle: { color: '#1f2933' },
            data: data.archetypes.map(function (a) { return data.summary[a][m.column].mean; }) }
        ]
      };
    });
  });
  draw('clipped', function () {
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: function (ps) {
        return ps.map(function (p) { return p.seriesName + ': ' + pct(p.data.lower) + ' at 0, ' + pct(p.data.upper) + ' at the top'; }).join('<br>');
      } },
      legend: legend(), grid: grid(),
      xAxis: { type: 'category', data: data.metrics.map(function (m) { return m.short; }) },
      yAxis: { type: 'value', name: '% of rows' },
      series: data.archetypes.map(function (a, i) {
        return { name: a, type: 'bar', itemStyle: { color: colour(a, i) }, data: data.metrics.map(function (m) {
          var s = data.summary[a][m.column];
          return { value: 100 * ((s.lower || 0) + (s.upper || 0)), lower: s.lower, upper: s.upper };
        }) };
      })
    };
  });

  // Correlations: observed and target side by side, one colour scale.
  data.archetypes.forEach(function (a) {
    draw('corr-' + a, function () {
      var names = data.correlation.metrics.map(function (c) { return c.replace('_p95', ''); });
      function cells(matrix) {
        var out = [];
        matrix.forEach(function (row, y) { row.forEach(function (v, x) { out.push([x, y, v === null ? '-' : Math.round(v * 100) / 100]); }); });
        return out;
      }
      var c = data.correlation.archetypes[a];
      function axes(i) {
        return [{ type: 'category', data: names, gridIndex: i, position: 'top', splitArea: { show: true } },
                { type: 'category', data: names, gridIndex: i, inverse: true, splitArea: { show: true } }];
      }
      var x0 = axes(0), x1 = axes(1);
      return {
        tooltip: { position: 'top' },
        title: [{ text: 'observed', left: '22%', bottom: 0, textStyle: { fontSize: 12 } }, { text: 'target', left: '72%', bottom: 0, textStyle: { fontSize: 12 } }],
        grid: [{ left: 50, width: '38%', top: 28, bottom: 30 }, { left: '56%', width: '38%', top: 28, bottom: 30 }],
        xAxis: [x0[0], x1[0]], yAxis: [x0[1], x1[1]],
        visualMap: { min: -1, max: 1, calculable: false, show: false, seriesIndex: [0, 1],
                     inRange: { color: ['#2166ac', '#f7f7f7', '#b2182b'] } },
        series: [
          { name: 'observed', type: 'heatmap', xAxisIndex: 0, yAxisIndex: 0, data: cells(c.observed), label: { show: true, fontSize: 11 } },
          { name: 'target', type: 'heatmap', xAxisIndex: 1, yAxisIndex: 1, data: cells(c.target), label: { show: true, fontSize: 11 } }
        ]
      };
    });
  });

  draw('calendar', function () {
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } }, legend: legend(), grid: grid(),
      xAxis: { type: 'category', data: data.calendar.effects.map(function (e) { return e.replace('_', ' '); }) },
      yAxis: { type: 'value', name: 'cpu in / out', scale: true },
      series: data.archetypes.map(function (a, i) {
        return { name: a, type: 'bar', data: data.calendar.cpu_ratio[a], itemStyle: { color: colour(a, i) },
                 markLine: i === 0 ? { symbol: 'none', silent: true, data: [{ yAxis: 1 }], lineStyle: { color: '#52606d' } } : undefined };
      })
    };
  });

  function timeChart(id, block, stat, m) {
    draw(id, function () {
      var key = stat + m.short;
      return {
        tooltip: { trigger: 'axis' }, legend: legend(), grid: grid(),
        xAxis: { type: 'category', data: block.times, boundaryGap: false },
        yAxis: { type: 'value', name: m.unit, scale: true },
        series: data.archetypes.map(function (a, i) {
          return { name: a, type: 'line', showSymbol: block.times.length < 40, lineStyle: { width: 1.2 }, connectNulls: false,
                   itemStyle: { color: colour(a, i) }, data: block.series[a][key] };
        })
      };
    });
  }
  data.metrics.forEach(function (m) {
    timeChart('daily-' + m.column, data.daily, 'avg_', m);
    timeChart('monthly-' + m.column, data.monthly, 'p95_', m);
  });

  if (data.hourly) {
    ['cpu_p95', 'mem_p95', 'net_in_p95'].forEach(function (column) {
      var m = data.metrics.filter(function (x) { return x.column === column; })[0];
      draw('hourly-' + column, function () {
        var series = [];
        data.archetypes.forEach(function (a, i) {
          ['weekday', 'weekend'].forEach(function (kind) {
            series.push({ name: a + ' ' + kind, type: 'line', showSymbol: false, itemStyle: { color: colour(a, i) },
                          lineStyle: { type: kind === 'weekend' ? 'dashed' : 'solid', width: 1.5 }, data: data.profile[a][kind][column] });
          });
        });
        return {
          tooltip: { trigger: 'axis' }, legend: legend(), grid: grid({ top: 44 }),
          xAxis: { type: 'category', name: 'hour', data: Array.from({ length: 24 }, function (_, h) { return String(h); }), boundaryGap: false },
          yAxis: { type: 'value', name: m.unit, scale: true }, series: series
        };
      });
    });
  }

  draw('risk-levels', function () {
    var levels = ['very_high', 'high', 'normal'];
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } }, legend: legend(), grid: grid(),
      xAxis: { type: 'category', data: data.archetypes }, yAxis: { type: 'value', name: 'servers', minInterval: 1 },
      series: levels.map(function (level, k) {
        return { name: level.replace('_', ' '), type: 'bar', stack: 'risk', itemStyle: { color: RISK_COLOURS[level] },
                 data: data.archetypes.map(function (a) { return data.risk.levels[a][k]; }) };
      })
    };
  });
  draw('risk-scatter', function () {
    var t = data.risk.thresholds;
    var levels = ['normal', 'high', 'very_high'];
    return {
      tooltip: { trigger: 'item', formatter: function (p) { return p.data[2] + '<br>mean cpu ' + p.data[0] + '<br>max p95 ' + p.data[1]; } },
      legend: legend(), grid: grid(),
      xAxis: { type: 'value', name: 'mean cpu %', scale: true }, yAxis: { type: 'value', name: 'max p95 %', scale: true },
      series: levels.map(function (level, k) {
        var s = { name: level.replace('_', ' '), type: 'scatter', symbolSize: 5, large: true, itemStyle: { color: RISK_COLOURS[level] },
                  data: data.risk.points[level] };
        if (k === 0) {
          s.markLine = { symbol: 'none', silent: true, lineStyle: { color: '#52606d', type: 'dashed' },
                         label: { formatter: '{b}', fontSize: 10 },
                         data: [{ name: 'high', yAxis: t.high }, { name: 'very high', yAxis: t.very_high }, { name: 'underutilised', xAxis: t.underutilized }] };
        }
        return s;
      })
    };
  });

  draw('fidelity', function () {
    return {
      tooltip: { trigger: 'item', formatter: function (p) { return p.name + '<br>' + (p.value === null ? '–' : p.value.toFixed(2)) + ' tolerances'; } },
      grid: grid({ bottom: 10 }),
      xAxis: { type: 'category', data: data.fidelity.map(function (f) { return f.label; }), axisLabel: { show: false }, axisTick: { show: false } },
      yAxis: { type: 'value', name: 'difference / tolerance', min: function (v) { return Math.min(-1.5, v.min); }, max: function (v) { return Math.max(1.5, v.max); } },
      series: [{ type: 'bar', data: data.fidelity.map(function (f) { return { value: f.score, itemStyle: { color: f.ok ? '#1b7f3b' : '#b42318' } }; }),
                 markLine: { symbol: 'none', silent: true, lineStyle: { color: '#b42318', type: 'dashed' }, data: [{ yAxis: 1 }, { yAxis: -1 }] } }]
    };
  });

  function resize() { charts.forEach(function (c) { c.resize(); }); }
  window.addEventListener('resize', resize);
  window.addEventListener('beforeprint', resize);
  window.addEventListener('afterprint', resize);
  state.ready = true;
})();
