// Copies the files the app serves from the npm packages into wwwroot/lib (which git ignores).
import { cpSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';

const files = {
  'bootstrap/dist/css/bootstrap.min.css': 'bootstrap/bootstrap.min.css',
  'bootstrap/dist/css/bootstrap.rtl.min.css': 'bootstrap/bootstrap.rtl.min.css',
  'bootstrap/dist/js/bootstrap.bundle.min.js': 'bootstrap/bootstrap.bundle.min.js',
  'bootstrap-icons/font/bootstrap-icons.min.css': 'bootstrap-icons/bootstrap-icons.min.css',
  'bootstrap-icons/font/fonts': 'bootstrap-icons/fonts',
  'vazirmatn/Vazirmatn-font-face.css': 'vazirmatn/Vazirmatn-font-face.css',
  'vazirmatn/fonts/webfonts': 'vazirmatn/fonts/webfonts',
  // Regular and bold as TrueType for Chromium's fontconfig (the PDF page header and footer cannot use web fonts).
  'vazirmatn/fonts/ttf/Vazirmatn-Regular.ttf': 'vazirmatn/fonts/ttf/Vazirmatn-Regular.ttf',
  'vazirmatn/fonts/ttf/Vazirmatn-Bold.ttf': 'vazirmatn/fonts/ttf/Vazirmatn-Bold.ttf',
  // The Farsi-digits cut draws a Persian PDF's page numbers (which Chromium writes in Latin digits) in Persian digits.
  'vazirmatn/misc/Farsi-Digits/fonts/ttf/Vazirmatn-FD-Regular.ttf': 'vazirmatn/fonts/ttf/Vazirmatn-FD-Regular.ttf',
  'chart.js/dist/chart.umd.min.js': 'chart.js/chart.umd.min.js',
  '@majidh1/jalalidatepicker/dist/jalalidatepicker.min.css': 'jalalidatepicker/jalalidatepicker.min.css',
  '@majidh1/jalalidatepicker/dist/jalalidatepicker.min.js': 'jalalidatepicker/jalalidatepicker.min.js',
  'leaflet/dist/leaflet.js': 'leaflet/leaflet.js',
  'leaflet/dist/leaflet.css': 'leaflet/leaflet.css',
  'leaflet/dist/images': 'leaflet/images',
};

rmSync('wwwroot/lib', { recursive: true, force: true });
for (const [from, to] of Object.entries(files)) {
  mkdirSync(`wwwroot/lib/${to}`.replace(/\/[^/]+$/, ''), { recursive: true });
  cpSync(`node_modules/${from}`, `wwwroot/lib/${to}`, { recursive: true });
}
writeFileSync('wwwroot/lib/.complete', new Date().toISOString());
console.log('front-end assets copied to wwwroot/lib');
