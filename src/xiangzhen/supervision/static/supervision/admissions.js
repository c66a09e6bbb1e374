// 清单外交办: each sender's tasks handed down to towns, stacked by how they stand against the towns' lists.
document.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("admission-chart");
  const source = document.getElementById("admission-data");
  if (!element || !source || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  const bar = (name, values, color) => ({ name, type: "bar", stack: "all", data: values, itemStyle: { color } });
  window.echarts.init(element).setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: data.senders, inverse: true },
    series: [
      bar("清单内", data.in_list, "#5b8c5a"),
      bar("未引用清单", data.outside_list, "#d9a441"),
      bar("引用收回事项", data.withdrawn_item, "#c0392b"),
    ],
  });
});
