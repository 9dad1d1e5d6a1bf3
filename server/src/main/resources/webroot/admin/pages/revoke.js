// Revoking a tablet: a warning that it wipes the tablet, what hand-over means, a choice, and
// a confirmation button. Nothing happens until that button.

import { h, page, summaryList, notify } from '../lib/dom.js';
import { api } from '../lib/api.js';
import { radios, button } from '../lib/components.js';
import { showErrors, plain } from '../lib/errors.js';
import { when } from '../lib/format.js';
import { tabletName } from './devices.js';

export async function render({ params }) {
  const d = await api('GET', 'admin/devices');
  const x = d.devices.find((y) => y.deviceId === params.id);
  if (!x || x.status !== 'active') {
    page('revoke', 'This tablet cannot be revoked', [h('p', {}, x ? 'It has already been revoked.' : 'There is no such tablet.'),
      h('p', {}, h('a', { href: '#/devices' }, 'Back to devices'))]);
    return;
  }
  const name = tabletName(x);
  const owner = x.displayName || x.userId;
  const form = h('form', { id: 'revoke-form', novalidate: true },
    radios({ id: 'group-handover', name: 'handover', legend: 'Should the tablet hand over work it has not sent yet?',
      hint: 'Hand-over means that, before it wipes itself, the tablet sends the records it has not synced yet. '
        + 'They are kept aside on the server for a sync admin to check, so nothing the worker wrote is lost.',
      items: [
        { id: 'handover-yes', value: 'yes', label: 'Yes, hand over first',
          hint: 'Choose this when the tablet is still with the worker, for example when they leave or get a new tablet.' },
        { id: 'handover-no', value: 'no', label: 'No, wipe it straight away',
          hint: 'Choose this when the tablet is lost or stolen. Records it has not synced will be lost.' },
      ] }),
    h('div', { class: 'button-group' },
      button(`Revoke and wipe ${name}`, { id: 'revoke-confirm', class: 'button warning' }),
      h('a', { href: '#/devices', class: 'link' }, 'Cancel')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const chosen = form.querySelector('input[name="handover"]:checked');
    if (!chosen) {
      showErrors([{ text: 'Choose whether the tablet should hand over its unsent work first', target: 'handover-yes', field: 'group-handover' }]);
      return;
    }
    try {
      await api('POST', `admin/devices/${encodeURIComponent(x.deviceId)}/revoke`, { quarantine: chosen.value === 'yes' });
      notify('success', `${name} has been revoked.`, chosen.value === 'yes'
        ? 'At its next connection it will hand over its unsent work, then wipe itself.'
        : 'At its next connection it will wipe itself.');
      location.hash = '#/devices';
    } catch (p) {
      if (!p.code || p.status === 401) throw p;
      showErrors([{ text: plain(p), target: 'handover-yes' }], p);
    }
  });
  page('revoke', `Revoke ${name}?`, [
    h('p', { class: 'lead' }, `${owner}'s tablet, last seen ${x.lastSeenAt ? when(x.lastSeenAt) : 'never'}.`),
    h('div', { class: 'warning-text' },
      h('span', { class: 'warning-text__icon', 'aria-hidden': 'true' }, '!'),
      h('strong', { class: 'warning-text__text' }, h('span', { class: 'visually-hidden' }, 'Warning: '),
        'Revoking wipes the tablet. At its next connection it deletes every record, attachment and key it holds, '
        + `and it can no longer sync. ${owner} will need the tablet enrolled again to use it. This cannot be undone.`)),
    summaryList([
      ['Waiting to sync', x.pending === null || x.pending === undefined ? 'Not reported' : `${x.pending} record${x.pending === 1 ? '' : 's'}`],
      ['Needs attention', x.needsAttention === null || x.needsAttention === undefined ? 'Not reported' : `${x.needsAttention} record${x.needsAttention === 1 ? '' : 's'}`],
    ]),
    form]);
}
