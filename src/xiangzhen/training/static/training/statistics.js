// Sessions and attendances per school's unit: which 片区 teaches most, and how many people it reaches.
document.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("training-chart");
  const data = JSON.parse(document.getElementById("training-data").textContent);
  if (!element || !window.echarts) return;
  const chart = window.echarts.init(element);
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { data: ["场次", "人次", "人数"] },
    xAxis: { type: "category", data: data.units, axisLabel: { interval: 0, rotate: data.units.length > 4 ? 30 : 0 } },
    yAxis: [{ type: "value", name: "场次" }, { type: "value", name: "人" }],
    series: [
      { name: "场次", type: "bar", data: data.sessions },
      { name: "人次", type: "bar", yAxisIndex: 1, data: data.attendances },
      { name: "人数", type: "line", yAxisIndex: 1, data: data.people },
    ],
  });
  window.addEventListener("resize", () => chart.resize());
});
