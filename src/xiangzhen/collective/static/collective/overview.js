// Each village's assets (万元) and resources (亩) side by side: where the collective's wealth lies.
document.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("collective-chart");
  const data = JSON.parse(document.getElementById("collective-data").textContent);
  if (!element || !window.echarts) return;
  const chart = window.echarts.init(element);
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { data: ["资产(万元)", "资源(亩)"] },
    grid: { containLabel: true, left: 8, right: 8 },
    xAxis: { type: "category", data: data.units, axisLabel: { interval: 0, rotate: data.units.length > 6 ? 40 : 0 } },
    yAxis: [{ type: "value", name: "万元" }, { type: "value", name: "亩" }],
    series: [
      { name: "资产(万元)", type: "bar", data: data.assets },
      { name: "资源(亩)", type: "bar", yAxisIndex: 1, data: data.resources },
    ],
  });
  window.addEventListener("resize", () => chart.resize());
});
