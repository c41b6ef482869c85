// Draws the report charts described by each canvas's data-chart (see Report.Chart): right to left in Persian, with
// Persian digits, and a click on a bar opening the records behind it when the chart has links.
(() => {
  if (typeof Chart === 'undefined') return;
  const rtl = document.documentElement.dir === 'rtl';
  const locale = document.documentElement.lang.startsWith('fa') ? 'fa-IR' : 'en-US';
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const palette = ['#0d6efd', '#20c997', '#fd7e14', '#6f42c1', '#dc3545', '#198754', '#0dcaf0', '#ffc107', '#6c757d', '#d63384'];
  Chart.defaults.font.family = 'Vazirmatn, system-ui, sans-serif';
  // Figures should be read at once, not watched growing (and screenshots and prints show them whole).
  Chart.defaults.animation = false;

  document.querySelectorAll('canvas[data-chart]').forEach(canvas => {
    if (Chart.getChart(canvas)) return;
    const spec = JSON.parse(canvas.dataset.chart);
    const funnel = spec.kind === 'funnel';
    const round = spec.kind === 'doughnut';
    const valueAxis = funnel ? 'x' : 'y';
    const datasets = spec.series.map((s, i) => ({
      label: s.label,
      data: s.values,
      type: s.kind || undefined,
      yAxisID: round || funnel ? undefined : s.axis,
      backgroundColor: round ? s.values.map((_, j) => palette[j % palette.length]) : palette[i % palette.length] + (s.kind === 'line' ? '' : 'cc'),
      borderColor: palette[i % palette.length],
      borderWidth: s.kind === 'line' ? 2 : 0,
      borderRadius: round ? 0 : 4,
      tension: 0.3,
    }));
    const options = {
      responsive: true,
      maintainAspectRatio: false,
      locale,
      indexAxis: funnel ? 'y' : 'x',
      plugins: {
        legend: { display: spec.series.length > 1 || round, position: 'bottom', rtl, textDirection: rtl ? 'rtl' : 'ltr' },
        tooltip: {
          rtl,
          textDirection: rtl ? 'rtl' : 'ltr',
          callbacks: {
            label: ctx => {
              const value = typeof ctx.parsed === 'number' ? ctx.parsed : ctx.parsed[valueAxis];
              return `${ctx.dataset.label}: ${number.format(value)}${ctx.dataset.yAxisID === 'y2' ? '%' : ''}`;
            },
          },
        },
      },
      onClick: (_, elements) => {
        const link = spec.links && elements.length ? spec.links[elements[0].index] : null;
        if (link) window.location.href = link;
      },
      onHover: (event, elements) => {
        event.native.target.style.cursor = spec.links && elements.length ? 'pointer' : 'default';
      },
    };
    if (!round) {
      // Counts are whole: no 0.5 deal on the axis.
      const values = { beginAtZero: true, ticks: { precision: spec.money ? undefined : 0, callback: v => number.format(v) } };
      options.scales = funnel
        ? { x: { ...values, reverse: rtl }, y: { position: rtl ? 'right' : 'left' } }
        : { x: { reverse: rtl }, y: { ...values, position: rtl ? 'right' : 'left' } };
      if (spec.series.some(s => s.axis === 'y2')) {
        options.scales.y2 = { position: rtl ? 'left' : 'right', min: 0, max: 100, grid: { drawOnChartArea: false }, ticks: { callback: v => number.format(v) + '%' } };
      }
    }
    new Chart(canvas, { type: round ? 'doughnut' : 'bar', data: { labels: spec.labels, datasets }, options });
  });
})();
