// A form's own page (/f/{key}): fields shown only when another field has a value, the browser's location asked on
// submit (the form still goes when it is refused), and, inside an iframe, the page's height told to the embedding page.
(() => {
  const form = document.getElementById('public-form');

  const valuesOf = (name) => {
    if (!form) return [];
    return [...form.elements].filter((e) => e.name && e.name === name && !e.disabled && ((e.type !== 'checkbox' && e.type !== 'radio') || e.checked)).map((e) => e.value);
  };

  const applyConditions = () => {
    if (!form) return;
    form.querySelectorAll('[data-show-field]').forEach((wrapper) => {
      if (!wrapper.dataset.showField) return;
      const shown = valuesOf(wrapper.dataset.showField).includes(wrapper.dataset.showValue);
      wrapper.hidden = !shown;
      wrapper.querySelectorAll('input, select, textarea').forEach((input) => { input.disabled = !shown; });
    });
    tellHeight();
  };

  const tellHeight = () => {
    if (document.body.dataset.embedded === 'true' && window.parent !== window) {
      window.parent.postMessage({ type: 'crm-form-height', height: document.documentElement.scrollHeight }, '*');
    }
  };

  if (form) {
    form.addEventListener('change', applyConditions);
    applyConditions();

    form.addEventListener('submit', (event) => {
      if (form.dataset.preview === 'true') {
        event.preventDefault();
        return;
      }
      const lat = form.elements.namedItem('geo_lat');
      if (form.dataset.geo !== 'true' || !lat || lat.value !== '' || !navigator.geolocation) return;
      event.preventDefault();
      const status = document.getElementById('geo-status');
      if (status) status.textContent = status.dataset.asking || '…';
      const send = () => form.submit();
      navigator.geolocation.getCurrentPosition((position) => {
        lat.value = String(position.coords.latitude);
        form.elements.namedItem('geo_lng').value = String(position.coords.longitude);
        form.elements.namedItem('geo_acc').value = String(position.coords.accuracy);
        send();
      }, send, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  }

  // A newsletter issue's news items: "add" copies the empty item kept in the list's template, up to the limit the server keeps.
  document.querySelectorAll('[data-news-items]').forEach((box) => {
    const list = box.querySelector('.news-item-list');
    const template = box.querySelector('template');
    box.querySelector('[data-add-news-item]')?.addEventListener('click', () => {
      if (!list || !template || list.children.length >= 20) return;
      list.append(template.content.cloneNode(true));
      list.lastElementChild?.querySelector('input')?.focus();
      tellHeight();
    });
  });

  window.addEventListener('load', tellHeight);
  window.addEventListener('resize', tellHeight);
  tellHeight();
})();
