// The portal's section tabs scroll sideways on a phone: bring the open section's tab into view.
(function () {
    const active = document.querySelector('.portal-nav .portal-tab.active');
    if (active && active.parentElement.scrollWidth > active.parentElement.clientWidth) {
        active.scrollIntoView({ block: 'nearest', inline: 'center' });
    }
})();
