// The workbench chart: requests accepted and completed per month in the user's units.
document.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("home-chart");
  const data = JSON.parse(document.getElementById("home-data").textContent);
  if (!element || !window.echarts) return;
  const chart = window.echarts.init(element);
  chart.setOption({
    animation: false,
    title: { text: "近一年办件受理与办结(按受理月份)", left: "center", textStyle: { fontSize: 14 } },
    tooltip: { trigger: "axis" },
    legend: { data: ["受理", "办结"], top: 24 },
    grid: { top: 60 },
    xAxis: { type: "category", data: data.months },
    yAxis: { type: "value", name: "件" },
    series: [
      { name: "受理", type: "bar", data: data.accepted },
      { name: "办结", type: "line", data: data.completed },
    ],
  });
  window.addEventListener("resize", () => chart.resize());
});
