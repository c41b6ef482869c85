// The form submissions' map: Leaflet over the configured tile server, or, with none, a plain grid of degrees with
// Iran's larger cities named, so the points still read as places. A point's popup opens its submission.
(function () {
    'use strict';
    const host = document.getElementById('submission-map');
    if (!host || !window.L) { return; }
    const data = JSON.parse(document.getElementById('map-data').textContent);
    const map = L.map(host, { attributionControl: !!data.tiles, zoomSnap: 0.5 });
    if (data.tiles) {
        L.tileLayer(data.tiles, { maxZoom: 18, attribution: data.attribution || '' }).addTo(map);
    } else {
        const grid = { color: '#adb5bd', weight: 1, opacity: 0.6, interactive: false };
        for (let lat = 20; lat <= 44; lat++) { L.polyline([[lat, 40], [lat, 68]], grid).addTo(map); }
        for (let lng = 40; lng <= 68; lng++) { L.polyline([[20, lng], [44, lng]], grid).addTo(map); }
        data.cities.forEach((c) => {
            L.circleMarker([c.lat, c.lng], { radius: 2, color: '#6c757d', interactive: false }).addTo(map);
            L.marker([c.lat, c.lng], { interactive: false, keyboard: false, icon: L.divIcon({ className: 'map-city', html: '', iconSize: [0, 0] }) })
                .bindTooltip(c.name, { permanent: true, direction: 'right', className: 'small bg-transparent border-0 shadow-none text-secondary', offset: [2, 0] })
                .addTo(map);
        });
    }
    const markers = data.points.map((p) => {
        const marker = L.circleMarker([p.lat, p.lng], { radius: 8, color: '#0d6efd', fillColor: '#0d6efd', fillOpacity: 0.6, weight: 2 });
        const box = document.createElement('div');
        const title = document.createElement('div');
        title.className = 'fw-semibold';
        title.textContent = p.title;
        const at = document.createElement('div');
        at.className = 'small text-muted';
        at.textContent = p.at + (p.accuracy > 0 ? ' · ' + data.texts.accuracy.replace('{0}', Math.round(p.accuracy)) : '');
        const link = document.createElement('a');
        link.href = p.url;
        link.textContent = data.texts.open;
        link.className = 'map-open';
        box.append(title, at, link);
        marker.bindPopup(box);
        marker.addTo(map);
        if (p.accuracy > 0 && p.accuracy < 5000) {
            L.circle([p.lat, p.lng], { radius: p.accuracy, color: '#0d6efd', weight: 1, fillOpacity: 0.08, interactive: false }).addTo(map);
        }
        return marker;
    });
    if (markers.length > 0) {
        map.fitBounds(L.featureGroup(markers).getBounds().pad(0.3), { maxZoom: 12 });
    } else {
        map.fitBounds([[25, 44], [40, 63]]);
    }
    const focus = new URLSearchParams(location.search).get('focus');
    const focused = data.points.findIndex((p) => p.id === focus);
    if (focused >= 0) { markers[focused].openPopup(); }
})();
