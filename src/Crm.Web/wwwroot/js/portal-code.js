// The portal's code page: counts down to when another code may be asked for, then lets the button be pressed.
(function () {
    const button = document.getElementById('portal-resend');
    const label = document.getElementById('portal-resend-wait');
    if (!button || !label) {
        return;
    }
    const digits = new Intl.NumberFormat(document.documentElement.lang === 'fa' ? 'fa-IR' : 'en-US');
    let left = parseInt(button.dataset.wait || '0', 10);
    const tick = () => {
        if (left <= 0) {
            button.disabled = false;
            label.textContent = '';
            return;
        }
        button.disabled = true;
        label.textContent = '(' + digits.format(left) + ')';
        left -= 1;
        setTimeout(tick, 1000);
    };
    tick();
})();
