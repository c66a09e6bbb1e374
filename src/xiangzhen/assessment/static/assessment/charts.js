// The assessment charts: a bar of totals, a rank line (rank 1 on top), a radar of shares of full points,
// several lines over periods. Each `.chart` names its JSON data in data-source, or carries it in data-chart.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.echarts) return;
  for (const element of document.querySelectorAll(".chart[data-source], .chart[data-chart]")) {
    const data = JSON.parse(element.dataset.chart || document.getElementById(element.dataset.source).textContent);
    const chart = window.echarts.init(element);
    const category = { type: "category", data: data.names, axisLabel: { interval: 0, rotate: data.names && data.names.length > 6 ? 40 : 0 } };
    let option;
    if (data.kind === "bar") {
      option = { xAxis: category, yAxis: { type: "value", name: data.axis }, series: [{ type: "bar", data: data.values, label: { show: true, position: "top" } }] };
    } else if (data.kind === "rank") {
      option = { xAxis: category, yAxis: { type: "value", name: data.axis, inverse: true, minInterval: 1, min: 1 }, series: [{ type: "line", data: data.values, label: { show: true } }] };
    } else if (data.kind === "radar") {
      option = { radar: { indicator: data.names.map((name) => ({ name, max: 100 })), radius: "60%" }, series: [{ type: "radar", data: [{ value: data.values, name: data.axis }] }] };
    } else {
      option = {
        legend: { type: "scroll" }, xAxis: category, yAxis: { type: "value", name: data.axis, inverse: !!data.inverse, minInterval: data.inverse ? 1 : 0 },
        series: data.series.map((line) => ({ name: line.name, type: "line", data: line.values, connectNulls: false })),
      };
    }
    chart.setOption({ animation: false, tooltip: { trigger: data.kind === "radar" ? "item" : "axis" }, grid: { left: 48, right: 16, bottom: 60 }, ...option });
    window.addEventListener("resize", () => chart.resize());
  }
});
