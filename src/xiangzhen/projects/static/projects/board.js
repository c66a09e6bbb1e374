// The campaign's race: each day's count, the cumulative curve against the straight-line plan, and the last step.
document.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("board-chart");
  if (!element || !window.echarts) return;
  const data = JSON.parse(document.getElementById("board-data").textContent);
  const goal = JSON.parse(document.getElementById("board-goal").textContent);
  const final = JSON.parse(document.getElementById("board-final").textContent);
  const chart = window.echarts.init(element);
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { data: [`当日${goal}`, `累计${goal}`, "计划累计", `累计${final}`] },
    grid: { left: 48, right: 16, bottom: 48 },
    xAxis: { type: "category", data: data.days },
    yAxis: { type: "value" },
    series: [
      { name: `当日${goal}`, type: "bar", data: data.done },
      { name: `累计${goal}`, type: "line", data: data.cumulative },
      { name: "计划累计", type: "line", data: data.planned, lineStyle: { type: "dashed" }, symbol: "none" },
      { name: `累计${final}`, type: "line", data: data.final },
    ],
  });
  window.addEventListener("resize", () => chart.resize());
});
