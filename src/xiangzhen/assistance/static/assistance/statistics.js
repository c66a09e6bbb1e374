// Bars: households under monitoring and cleared per unit; line: average per-capita income, last year and this.
document.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("assistance-chart");
  const data = JSON.parse(document.getElementById("assistance-data").textContent);
  if (!element || !window.echarts) return;
  const chart = window.echarts.init(element);
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { data: ["监测中", "已消除风险", `${data.year - 1} 年人均收入`, `${data.year} 年人均收入`] },
    xAxis: { type: "category", data: data.units, axisLabel: { interval: 0, rotate: data.units.length > 6 ? 30 : 0 } },
    yAxis: [{ type: "value", name: "户" }, { type: "value", name: "元" }],
    series: [
      { name: "监测中", type: "bar", stack: "households", data: data.monitored },
      { name: "已消除风险", type: "bar", stack: "households", data: data.cleared },
      { name: `${data.year - 1} 年人均收入`, type: "line", yAxisIndex: 1, data: data.income_before },
      { name: `${data.year} 年人均收入`, type: "line", yAxisIndex: 1, data: data.income_after },
    ],
  });
  window.addEventListener("resize", () => chart.resize());
});
