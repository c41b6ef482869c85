// The sales board: each column loads its cards as it comes into view (and more as it is scrolled), cards move by drag
// and drop or by their menu (phones, keyboard), a move to Lost asks for the reason, skipped checklist items ask for a
// confirmation, and when someone else moved the card first the board says so and refreshes.
(() => {
  const board = document.getElementById('board');
  if (!board) return;
  const token = board.querySelector('input[name="__RequestVerificationToken"]').value;
  const banner = document.getElementById('board-message');
  const show = (text) => {
    banner.textContent = text;
    banner.classList.remove('d-none');
  };
  const carried = sessionStorage.getItem('board-message');
  if (carried) {
    show(carried);
    sessionStorage.removeItem('board-message');
  }

  const observer = new IntersectionObserver((entries) => {
    entries.filter((e) => e.isIntersecting).forEach((e) => load(e.target));
  }, { rootMargin: '200px' });
  const watch = (column) => {
    const more = column.querySelector('.board-more');
    if (more) observer.observe(more);
  };
  const load = async (more) => {
    if (more.dataset.loading) return;
    more.dataset.loading = 'true';
    observer.unobserve(more);
    const column = more.closest('.board-column');
    const response = await fetch(`${column.dataset.cardsUrl}&skip=${more.dataset.skip || 0}`, { headers: { Accept: 'text/html' } });
    if (!response.ok) return;
    more.insertAdjacentHTML('beforebegin', await response.text());
    more.remove();
    watch(column);
  };
  board.querySelectorAll('.board-column').forEach(watch);

  const refreshTotals = async () => {
    const response = await fetch(board.dataset.totalsUrl, { headers: { Accept: 'application/json' } });
    if (!response.ok) return;
    const totals = new Map((await response.json()).map((t) => [t.stage, t]));
    board.querySelectorAll('.board-column').forEach((column) => {
      const t = totals.get(column.dataset.stage);
      column.querySelector('[data-total="count"]').textContent = t ? t.count : board.dataset.zeroCount;
      column.querySelector('[data-total="total"]').textContent = t ? t.total : board.dataset.zeroAmount;
      column.querySelector('[data-total="weighted"]').textContent = t ? t.weighted : board.dataset.zeroAmount;
    });
  };

  const dialog = document.getElementById('lost-dialog');
  const reason = dialog.querySelector('#lost-reason');
  let pending = null;
  const askReason = (card, stage) => {
    pending = { card, stage };
    reason.value = '';
    reason.classList.remove('is-invalid');
    dialog.querySelector('#lost-note').value = '';
    bootstrap.Modal.getOrCreateInstance(dialog).show();
  };
  dialog.querySelector('form').addEventListener('submit', (event) => {
    event.preventDefault();
    if (!reason.value) {
      reason.classList.add('is-invalid');
      return;
    }
    bootstrap.Modal.getOrCreateInstance(dialog).hide();
    move(pending.card, pending.stage, { LossReasonTagId: reason.value, LossNote: dialog.querySelector('#lost-note').value });
  });

  const move = async (card, stage, extra = {}) => {
    const column = board.querySelector(`.board-column[data-stage="${stage}"]`);
    if (!card || !column) return;
    if (column.dataset.kind === 'Lost' && !extra.LossReasonTagId) {
      askReason(card, stage);
      return;
    }
    card.classList.add('opacity-50');
    const body = new URLSearchParams({ Id: card.dataset.id, Version: card.dataset.version, StageId: stage, __RequestVerificationToken: token, ...extra });
    const response = await fetch(board.dataset.moveUrl, { method: 'POST', body, headers: { Accept: 'application/json' } });
    card.classList.remove('opacity-50');
    const result = response.headers.get('Content-Type')?.includes('json') ? await response.json() : {};
    if (response.ok) {
      card.dataset.version = result.version;
      column.querySelector('.board-empty')?.remove();
      column.querySelector('.board-cards').prepend(card);
      // The card's "move to" menu now leaves out its new stage and offers the one it came from.
      card.querySelectorAll('[data-move-to]').forEach((item) => { item.parentElement.hidden = item.dataset.moveTo === stage; });
      card.focus();
      refreshTotals();
    } else if (result.status === 'ChecklistWarning') {
      if (window.confirm(`${result.message}\n• ${result.missing.join('\n• ')}`)) move(card, stage, { ...extra, Confirmed: 'true' });
    } else if (result.status === 'NeedsReason') {
      askReason(card, stage);
    } else if (response.status === 409 || response.status === 404) {
      sessionStorage.setItem('board-message', result.message || banner.dataset.gone || '');
      window.location.reload();
    } else {
      show(result.message || response.statusText);
    }
  };

  let dragged = null;
  board.addEventListener('dragstart', (event) => {
    dragged = event.target.closest?.('.deal-card[draggable="true"]');
    if (!dragged) return;
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData('text/plain', dragged.dataset.id);
    dragged.classList.add('dragging');
  });
  board.addEventListener('dragend', () => {
    dragged?.classList.remove('dragging');
    dragged = null;
    board.querySelectorAll('.drop-target').forEach((c) => c.classList.remove('drop-target'));
  });
  board.addEventListener('dragover', (event) => {
    const column = event.target.closest('.board-column');
    if (!column || !dragged) return;
    event.preventDefault();
    column.classList.add('drop-target');
  });
  board.addEventListener('dragleave', (event) => {
    const column = event.target.closest('.board-column');
    if (column && !column.contains(event.relatedTarget)) column.classList.remove('drop-target');
  });
  board.addEventListener('drop', (event) => {
    const column = event.target.closest('.board-column');
    if (!column || !dragged) return;
    event.preventDefault();
    column.classList.remove('drop-target');
    if (dragged.closest('.board-column') !== column) move(dragged, column.dataset.stage);
  });
  board.addEventListener('click', (event) => {
    const item = event.target.closest('[data-move-to]');
    if (item) move(item.closest('.deal-card'), item.dataset.moveTo);
  });
})();
