// Jalali date picker for every input marked data-jdp (Persian pages render dates in the Jalali calendar).
document.addEventListener('DOMContentLoaded', () => {
  if (window.jalaliDatepicker && document.documentElement.lang === 'fa') {
    window.jalaliDatepicker.startWatch({ persianDigits: true, autoShow: true, autoHide: true });
  }
});

// "Select all" checkboxes in list headers: <input type="checkbox" data-select-all="ids"> toggles every checkbox named ids in its form.
document.addEventListener('change', (event) => {
  const toggle = event.target.closest('[data-select-all]');
  if (!toggle) return;
  toggle.form?.querySelectorAll(`input[type=checkbox][name="${toggle.dataset.selectAll}"]`).forEach((box) => { box.checked = toggle.checked; });
});
