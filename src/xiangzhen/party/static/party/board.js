// Stacked bars: how many of each branch's due activities are done and how many are missing this period.
document.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("compliance-chart");
  const source = document.getElementById("compliance-data");
  if (!element || !source || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  const chart = window.echarts.init(element);
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { data: ["已开展", "未开展"] },
    grid: { left: 90, right: 16 },
    yAxis: { type: "category", data: data.branches, axisLabel: { width: 80, overflow: "truncate" } },
    xAxis: { type: "value", name: "项", minInterval: 1 },
    series: [
      { name: "已开展", type: "bar", stack: "total", data: data.met, itemStyle: { color: "#2e7d32" } },
      { name: "未开展", type: "bar", stack: "total", data: data.missing, itemStyle: { color: "#c0392b" } },
    ],
  });
  window.addEventListener("resize", () => chart.resize());
});
