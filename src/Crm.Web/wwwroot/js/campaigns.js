// A campaign's form: the callers matter only to a call list, so they show only for one.
(() => {
  const type = document.querySelector('#campaign-form #Type');
  const callers = document.getElementById('campaign-callers');
  if (!type || !callers) return;
  const show = () => { callers.hidden = type.value !== 'CallList'; };
  type.addEventListener('change', show);
  show();
})();

// A plan's page while a campaign is being sent or waits for its time: its progress is read again every few seconds,
// and the whole page once nothing is under way any more, so the results are current too. A form being filled in is
// never replaced under the user's hands.
(() => {
  const list = document.getElementById('campaigns');
  if (!list) return;
  const underWay = root => root.querySelector('.campaign-send[data-state="Sending"], .campaign-send[data-state="Scheduled"]');
  if (!underWay(list)) return;
  const busy = () => list.contains(document.activeElement) || [...list.querySelectorAll('input[name=date], input[name=time]')].some(i => i.value);
  const timer = setInterval(async () => {
    if (busy() || document.hidden) return;
    try {
      const response = await fetch(window.location.href, { headers: { 'X-Requested-With': 'fetch' }, credentials: 'same-origin' });
      if (!response.ok) return;
      const page = new DOMParser().parseFromString(await response.text(), 'text/html');
      const fresh = page.getElementById('campaigns');
      if (!fresh) return;
      if (!underWay(fresh)) {
        clearInterval(timer);
        window.location.reload();
        return;
      }
      list.innerHTML = fresh.innerHTML;
    } catch {
      // Offline for a moment: the next tick tries again.
    }
  }, 5000);
})();
