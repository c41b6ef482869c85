// The lines of a quote or invoice form: picking a catalog code fills the line, "add line" adds a row, and each line's
// total and the document's total follow what is typed. The server computes the stored amounts; these are a preview.
(function () {
  const table = document.getElementById('doc-lines');
  if (!table) return;
  const catalog = JSON.parse(document.getElementById('catalog-data').textContent || '[]');
  const persian = document.documentElement.lang.startsWith('fa');
  const latin = s => (s || '').replace(/[۰-۹]/g, d => '۰۱۲۳۴۵۶۷۸۹'.indexOf(d)).replace(/[٠-٩]/g, d => '٠١٢٣٤٥٦٧٨٩'.indexOf(d)).replace(/٫/g, '.').replace(/[,٬\s]/g, '');
  const number = s => { const n = parseFloat(latin(s)); return isNaN(n) ? 0 : n; };
  const show = n => Math.round(n).toLocaleString(persian ? 'fa-IR' : 'en-US');
  const field = (row, name) => row.querySelector(`[data-field="${name}"]`);
  // Each price book's prices by product id; a line takes the chosen book's price, or the base price without one.
  const books = JSON.parse(document.getElementById('price-books-data')?.textContent || '{}');
  const bookSelect = document.getElementById('PriceBookId');
  const priceOf = product => (bookSelect && books[bookSelect.value] && books[bookSelect.value][product.id]) || product.price;
  const reprice = document.getElementById('reprice');

  function compute() {
    let sum = 0;
    table.querySelectorAll('tr[data-line]').forEach(row => {
      const gross = Math.round(number(field(row, 'quantity').value) * number(field(row, 'price').value));
      const d = field(row, 'discount').value.trim();
      const discount = /[%٪]$/.test(d) ? Math.round(gross * number(d.slice(0, -1)) / 100) : number(d);
      const net = gross - discount;
      const total = net + Math.round(net * number(field(row, 'vat').value) / 100);
      const filled = field(row, 'description').value.trim() !== '';
      field(row, 'total').textContent = filled ? show(total) : '';
      if (filled) sum += total;
    });
    document.getElementById('doc-total').textContent = show(sum);
  }

  table.addEventListener('change', e => {
    if (e.target.dataset.field === 'code') {
      const row = e.target.closest('tr');
      const product = catalog.find(p => p.code === e.target.value.trim());
      if (product) {
        field(row, 'product').value = product.id;
        // The document's language, not the screen's, names the product.
        const english = document.getElementById('Language')?.value === 'en';
        field(row, 'description').value = english && product.english ? product.english : product.name;
        field(row, 'unit').value = product.unit;
        field(row, 'price').value = priceOf(product);
        field(row, 'vat').value = product.vat;
        if (!field(row, 'quantity').value) field(row, 'quantity').value = '1';
      } else {
        field(row, 'product').value = '';
      }
    }
    compute();
  });
  table.addEventListener('input', compute);

  // Lines picked from the catalog whose price is not the chosen book's.
  function stale() {
    return [...table.querySelectorAll('tr[data-line]')].filter(row => {
      const product = catalog.find(p => p.id === field(row, 'product').value);
      return product && number(field(row, 'price').value) !== number(priceOf(product));
    });
  }

  function hideReprice() {
    reprice.classList.add('d-none');
    reprice.classList.remove('d-flex');
  }

  if (bookSelect && reprice) {
    bookSelect.addEventListener('change', () => {
      const rows = stale();
      if (rows.length === 0) return hideReprice();
      const count = rows.length.toLocaleString(persian ? 'fa-IR' : 'en-US');
      reprice.querySelector('[data-prompt-text]').textContent = reprice.dataset.prompt.replace('{0}', count);
      reprice.classList.remove('d-none');
      reprice.classList.add('d-flex');
      document.getElementById('reprice-lines').focus();
    });
    document.getElementById('reprice-lines').addEventListener('click', () => {
      stale().forEach(row => { field(row, 'price').value = priceOf(catalog.find(p => p.id === field(row, 'product').value)); });
      hideReprice();
      compute();
    });
    document.getElementById('reprice-keep').addEventListener('click', hideReprice);
  }

  document.getElementById('add-line').addEventListener('click', () => {
    const rows = table.querySelectorAll('tr[data-line]');
    const copy = rows[rows.length - 1].cloneNode(true);
    const index = rows.length;
    copy.querySelectorAll('input').forEach(input => {
      input.name = input.name.replace(/Lines\[\d+\]/, `Lines[${index}]`);
      input.value = input.dataset.field === 'quantity' ? '1' : '';
    });
    field(copy, 'total').textContent = '';
    table.querySelector('tbody').appendChild(copy);
    field(copy, 'code').focus();
  });
  compute();
})();
