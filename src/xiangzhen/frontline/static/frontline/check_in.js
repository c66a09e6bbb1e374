// The check-in form asks the phone for its position once, on submit; without an answer within a few
// seconds (refused, no signal, no GPS) it signs in anyway and the record is marked "地点异常".
(() => {
  const form = document.getElementById("check-in-form");
  if (!form) return;
  const status = document.getElementById("check-in-position");
  let located = false;
  form.addEventListener("submit", (event) => {
    // Only a named 安保/应急 duty that records the position asks the phone for it.
    const duty = form.elements.duty;
    const option = duty && duty.selectedOptions ? duty.selectedOptions[0] : null;
    if (located || !navigator.geolocation || !option || !option.dataset.location) return;
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    status.textContent = "正在定位…";
    let sent = false;
    const send = () => {
      if (sent) return;
      sent = true;
      located = true;
      button.disabled = false;
      form.requestSubmit ? form.requestSubmit() : form.submit();
    };
    navigator.geolocation.getCurrentPosition(
      (position) => {
        form.elements.latitude.value = position.coords.latitude.toFixed(6);
        form.elements.longitude.value = position.coords.longitude.toFixed(6);
        form.elements.accuracy.value = Math.round(position.coords.accuracy);
        status.textContent = "已定位";
        send();
      },
      () => { status.textContent = "未能定位,按无定位签到"; send(); },
      { enableHighAccuracy: true, timeout: 8000, maximumAge: 60000 },
    );
    setTimeout(send, 10000);
  });
})();
