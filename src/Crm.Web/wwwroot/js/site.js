// Jalali date picker for every input marked data-jdp (Persian pages render dates in the Jalali calendar).
document.addEventListener('DOMContentLoaded', () => {
  if (window.jalaliDatepicker && document.documentElement.lang === 'fa') {
    window.jalaliDatepicker.startWatch({ persianDigits: true, autoShow: true, autoHide: true });
  }
});
