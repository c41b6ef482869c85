// The workflow designer: builds the definition from plain form controls (no JSON is typed) and keeps it in the form's
// hidden "Definition" field, which the server validates on save and on a dry run.
(function () {
    'use strict';
    const form = document.getElementById('workflow-form');
    if (!form) { return; }
    const data = JSON.parse(document.getElementById('designer-data').textContent);
    const t = (key) => data.texts[key] || key;
    const hidden = document.getElementById('definition');
    const typeSelect = document.getElementById('record-type');
    let def = {};
    try { def = JSON.parse(hidden.value || '{}') || {}; } catch (e) { def = {}; }
    def.trigger = def.trigger || { kind: 'Created' };
    def.conditions = def.conditions || { any: false, rules: [], groups: [] };
    def.steps = def.steps || [];

    data.schemas.forEach((s) => typeSelect.add(new Option(s.label, s.type, false, s.type === typeSelect.dataset.current)));
    const schema = () => data.schemas.find((s) => s.type === typeSelect.value) || data.schemas[0];
    const fieldOf = (name) => schema().fields.find((f) => f.name === name);

    let counter = 0;
    const nextId = () => 'wf-' + (++counter);

    function el(tag, className, text) {
        const node = document.createElement(tag);
        if (className) { node.className = className; }
        if (text !== undefined) { node.textContent = text; }
        return node;
    }

    function choose(options, value, onChange, label) {
        const control = el('select', 'form-select form-select-sm');
        control.id = nextId();
        if (label) { control.setAttribute('aria-label', label); }
        options.forEach((o) => control.add(new Option(o.label, o.value, false, String(o.value) === String(value ?? ''))));
        control.addEventListener('change', () => onChange(control.value));
        return control;
    }

    function type(value, onInput, label, attrs) {
        const control = el(attrs && attrs.multiline ? 'textarea' : 'input', 'form-control form-control-sm');
        control.id = nextId();
        control.value = value ?? '';
        if (label) { control.setAttribute('aria-label', label); }
        control.dir = 'auto';
        if (attrs && attrs.number) { control.type = 'number'; control.min = '0'; control.max = '3650'; control.dir = 'ltr'; }
        if (attrs && attrs.maxLength) { control.maxLength = attrs.maxLength; }
        if (attrs && attrs.multiline) { control.rows = 3; }
        control.addEventListener('input', () => onInput(control.value));
        return control;
    }

    function check(value, onChange, label) {
        const wrap = el('div', 'form-check form-check-inline m-0');
        const box = el('input', 'form-check-input');
        box.type = 'checkbox';
        box.id = nextId();
        box.checked = !!value;
        box.addEventListener('change', () => onChange(box.checked));
        const text = el('label', 'form-check-label small', label);
        text.htmlFor = box.id;
        wrap.append(box, text);
        return wrap;
    }

    function labelled(text, control, size) {
        const wrap = el('div', size || 'col-sm-6');
        const label = el('label', 'form-label small mb-0', text);
        label.htmlFor = control.id || '';
        wrap.append(label, control);
        return wrap;
    }

    function button(text, onClick, className, icon) {
        const b = el('button', className || 'btn btn-sm btn-outline-secondary');
        b.type = 'button';
        if (icon) { const i = el('i', 'bi bi-' + icon); i.setAttribute('aria-hidden', 'true'); b.append(i, ' '); }
        b.append(text);
        b.addEventListener('click', onClick);
        return b;
    }

    // A value box that fits the field: a list of its choices, or text.
    function valueControl(field, value, onChange, anyLabel) {
        if (field && field.choices && field.choices.length > 0) {
            const options = (anyLabel ? [{ value: '', label: anyLabel }] : []).concat(field.choices);
            return choose(options, value, onChange, t('Ed_Value'));
        }
        return type(value, onChange, t('Ed_Value'), { maxLength: 500 });
    }

    function renderTrigger() {
        const box = document.getElementById('trigger-editor');
        box.replaceChildren();
        const row = el('div', 'row g-2');
        const events = schema().events || [];
        const kinds = ['Created', 'Updated', 'DateReached', 'Schedule', 'Manual'].concat(events.length > 0 ? ['Event'] : [])
            .map((k) => ({ value: k, label: t('Trigger_' + k) }));
        row.append(labelled(t('Ed_Kind'), choose(kinds, def.trigger.kind, (v) => { def.trigger = { kind: v }; renderTrigger(); }), 'col-sm-4'));
        if (def.trigger.kind === 'DateReached') {
            const dates = schema().fields.filter((f) => f.kind === 'Date');
            if (!def.trigger.field && dates.length > 0) { def.trigger.field = dates[0].name; }
            def.trigger.unit = def.trigger.unit || 'Days';
            row.append(labelled(t('Ed_DateField'), choose(dates.map((f) => ({ value: f.name, label: f.label })), def.trigger.field, (v) => { def.trigger.field = v; }), 'col-sm-4'));
            const when = el('div', 'row g-2 mt-0');
            duration(def.trigger, when, t('Ed_HowLong'));
            when.append(labelled(t('Ed_BeforeAfter'), choose([{ value: 'after', label: t('Ed_After') }, { value: 'before', label: t('Ed_Before') }], def.trigger.before ? 'before' : 'after',
                (v) => { def.trigger.before = v === 'before'; if (def.trigger.before) { def.trigger.working = false; } renderTrigger(); }), 'col-sm-4'));
            box.append(row, when);
            return;
        }
        if (def.trigger.kind === 'Schedule') {
            const cron = labelled(t('Ed_Cron'), type(def.trigger.cron || '0 9 * * 6', (v) => { def.trigger.cron = v.trim(); }, t('Ed_Cron'), { maxLength: 100 }), 'col-sm-4');
            cron.querySelector('input').dir = 'ltr';
            def.trigger.cron = def.trigger.cron || '0 9 * * 6';
            cron.append(el('div', 'form-text', t('Ed_CronHelp')));
            row.append(cron);
        }
        if (def.trigger.kind === 'Event') {
            if (!def.trigger.event && events.length > 0) { def.trigger.event = events[0].value; }
            row.append(labelled(t('Ed_Event'), choose(events, def.trigger.event, (v) => { def.trigger.event = v; }), 'col-sm-4'));
        }
        if (def.trigger.kind === 'Updated') {
            const fields = [{ value: '', label: t('Ed_AnyField') }].concat(schema().fields.map((f) => ({ value: f.name, label: f.label })));
            row.append(labelled(t('Ed_Field'), choose(fields, def.trigger.field, (v) => { def.trigger.field = v || null; def.trigger.to = null; renderTrigger(); }), 'col-sm-4'));
            if (def.trigger.field) {
                row.append(labelled(t('Ed_Value'), valueControl(fieldOf(def.trigger.field), def.trigger.to, (v) => { def.trigger.to = v || null; }, t('Ed_AnyValue')), 'col-sm-4'));
            }
        }
        box.append(row);
    }

    const operators = ['Equals', 'NotEquals', 'Contains', 'Empty', 'NotEmpty', 'Greater', 'Less', 'In', 'Was', 'ChangedFrom', 'Changed', 'HasTag'];
    const valueless = ['Empty', 'NotEmpty', 'Changed'];

    function renderGroup(group, depth) {
        group.rules = group.rules || [];
        group.groups = group.groups || [];
        const box = el('div', depth > 0 ? 'border rounded p-2 mb-2 bg-body-tertiary' : '');
        const head = el('div', 'd-flex flex-wrap align-items-center gap-2 mb-2');
        head.append(choose([{ value: 'all', label: t('Ed_All') }, { value: 'any', label: t('Ed_Any') }], group.any ? 'any' : 'all', (v) => { group.any = v === 'any'; }, t('Ed_Group')));
        head.lastChild.classList.add('w-auto');
        box.append(head);
        if (group.rules.length === 0 && group.groups.length === 0 && depth === 0) {
            box.append(el('p', 'small text-muted mb-2', t('Ed_NoConditions')));
        }
        group.rules.forEach((rule, index) => {
            const row = el('div', 'row g-1 mb-1 align-items-center rule');
            const fields = schema().fields.map((f) => ({ value: f.name, label: f.label }));
            if (!rule.field) { rule.field = fields[0].value; }
            const fieldBox = el('div', 'col-sm-4');
            fieldBox.append(choose(fields, rule.field, (v) => { rule.field = v; rule.value = null; refresh(); }, t('Ed_Field')));
            const opBox = el('div', 'col-sm-3');
            opBox.append(choose(operators.map((o) => ({ value: o, label: t('Op_' + o) })), rule.operator || 'Equals', (v) => { rule.operator = v; refresh(); }, t('Ed_Operator')));
            rule.operator = rule.operator || 'Equals';
            const valueBox = el('div', 'col-sm-4');
            if (!valueless.includes(rule.operator)) {
                const field = fieldOf(rule.field);
                valueBox.append(rule.operator === 'In' || rule.operator === 'Contains' || rule.operator === 'HasTag'
                    ? type(rule.value, (v) => { rule.value = v; }, t('Ed_Value'), { maxLength: 500 })
                    : valueControl(field, rule.value, (v) => { rule.value = v; }));
                if (field && field.choices && field.choices.length > 0 && rule.value == null && !['In', 'Contains', 'HasTag'].includes(rule.operator)) { rule.value = field.choices[0].value; }
            }
            const removeBox = el('div', 'col-sm-1');
            removeBox.append(button('', () => { group.rules.splice(index, 1); refresh(); }, 'btn btn-sm btn-outline-danger', 'x-lg'));
            removeBox.lastChild.setAttribute('aria-label', t('Ed_Remove'));
            row.append(fieldBox, opBox, valueBox, removeBox);
            box.append(row);
        });
        group.groups.forEach((inner, index) => {
            const wrap = renderGroup(inner, depth + 1);
            wrap.prepend(button(t('Ed_Remove'), () => { group.groups.splice(index, 1); refresh(); }, 'btn btn-sm btn-link text-danger float-end p-0'));
            box.append(wrap);
        });
        const actions = el('div', 'd-flex gap-2 mt-1');
        actions.append(button(t('Ed_AddRule'), () => { group.rules.push({ field: schema().fields[0].name, operator: 'Equals', value: null }); refresh(); }, null, 'plus'));
        if (depth < 2) {
            actions.append(button(t('Ed_AddGroup'), () => { group.groups.push({ any: !group.any, rules: [{ field: schema().fields[0].name, operator: 'Equals' }], groups: [] }); refresh(); }, null, 'diagram-2'));
        }
        box.append(actions);
        return box;
    }

    // "Create a related record" only where some record type can be opened for this one.
    const stepKinds = () => ['CreateTask', 'Approval', 'AssignOwner', 'SetField', 'AddTag', 'RemoveTag', 'CloseTasks']
        .concat((schema().opens || []).length > 0 ? ['CreateRecord'] : [])
        .concat(['SendSms', 'SendEmail', 'Notify', 'Wait', 'If', 'Repeat', 'Stop']);
    const newCondition = () => ({ any: false, rules: [{ field: schema().fields[0].name, operator: 'Equals' }], groups: [] });

    function newStep(kind) {
        const step = { kind: kind, amount: 0, unit: 'Hours', working: true, tags: [], then: [], else: [] };
        if (kind === 'CreateTask') { step.activityKind = 'Task'; step.amount = 1; step.to = 'Owner'; }
        if (kind === 'Approval') { step.amount = 2; step.unit = 'Days'; step.to = 'User'; }
        if (kind === 'Wait') { step.amount = 1; step.unit = 'Days'; }
        if (kind === 'If') { step.condition = newCondition(); }
        if (kind === 'Repeat') { step.condition = newCondition(); step.amount = 7; step.unit = 'Days'; step.working = false; step.times = 8; }
        if (kind === 'CreateRecord') { step.recordType = (schema().opens || [{}])[0].value; }
        if (kind === 'SendSms' || kind === 'SendEmail') {
            const texts = schema().fields.filter((f) => f.kind === 'Text');
            step.field = texts.length > 0 ? texts[0].name : null;
        }
        return step;
    }

    function recipient(step, row) {
        step.to = step.to || 'Owner';
        const whom = [{ value: 'Owner', label: t('Ed_Owner') }, { value: 'TeamLeader', label: t('Ed_TeamLeader') }, { value: 'User', label: t('Ed_User') }, { value: 'Role', label: t('Ed_Role') }];
        // Only a task can go to the record's customer, who does it on the portal.
        if (step.kind === 'CreateTask' && schema().customer) { whom.push({ value: 'Customer', label: t('Ed_Customer') }); }
        row.append(labelled(t('Ed_For'), choose(whom, step.to, (v) => { step.to = v; refresh(); }), 'col-sm-4'));
        if (step.to === 'Customer') {
            step.ask = step.ask || 'Confirm';
            const asks = ['Confirm', 'Upload', 'Form'].map((a) => ({ value: a, label: t('Portal_Ask_' + a) }));
            row.append(labelled(t('Ed_Ask'), choose(asks, step.ask, (v) => { step.ask = v; refresh(); }), 'col-sm-4'));
            if (step.ask === 'Form') {
                if (!step.form && data.forms.length > 0) { step.form = data.forms[0].value; }
                row.append(labelled(t('Ed_Form'), choose(data.forms, step.form, (v) => { step.form = v; }), 'col-sm-4'));
            }
            row.append(labelled(t('Ed_Instructions'), type(step.text, (v) => { step.text = v || null; }, t('Ed_Instructions'), { multiline: true, maxLength: 2000 }), 'col-12'));
        }
        if (step.to === 'User') {
            row.append(labelled(t('Ed_User'), choose(userOptions(), step.userId, (v) => { step.userId = v || null; }), 'col-sm-4'));
        }
        if (step.to === 'Role') {
            if (!step.role && data.roles.length > 0) { step.role = data.roles[0]; }
            row.append(labelled(t('Ed_Role'), choose(data.roles.map((r) => ({ value: r, label: r })), step.role, (v) => { step.role = v; }), 'col-sm-4'));
        }
    }

    const userOptions = () => [{ value: '', label: '—' }].concat(data.users.map((u) => ({ value: u.id, label: u.name })));

    function duration(step, row, label) {
        const units = ['Minutes', 'Hours', 'Days'].map((u) => ({ value: u, label: t('Unit_' + u) }));
        row.append(labelled(label, type(step.amount, (v) => { step.amount = parseInt(v, 10) || 0; }, label, { number: true }), 'col-4 col-sm-2'));
        row.append(labelled(t('Ed_Unit'), choose(units, step.unit || 'Hours', (v) => { step.unit = v; }), 'col-8 col-sm-3'));
        const working = el('div', 'col-sm-3 d-flex align-items-end');
        working.append(check(step.working, (v) => { step.working = v; }, t('Ed_Working')));
        row.append(working);
    }

    function tags(step, row) {
        row.append(labelled(t('Ed_Tags'), type((step.tags || []).join(', '), (v) => { step.tags = v.split(/[,،]/).map((x) => x.trim()).filter((x) => x.length > 0); }, t('Ed_TagsHelp'), { maxLength: 400 }), 'col-sm-6'));
    }

    function stepBody(step) {
        const row = el('div', 'row g-2');
        switch (step.kind) {
            case 'CreateTask': {
                // A customer's task is done on the portal: it is neither a call nor a meeting, and has no priority in anyone's day.
                const staffTask = step.to !== 'Customer';
                if (staffTask) {
                    row.append(labelled(t('Ed_Kind'), choose(['Task', 'Call', 'Meeting'].map((k) => ({ value: k, label: t('Activity_' + k) })), step.activityKind || 'Task', (v) => { step.activityKind = v; }), 'col-sm-3'));
                }
                row.append(labelled(t('Ed_Subject'), type(step.subject, (v) => { step.subject = v; }, t('Ed_Subject'), { maxLength: 200 }), 'col-sm-9'));
                recipient(step, row);
                duration(step, row, t('Ed_DueIn'));
                tags(step, row);
                if (schema().type === 'Opportunity') {
                    row.append(labelled(t('Ed_Progress'), type(step.progress || 0, (v) => { step.progress = Math.min(100, parseInt(v, 10) || 0); }, t('Ed_Progress'), { number: true }), 'col-sm-3'));
                }
                const high = el('div', 'col-sm-6 d-flex align-items-end gap-3');
                if (staffTask) { high.append(check(step.highPriority, (v) => { step.highPriority = v; }, t('Ed_High'))); }
                high.append(check(step.waitUntilDone, (v) => { step.waitUntilDone = v; }, t('Ed_WaitDone')));
                if (staffTask) { high.append(check(step.onlyIfNoneOpen, (v) => { step.onlyIfNoneOpen = v; }, t('Ed_OnlyIfNone'))); }
                row.append(high);
                break;
            }
            case 'Approval': {
                row.append(labelled(t('Ed_Subject'), type(step.subject, (v) => { step.subject = v; }, t('Ed_Subject'), { maxLength: 200 }), 'col-12'));
                recipient(step, row);
                duration(step, row, t('Ed_TimeOut'));
                tags(step, row);
                const approved = el('div', 'col-12 border-start border-success border-3 ps-2');
                approved.append(el('div', 'small fw-semibold text-success mb-1', t('Ed_Approved')));
                approved.append(renderSteps(step.then = step.then || []));
                const rejected = el('div', 'col-12 border-start border-danger border-3 ps-2');
                rejected.append(el('div', 'small fw-semibold text-danger mb-1', t('Ed_Rejected')));
                rejected.append(renderSteps(step.else = step.else || []));
                row.append(approved, rejected);
                break;
            }
            case 'SetField': {
                const settable = schema().fields.filter((f) => f.settable);
                if (!step.field && settable.length > 0) { step.field = settable[0].name; }
                row.append(labelled(t('Ed_Field'), choose(settable.map((f) => ({ value: f.name, label: f.label })), step.field, (v) => { step.field = v; step.value = null; refresh(); }), 'col-sm-6'));
                const field = fieldOf(step.field);
                if (field && field.choices && field.choices.length > 0 && step.value == null) { step.value = field.choices[0].value; }
                row.append(labelled(t('Ed_Value'), valueControl(field, step.value, (v) => { step.value = v; }), 'col-sm-6'));
                break;
            }
            case 'AddTag':
            case 'RemoveTag':
                tags(step, row);
                break;
            case 'CreateRecord': {
                row.append(labelled(t('Ed_RecordType'), choose(schema().opens || [], step.recordType, (v) => { step.recordType = v; }), 'col-sm-4'));
                const name = labelled(t('Ed_RecordName'), type(step.subject, (v) => { step.subject = v || null; }, t('Ed_RecordName'), { maxLength: 200 }), 'col-sm-8');
                name.append(el('div', 'form-text', t('Ed_RecordNameHelp')));
                row.append(name);
                break;
            }
            case 'AssignOwner': {
                // "mode" is unknown to the server (it reads the user's or the team's id); kept only while the form is open.
                step.mode = step.mode || (step.userId ? 'User' : step.teamId ? 'Team' : 'Own');
                const modes = [{ value: 'Own', label: t('Ed_OwnTeam') }, { value: 'Team', label: t('Ed_RoundRobin') }, { value: 'User', label: t('Ed_User') }];
                row.append(labelled(t('Ed_AssignTo'), choose(modes, step.mode, (v) => { step.mode = v; step.userId = null; step.teamId = null; refresh(); }), 'col-sm-4'));
                if (step.mode === 'Own') {
                    break;
                }
                if (step.mode === 'Team') {
                    const teams = [{ value: '', label: '—' }].concat(data.teams.map((x) => ({ value: x.id, label: x.name })));
                    row.append(labelled(t('Ed_Team'), choose(teams, step.teamId, (v) => { step.teamId = v || null; }), 'col-sm-4'));
                } else {
                    row.append(labelled(t('Ed_User'), choose(userOptions(), step.userId, (v) => { step.userId = v || null; }), 'col-sm-4'));
                }
                break;
            }
            case 'Repeat': {
                duration(step, row, t('Ed_Every'));
                row.append(labelled(t('Ed_Times'), type(step.times || 1, (v) => { step.times = parseInt(v, 10) || 0; }, t('Ed_Times'), { number: true }), 'col-4 col-sm-2'));
                const until = el('div', 'col-12');
                until.append(el('div', 'small fw-semibold mb-1', t('Ed_RepeatUntil')));
                until.append(renderGroup(step.condition = step.condition || newCondition(), 1));
                const body = el('div', 'col-12 border-start border-info border-3 ps-2');
                body.append(el('div', 'small fw-semibold text-info-emphasis mb-1', t('Ed_RepeatSteps')));
                body.append(renderSteps(step.then = step.then || []));
                row.append(until, body);
                break;
            }
            case 'SendSms':
            case 'SendEmail': {
                const texts = schema().fields.filter((f) => f.kind === 'Text');
                row.append(labelled(t('Ed_SendTo'), choose(texts.map((f) => ({ value: f.name, label: f.label })), step.field, (v) => { step.field = v; }), 'col-sm-6'));
                const marketing = el('div', 'col-sm-6 d-flex align-items-end');
                marketing.append(check(step.marketing, (v) => { step.marketing = v; }, t('Ed_Marketing')));
                row.append(marketing);
                if (step.kind === 'SendEmail') {
                    row.append(labelled(t('Ed_Subject'), type(step.subject, (v) => { step.subject = v; }, t('Ed_Subject'), { maxLength: 200 }), 'col-12'));
                }
                row.append(labelled(t('Ed_Text'), type(step.text, (v) => { step.text = v; }, t('Ed_Text'), { multiline: true, maxLength: step.kind === 'SendSms' ? 1000 : 10000 }), 'col-12'));
                break;
            }
            case 'Notify':
                recipient(step, row);
                row.append(labelled(t('Ed_Text'), type(step.text, (v) => { step.text = v; }, t('Ed_Text'), { maxLength: 500 }), 'col-12'));
                break;
            case 'Wait': {
                const waitsFor = step.condition && step.condition.rules && step.condition.rules.length > 0;
                duration(step, row, waitsFor ? t('Ed_TimeOut') : t('Ed_WaitFor'));
                const until = el('div', 'col-12');
                until.append(check(waitsFor, (v) => { step.condition = v ? newCondition() : null; refresh(); }, t('Ed_Until')));
                row.append(until);
                if (waitsFor) { const c = el('div', 'col-12'); c.append(renderGroup(step.condition, 1)); row.append(c); }
                break;
            }
            case 'If': {
                const c = el('div', 'col-12');
                c.append(renderGroup(step.condition, 1));
                const thenBox = el('div', 'col-12 border-start border-success border-3 ps-2');
                thenBox.append(el('div', 'small fw-semibold text-success mb-1', t('Ed_Then')));
                thenBox.append(renderSteps(step.then = step.then || []));
                const elseBox = el('div', 'col-12 border-start border-secondary border-3 ps-2');
                elseBox.append(el('div', 'small fw-semibold text-secondary mb-1', t('Ed_Else')));
                elseBox.append(renderSteps(step.else = step.else || []));
                row.append(c, thenBox, elseBox);
                break;
            }
            default:
                break;
        }
        return row;
    }

    function renderSteps(list) {
        const box = el('div', 'steps');
        list.forEach((step, index) => {
            const card = el('div', 'card mb-2 step');
            card.dataset.kind = step.kind;
            const head = el('div', 'card-header py-1 d-flex align-items-center gap-1');
            head.append(el('span', 'fw-semibold small me-auto', (index + 1).toLocaleString(document.documentElement.lang || undefined) + '. ' + t('Step_' + step.kind)));
            const up = button('', () => { list.splice(index - 1, 0, list.splice(index, 1)[0]); refresh(); }, 'btn btn-sm btn-link p-0', 'arrow-up');
            up.setAttribute('aria-label', t('Ed_Up'));
            up.disabled = index === 0;
            const down = button('', () => { list.splice(index + 1, 0, list.splice(index, 1)[0]); refresh(); }, 'btn btn-sm btn-link p-0', 'arrow-down');
            down.setAttribute('aria-label', t('Ed_Down'));
            down.disabled = index === list.length - 1;
            const remove = button('', () => { list.splice(index, 1); refresh(); }, 'btn btn-sm btn-link text-danger p-0', 'trash');
            remove.setAttribute('aria-label', t('Ed_Remove'));
            head.append(up, down, remove);
            const body = el('div', 'card-body py-2');
            body.append(stepBody(step));
            card.append(head, body);
            box.append(card);
        });
        const add = choose([{ value: '', label: '+ ' + t('Ed_AddStep') }].concat(stepKinds().map((k) => ({ value: k, label: t('Step_' + k) }))), '', (v) => {
            if (v) { list.push(newStep(v)); refresh(); }
        }, t('Ed_AddStep'));
        add.classList.add('w-auto', 'add-step');
        box.append(add);
        return box;
    }

    function refresh() {
        renderTrigger();
        document.getElementById('conditions-editor').replaceChildren(renderGroup(def.conditions, 0));
        document.getElementById('steps-editor').replaceChildren(renderSteps(def.steps));
        document.getElementById('placeholders').textContent = t('Ed_Placeholders') + ' ' + schema().fields.filter((f) => f.kind === 'Text').map((f) => '{' + f.name + '}').join(' ');
        hidden.value = JSON.stringify(def);
    }

    typeSelect.addEventListener('change', () => {
        def.trigger = { kind: def.trigger.kind };
        def.conditions = { any: false, rules: [], groups: [] };
        def.steps = [];
        refresh();
    });

    form.addEventListener('submit', (event) => {
        hidden.value = JSON.stringify(def);
        const via = event.submitter;
        if (via && via.id === 'dry-run') {
            event.preventDefault();
            const output = document.getElementById('dry-run-output');
            const body = new FormData(form);
            fetch(via.formAction, { method: 'POST', body: body, credentials: 'same-origin' })
                .then((response) => response.text())
                .then((html) => { output.innerHTML = html; });
        }
    });

    refresh();
}());
