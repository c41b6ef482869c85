// The form designer: a list of field cards built from plain controls (no JSON is typed), reordered by drag and drop or
// by the up and down buttons, kept in the hidden "Fields" input that the server checks on save.
(function () {
    'use strict';
    const form = document.getElementById('form-designer');
    if (!form) { return; }
    const data = JSON.parse(document.getElementById('designer-data').textContent);
    const t = (key) => data.texts[key] || key;
    const hidden = document.getElementById('fields-json');
    const list = document.getElementById('field-list');
    let fields = [];
    try { fields = JSON.parse(hidden.value || '[]') || []; } catch (e) { fields = []; }
    let counter = 0;
    const nextId = () => 'fd-' + (++counter);
    const withOptions = (type) => type === 'SingleChoice' || type === 'MultipleChoice' || type === 'Dropdown';
    const holdsValue = (type) => type !== 'Heading' && type !== 'HelpText';
    // A card is headed by the label in the page's language (the Persian one when there is no English one).
    const english = document.documentElement.lang === 'en';
    const shownLabel = (field) => (english && field.LabelEn) || field.LabelFa;

    function el(tag, className, text) {
        const node = document.createElement(tag);
        if (className) { node.className = className; }
        if (text !== undefined) { node.textContent = text; }
        return node;
    }

    function labelled(text, control, col) {
        const wrap = el('div', col || 'col-md-6');
        const label = el('label', 'form-label small mb-0', text);
        label.htmlFor = control.id;
        wrap.append(label, control);
        return wrap;
    }

    function input(value, onInput, attrs) {
        const control = el(attrs && attrs.multiline ? 'textarea' : 'input', 'form-control form-control-sm');
        control.id = nextId();
        control.value = value ?? '';
        control.dir = attrs && attrs.ltr ? 'ltr' : 'auto';
        if (attrs && attrs.number) { control.inputMode = 'decimal'; }
        if (attrs && attrs.maxLength) { control.maxLength = attrs.maxLength; }
        if (attrs && attrs.multiline) { control.rows = 2; }
        control.addEventListener('input', () => { onInput(control.value); save(); });
        return control;
    }

    function check(value, onChange, text) {
        const wrap = el('div', 'form-check form-check-inline');
        const box = el('input', 'form-check-input');
        box.type = 'checkbox';
        box.id = nextId();
        box.checked = !!value;
        box.addEventListener('change', () => { onChange(box.checked); save(); });
        const label = el('label', 'form-check-label small', text);
        label.htmlFor = box.id;
        wrap.append(box, label);
        return wrap;
    }

    function choose(options, value, onChange) {
        const control = el('select', 'form-select form-select-sm');
        control.id = nextId();
        options.forEach((o) => control.add(new Option(o.label, o.value, false, String(o.value) === String(value ?? ''))));
        control.addEventListener('change', () => { onChange(control.value); save(); render(); });
        return control;
    }

    function numberOrNull(text) {
        const latin = String(text).replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 1776)).replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 1632)).trim();
        return latin === '' || isNaN(Number(latin)) ? null : Number(latin);
    }

    function newKey() {
        let i = fields.length + 1;
        while (fields.some((f) => f.Key === 'field' + i)) { i++; }
        return 'field' + i;
    }

    function newOptionValue(field) {
        let i = (field.Options || []).length + 1;
        while ((field.Options || []).some((o) => o.Value === 'o' + i)) { i++; }
        return 'o' + i;
    }

    function button(icon, label, onClick, className) {
        const b = el('button', 'btn btn-sm ' + (className || 'btn-outline-secondary'));
        b.type = 'button';
        b.setAttribute('aria-label', label);
        b.title = label;
        const i = el('i', 'bi bi-' + icon);
        b.append(i);
        b.addEventListener('click', onClick);
        return b;
    }

    function move(index, by) {
        const target = index + by;
        if (target < 0 || target >= fields.length) { return; }
        const [field] = fields.splice(index, 1);
        fields.splice(target, 0, field);
        save();
        render();
        const card = list.children[target];
        if (card) { card.querySelector('[data-move="' + (by < 0 ? 'up' : 'down') + '"]')?.focus(); }
    }

    function optionsEditor(field) {
        const box = el('div', 'col-12');
        box.append(el('div', 'form-label small mb-1', t('Options')));
        (field.Options || []).forEach((option, i) => {
            const row = el('div', 'input-group input-group-sm mb-1');
            const fa = input(option.LabelFa, (v) => { option.LabelFa = v; }, { maxLength: 200 });
            fa.setAttribute('aria-label', t('OptionFa'));
            fa.placeholder = t('OptionFa');
            const en = input(option.LabelEn, (v) => { option.LabelEn = v; }, { maxLength: 200, ltr: true });
            en.setAttribute('aria-label', t('OptionEn'));
            en.placeholder = t('OptionEn');
            row.append(fa, en, button('x-lg', t('RemoveOption'), () => { field.Options.splice(i, 1); save(); render(); }, 'btn-outline-danger'));
            box.append(row);
        });
        const add = el('button', 'btn btn-sm btn-outline-primary', t('AddOption'));
        add.type = 'button';
        add.addEventListener('click', () => { field.Options = field.Options || []; field.Options.push({ Value: newOptionValue(field), LabelFa: '', LabelEn: '' }); save(); render(); });
        box.append(add);
        return box;
    }

    function card(field, index) {
        const item = el('div', 'card mb-2 field-card');
        item.draggable = true;
        item.dataset.index = String(index);
        const head = el('div', 'card-header d-flex align-items-center gap-2 py-1');
        const grip = el('i', 'bi bi-grip-vertical text-muted');
        grip.setAttribute('aria-hidden', 'true');
        const title = el('span', 'fw-semibold me-auto text-truncate');
        const retitle = () => { title.textContent = (shownLabel(field) || t('Untitled')) + ' · ' + t('Type_' + field.Type); };
        retitle();
        const up = button('arrow-up', t('MoveUp'), () => move(index, -1));
        up.dataset.move = 'up';
        const down = button('arrow-down', t('MoveDown'), () => move(index, 1));
        down.dataset.move = 'down';
        const remove = button('trash', t('RemoveField'), () => { fields.splice(index, 1); save(); render(); }, 'btn-outline-danger');
        head.append(grip, title, up, down, remove);
        const body = el('div', 'card-body row g-2 py-2');
        body.append(labelled(t('LabelFa'), input(field.LabelFa, (v) => { field.LabelFa = v; retitle(); }, { maxLength: 200 })));
        body.append(labelled(t('LabelEn'), input(field.LabelEn, (v) => { field.LabelEn = v; retitle(); }, { maxLength: 200, ltr: true })));
        if (holdsValue(field.Type)) {
            body.append(labelled(t('HelpFa'), input(field.HelpFa, (v) => { field.HelpFa = v || null; }, { maxLength: 500 })));
            body.append(labelled(t('HelpEn'), input(field.HelpEn, (v) => { field.HelpEn = v || null; }, { maxLength: 500, ltr: true })));
            const flags = el('div', 'col-12');
            flags.append(check(field.Required, (v) => { field.Required = v; }, t('Required')));
            flags.append(check(field.StaffFills, (v) => { field.StaffFills = v; if (!v) { field.IsStatus = false; } render(); }, t('StaffFills')));
            flags.append(check(field.OnPortal !== false, (v) => { field.OnPortal = v; }, t('OnPortal')));
            if (field.StaffFills && (withOptions(field.Type) || field.Type === 'ShortText')) {
                flags.append(check(field.IsStatus, (v) => { field.IsStatus = v; }, t('IsStatus')));
            }
            body.append(flags);
            if (field.Type !== 'File') {
                body.append(labelled(t('Default'), input(field.Default, (v) => { field.Default = v || null; }, { maxLength: 200 }), 'col-md-4'));
            }
            if (field.Type === 'ShortText' || field.Type === 'LongText') {
                body.append(labelled(t('MinLength'), input(field.MinLength, (v) => { field.MinLength = numberOrNull(v); }, { number: true, ltr: true }), 'col-6 col-md-2'));
                body.append(labelled(t('MaxLength'), input(field.MaxLength, (v) => { field.MaxLength = numberOrNull(v); }, { number: true, ltr: true }), 'col-6 col-md-2'));
            }
            if (field.Type === 'Number' || field.Type === 'Amount' || field.Type === 'Date' || field.Type === 'DateTime') {
                const hint = field.Type === 'Date' || field.Type === 'DateTime' ? ' (' + t('DaysFromToday') + ')' : '';
                body.append(labelled(t('Min') + hint, input(field.Min, (v) => { field.Min = numberOrNull(v); }, { number: true, ltr: true }), 'col-6 col-md-3'));
                body.append(labelled(t('Max') + hint, input(field.Max, (v) => { field.Max = numberOrNull(v); }, { number: true, ltr: true }), 'col-6 col-md-3'));
            }
            if (field.Type === 'ShortText' || field.Type === 'LongText' || field.Type === 'Mobile' || field.Type === 'Email') {
                body.append(labelled(t('Pattern'), input(field.Pattern, (v) => { field.Pattern = v || null; }, { maxLength: 200, ltr: true }), 'col-md-4'));
            }
            if (field.Type === 'ShortText') {
                body.append(labelled(t('ContactPart'), choose(data.contactParts, field.ContactPart || 'None', (v) => { field.ContactPart = v; }), 'col-md-4'));
            }
            if (field.Type === 'File') {
                body.append(labelled(t('FileTypes'), input(field.FileTypes, (v) => { field.FileTypes = v || null; }, { maxLength: 200, ltr: true }), 'col-md-6'));
                body.append(labelled(t('MaxKilobytes'), input(field.MaxKilobytes, (v) => { field.MaxKilobytes = numberOrNull(v); }, { number: true, ltr: true }), 'col-md-3'));
            }
            if (withOptions(field.Type)) {
                body.append(optionsEditor(field));
            }
        }
        const earlier = fields.slice(0, index).filter((f) => withOptions(f.Type) || f.Type === 'YesNo');
        if (earlier.length > 0) {
            const when = field.ShowWhen || { Field: '', Value: '' };
            const row = el('div', 'col-12 row g-2 m-0 p-0');
            row.append(labelled(t('ShowWhen'), choose([{ label: t('Always'), value: '' }].concat(earlier.map((f) => ({ label: f.LabelFa || f.Key, value: f.Key }))), when.Field,
                (v) => { field.ShowWhen = v ? { Field: v, Value: '' } : null; }), 'col-md-6'));
            const source = earlier.find((f) => f.Key === when.Field);
            if (source) {
                const values = source.Type === 'YesNo' ? [{ label: t('Yes'), value: 'true' }, { label: t('No'), value: 'false' }]
                    : (source.Options || []).map((o) => ({ label: o.LabelFa || o.Value, value: o.Value }));
                row.append(labelled(t('ShowValue'), choose([{ label: '—', value: '' }].concat(values), when.Value, (v) => { field.ShowWhen = { Field: when.Field, Value: v }; }), 'col-md-6'));
            }
            body.append(row);
        }
        item.append(head, body);
        item.addEventListener('dragstart', (event) => { event.dataTransfer.setData('text/plain', String(index)); item.classList.add('opacity-50'); });
        item.addEventListener('dragend', () => item.classList.remove('opacity-50'));
        item.addEventListener('dragover', (event) => event.preventDefault());
        item.addEventListener('drop', (event) => {
            event.preventDefault();
            const from = Number(event.dataTransfer.getData('text/plain'));
            if (Number.isInteger(from) && from !== index) { move(from, index - from); }
        });
        return item;
    }

    function render() {
        list.replaceChildren(...fields.map(card));
        document.getElementById('no-fields').hidden = fields.length > 0;
    }

    function save() {
        hidden.value = JSON.stringify(fields);
    }

    document.querySelectorAll('[data-add-field]').forEach((b) => b.addEventListener('click', () => {
        const type = b.dataset.addField;
        const field = { Key: newKey(), Type: type, LabelFa: '', LabelEn: '', Required: false, OnPortal: true, Options: [] };
        if (withOptions(type)) { field.Options = [{ Value: 'o1', LabelFa: '', LabelEn: '' }]; }
        if (type === 'File') { field.MaxKilobytes = 2048; field.FileTypes = '.pdf,.jpg,.png'; }
        fields.push(field);
        save();
        render();
        list.lastElementChild?.querySelector('input')?.focus();
    }));
    form.addEventListener('submit', save);
    render();
})();
