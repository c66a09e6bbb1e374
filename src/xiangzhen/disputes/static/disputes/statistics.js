// Stacked bars: where each place's disputes were settled, the ladder 村 → 片区 → 镇 → 县 made visible.
document.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("dispute-chart");
  const data = JSON.parse(document.getElementById("dispute-data").textContent);
  if (!element || !window.echarts) return;
  const chart = window.echarts.init(element);
  const series = [["村级化解", data.in_village], ["片区化解", data.in_district], ["镇级化解", data.in_town],
    ["上交县级", data.to_county], ["未化解", data.open]].map(([name, values]) => ({ name, type: "bar", stack: "total", data: values }));
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { data: series.map((item) => item.name) },
    xAxis: { type: "category", data: data.units, axisLabel: { interval: 0, rotate: data.units.length > 6 ? 30 : 0 } },
    yAxis: { type: "value", name: "起" },
    series,
  });
  window.addEventListener("resize", () => chart.resize());
});
