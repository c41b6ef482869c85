// Jalali date picker for every input marked data-jdp (Persian pages render dates in the Jalali calendar).
document.addEventListener('DOMContentLoaded', () => {
  if (window.jalaliDatepicker && document.documentElement.lang === 'fa') {
    window.jalaliDatepicker.startWatch({ persianDigits: true, autoShow: true, autoHide: true });
  }
});

// The picker reads a field's date in Latin digits only: a field showing a Persian date (every default due date) opened
// on an empty calendar. The digits are made Latin as the field takes focus, before the picker looks (capture phase);
// the server reads either.
document.addEventListener('focusin', (event) => {
  const input = event.target;
  if (input instanceof HTMLInputElement && input.matches('input[data-jdp]') && /[۰-۹٠-٩]/.test(input.value)) {
    input.value = input.value.replace(/[۰-۹]/g, (d) => '۰۱۲۳۴۵۶۷۸۹'.indexOf(d)).replace(/[٠-٩]/g, (d) => '٠١٢٣٤٥٦٧٨٩'.indexOf(d));
  }
}, true);

// "Select all" checkboxes in list headers: <input type="checkbox" data-select-all="ids"> toggles every checkbox named ids in its form.
document.addEventListener('change', (event) => {
  const toggle = event.target.closest('[data-select-all]');
  if (!toggle) return;
  toggle.form?.querySelectorAll(`input[type=checkbox][name="${toggle.dataset.selectAll}"]`).forEach((box) => { box.checked = toggle.checked; });
});

// Import progress: while an import runs, poll its status every second, move the bar and the counts, and reload for the report when done.
document.addEventListener('DOMContentLoaded', () => {
  const panel = document.querySelector('[data-status-url]');
  if (!panel || !panel.dataset.statusUrl) return;
  const bar = panel.querySelector('.progress-bar');
  const digits = (n) => (document.documentElement.lang === 'fa' ? Number(n).toLocaleString('fa-IR') : Number(n).toLocaleString('en-US'));
  const poll = async () => {
    try {
      const response = await fetch(panel.dataset.statusUrl, { headers: { Accept: 'application/json' } });
      if (response.ok) {
        const s = await response.json();
        bar.style.width = `${s.percent}%`;
        bar.textContent = `${digits(s.percent)}%`;
        bar.parentElement.setAttribute('aria-valuenow', s.percent);
        panel.querySelector('[data-field=processed]').textContent = s.processed;
        panel.querySelector('[data-field=total]').textContent = s.total;
        for (const key of ['created', 'updated', 'skipped', 'failed']) {
          const cell = document.querySelector(`[data-count=${key}]`);
          if (cell) cell.textContent = digits(s[key]);
        }
        if (s.done) { window.location.reload(); return; }
      }
    } catch { /* a missed poll is retried */ }
    setTimeout(poll, 1000);
  };
  setTimeout(poll, 500);
});

// Message template form: as one types, preview the message filled from a sample record, list unknown placeholders,
// and count SMS characters and parts (Persian SMS are billed 70 characters a part).
document.addEventListener('DOMContentLoaded', () => {
  const form = document.querySelector('form[data-preview-url]');
  if (!form) return;
  const output = document.getElementById('preview');
  const digits = (n) => (document.documentElement.lang === 'fa' ? Number(n).toLocaleString('fa-IR') : Number(n).toLocaleString('en-US'));
  let timer;
  const refresh = async () => {
    const data = new FormData(form);
    const response = await fetch(form.dataset.previewUrl, { method: 'POST', body: data });
    if (!response.ok) return;
    const p = await response.json();
    const email = data.get('Channel') === 'Email';
    output.querySelector('[data-preview=subject]').textContent = email ? p.subject : '';
    const frame = output.querySelector('iframe');
    const text = output.querySelector('[data-preview=text]');
    frame.classList.toggle('d-none', !email);
    text.classList.toggle('d-none', email);
    if (email) frame.srcdoc = p.body; else text.textContent = p.body;
    output.querySelector('[data-preview=parts]').textContent = email ? '' : `${digits(p.characters)} / ${digits(p.parts)}`;
    const problems = output.querySelector('[data-preview=problems]');
    problems.textContent = p.problems.join('  ');
    problems.classList.toggle('d-none', p.problems.length === 0);
    form.querySelectorAll('[data-email-only]').forEach((el) => el.classList.toggle('d-none', !email));
  };
  form.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(refresh, 300); });
  form.addEventListener('change', refresh);
  refresh();
});

// Suggestion lists fed by a JSON endpoint as one types: the options are put in a <datalist> made for the input.
const attachSuggestions = (input, url, toOptions) => {
  const list = document.createElement('datalist');
  list.id = `${input.name || 'input'}-suggestions-${Math.random().toString(36).slice(2)}`;
  input.after(list);
  input.setAttribute('list', list.id);
  let timer;
  input.addEventListener('input', (event) => {
    if (event.inputType === 'insertReplacementText' || event.inputType === undefined) return;
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const response = await fetch(url(input.value), { headers: { Accept: 'application/json' } });
      if (!response.ok) return;
      list.replaceChildren(...toOptions(await response.json(), input.value));
    }, 200);
  });
  return list;
};

// Tag boxes: several tags separated by commas; existing tags are suggested for the one being typed.
document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('input[data-tag-input]').forEach((input) => {
    attachSuggestions(input, (value) => {
      const last = value.split(/[,،]/).pop().trim();
      return `${input.dataset.tagInput}?q=${encodeURIComponent(last)}`;
    }, (tags, value) => {
      const parts = value.split(/[,،]/);
      const prefix = parts.slice(0, -1).map((p) => p.trim()).filter(Boolean);
      return tags.map((tag) => new Option(tag.name, [...prefix, tag.name].join('، ')));
    });
  });
});

// Linking a customer in a comment: pick one from the search and its link token goes into the comment.
document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('input[data-customer-search]').forEach((input) => {
    const target = document.querySelector(input.dataset.target);
    const found = new Map();
    attachSuggestions(input, (value) => `${input.dataset.customerSearch}?q=${encodeURIComponent(value)}`, (records) => {
      found.clear();
      return records.map((r) => {
        const label = `${r.title} (${r.type})`;
        found.set(label, r.token);
        return new Option(r.type, label);
      });
    });
    input.addEventListener('change', () => {
      const token = found.get(input.value);
      if (!token || !target) return;
      target.value = `${target.value.trimEnd()} ${token} `.trimStart();
      input.value = '';
      target.focus();
    });
  });
});

// The notification bell fetches its latest notifications when it is opened, so other pages do not pay for them.
document.addEventListener('DOMContentLoaded', () => {
  const bell = document.getElementById('notification-bell');
  const latest = document.getElementById('notification-latest');
  if (!bell || !latest) return;
  bell.addEventListener('show.bs.dropdown', async () => {
    const response = await fetch(latest.dataset.latestUrl, { headers: { Accept: 'text/html' } });
    if (response.ok) latest.innerHTML = await response.text();
  });
});

// Record pickers: a search box that sets a hidden field to the chosen record ("Organization:…", "Contact:…").
document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('input[data-record-picker]').forEach((input) => {
    const target = document.querySelector(input.dataset.target);
    const found = new Map();
    attachSuggestions(input, (value) => `${input.dataset.recordPicker}?q=${encodeURIComponent(value)}`, (records) => {
      found.clear();
      return records.map((r) => {
        const label = `${r.title} (${r.type})`;
        found.set(label, r);
        return new Option(r.type, label);
      });
    });
    input.addEventListener('change', () => {
      const record = found.get(input.value);
      if (!record || !target) return;
      target.value = record.value;
      input.value = record.title;
    });
  });
});

// Behaviour declared in markup instead of inline handlers, which the content security policy does not run:
// data-submit-on-change submits its form; data-disables="id" data-disabled="true|false" sets that field's disabled state;
// data-shows="id" data-shows-when="value" shows that element only while this field has that value;
// data-remove-closest="selector" removes the enclosing element on click; a form marked data-no-submit never submits.
document.addEventListener('change', (event) => {
  const field = event.target;
  if (field.matches('[data-submit-on-change]')) field.form?.submit();
  if (field.dataset.disables) {
    const target = document.getElementById(field.dataset.disables);
    if (target) target.disabled = field.dataset.disabled === 'true';
  }
  if (field.dataset.shows) {
    const box = document.getElementById(field.dataset.shows);
    if (box) box.hidden = field.value !== field.dataset.showsWhen;
  }
});
document.addEventListener('click', (event) => {
  const button = event.target.closest('[data-remove-closest]');
  if (button) button.closest(button.dataset.removeClosest)?.remove();
});
document.addEventListener('submit', (event) => {
  if (event.target.matches('form[data-no-submit]')) event.preventDefault();
});

// The top bar's search: suggestions grouped by kind as the user types (after a short pause), moved through with the
// arrow keys, opened with Enter (Enter with none chosen opens the full results page), closed with Escape.
document.addEventListener('DOMContentLoaded', () => {
  const form = document.querySelector('form.global-search');
  if (!form) return;
  const input = form.querySelector('input[name=q]');
  const list = form.querySelector('.global-search-list');
  let timer = 0;
  let asked = '';
  const options = () => [...list.querySelectorAll('[role=option]')];
  const close = () => { list.classList.remove('show'); input.setAttribute('aria-expanded', 'false'); input.removeAttribute('aria-activedescendant'); };
  const choose = (index) => {
    const all = options();
    all.forEach((o, i) => o.classList.toggle('active', i === index));
    if (all[index]) { input.setAttribute('aria-activedescendant', all[index].id); all[index].scrollIntoView({ block: 'nearest' }); }
  };
  const render = (groups) => {
    list.replaceChildren();
    let n = 0;
    for (const group of groups) {
      const header = document.createElement('h6');
      header.className = 'dropdown-header d-flex justify-content-between';
      header.textContent = group.title;
      list.append(header);
      for (const item of group.items) {
        const link = document.createElement('a');
        link.className = 'dropdown-item text-truncate';
        link.href = item.url;
        link.id = `global-search-option-${n++}`;
        link.setAttribute('role', 'option');
        link.textContent = item.title;
        list.append(link);
      }
    }
    if (n === 0) {
      const none = document.createElement('span');
      none.className = 'dropdown-item-text text-body-secondary';
      none.textContent = form.dataset.none;
      list.append(none);
    }
    const divider = document.createElement('hr');
    divider.className = 'dropdown-divider';
    const all = document.createElement('a');
    all.className = 'dropdown-item small';
    all.href = `${form.action}?q=${encodeURIComponent(input.value.trim())}`;
    all.textContent = form.dataset.all;
    list.append(divider, all);
    list.classList.add('show');
    input.setAttribute('aria-expanded', 'true');
  };
  const ask = async () => {
    const term = input.value.trim();
    if (term.length < 2) { close(); return; }
    if (term === asked && list.childElementCount) { list.classList.add('show'); return; }
    asked = term;
    const response = await fetch(`${form.dataset.suggest}?q=${encodeURIComponent(term)}`, { headers: { Accept: 'application/json' } });
    if (response.ok && input.value.trim() === term) render(await response.json());
  };
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(ask, 250); });
  input.addEventListener('focus', () => { if (input.value.trim().length >= 2) ask(); });
  input.addEventListener('keydown', (event) => {
    const all = options();
    const current = all.findIndex((o) => o.classList.contains('active'));
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!list.classList.contains('show')) { ask(); return; }
      const next = event.key === 'ArrowDown' ? Math.min(current + 1, all.length - 1) : Math.max(current - 1, 0);
      choose(next);
    } else if (event.key === 'Enter' && current >= 0 && list.classList.contains('show')) {
      event.preventDefault();
      window.location.assign(all[current].href);
    } else if (event.key === 'Escape' && list.classList.contains('show')) {
      // The first Escape closes the suggestions and keeps the text (a search box clears itself on Escape).
      event.preventDefault();
      close();
    }
  });
  document.addEventListener('click', (event) => { if (!form.contains(event.target)) close(); });
});

// Import mapping: a column newly mapped to (or away from) a field with fixed values reloads the page with that
// column's values listed for mapping. Without scripts, the "list the values" button does the same.
document.addEventListener('change', (event) => {
  const select = event.target;
  if (!(select instanceof HTMLSelectElement) || !select.name.startsWith('mapping[')) return;
  const refresh = select.form?.querySelector('#refresh-values');
  if (!refresh) return;
  const choiceFields = (select.form.dataset.choiceFields || '').split(',').filter(Boolean);
  const listed = [...select.form.querySelectorAll('[data-values-of]')].map((f) => f.dataset.valuesOf);
  const mapped = [...select.form.querySelectorAll('select[name^="mapping["]')].map((s) => s.value).filter((f) => choiceFields.includes(f));
  if (mapped.sort().join() !== [...new Set(listed)].sort().join()) refresh.click();
});

// A form marked data-busy="text" that takes a few seconds (sending a quote builds its PDF first): once submitted, its
// button shows a spinner and the text, and cannot be pressed again.
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.dataset.busy || event.defaultPrevented) return;
  const button = event.submitter ?? form.querySelector('button[type=submit], button:not([type])');
  if (!button) return;
  setTimeout(() => {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    const spinner = document.createElement('span');
    spinner.className = 'spinner-border spinner-border-sm me-1';
    spinner.setAttribute('aria-hidden', 'true');
    button.replaceChildren(spinner, document.createTextNode(form.dataset.busy));
  });
});
