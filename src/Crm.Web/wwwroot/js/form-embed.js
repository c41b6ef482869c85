// Put on another site to embed a form: <script src="https://crm.example.com/js/form-embed.js" data-form="KEY" async></script>
// Adds the form's iframe where the script stands and sets its height to what the form page reports, and only that.
(() => {
  const script = document.currentScript;
  if (!script || !script.dataset.form) return;
  const origin = new URL(script.src).origin;
  const frame = document.createElement('iframe');
  frame.src = origin + '/f/' + encodeURIComponent(script.dataset.form) + '/embed';
  frame.title = script.dataset.title || 'Form';
  frame.style.width = '100%';
  frame.style.border = '0';
  frame.style.minHeight = '300px';
  frame.setAttribute('loading', 'lazy');
  script.parentNode.insertBefore(frame, script);
  window.addEventListener('message', (event) => {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    const data = event.data;
    if (data && data.type === 'crm-form-height' && Number.isFinite(data.height)) {
      frame.style.height = Math.min(Math.max(data.height, 100), 20000) + 'px';
    }
  });
})();
