// Draws the statistics chart from the JSON the page embeds: bars for volume, lines for rates.
document.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("statistics-chart");
  const data = JSON.parse(document.getElementById("statistics-data").textContent);
  if (!element || !window.echarts) return;
  const chart = window.echarts.init(element);
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { data: ["受理", "办结", "按时办结率", "满意率"] },
    xAxis: { type: "category", data: data.units, axisLabel: { interval: 0, rotate: data.units.length > 6 ? 30 : 0 } },
    yAxis: [{ type: "value", name: "件" }, { type: "value", name: "%", max: 100 }],
    series: [
      { name: "受理", type: "bar", data: data.accepted },
      { name: "办结", type: "bar", data: data.completed },
      { name: "按时办结率", type: "line", yAxisIndex: 1, data: data.on_time_rate },
      { name: "满意率", type: "line", yAxisIndex: 1, data: data.satisfaction_rate },
    ],
  });
  window.addEventListener("resize", () => chart.resize());
});
