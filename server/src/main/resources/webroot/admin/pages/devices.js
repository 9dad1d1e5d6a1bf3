// The devices page: each tablet by name with its worker, what it last reported, and a way to
// revoke it (which asks first: see revoke.js).

import { h, hidden, page } from '../lib/dom.js';
import { api } from '../lib/api.js';
import { ago, when } from '../lib/format.js';

const STATUS = {
  active: 'In use',
  revoked: 'Revoked',
  lost: 'Reported lost',
  'not enrolled': 'Not enrolled',
};

/** A count the tablet reports; absent (or null) when it never did. */
const reported = (n) => (n === null || n === undefined ? 'Not reported' : String(n));

export const tabletName = (x) => x.name || 'Unnamed tablet';

export async function render() {
  const d = await api('GET', 'admin/devices');
  const cols = ['Tablet', 'Status', 'Last seen', 'App version', 'Waiting to sync', 'Needs attention', 'Action'];
  const cell = (i, ...content) => h('td', { 'data-label': cols[i] }, ...content);
  const rows = d.devices.map((x) => h('tr', { 'data-device-id': x.deviceId, 'data-status': x.status },
    cell(0, h('strong', {}, tabletName(x)), h('br'), x.displayName || x.userId),
    cell(1, STATUS[x.status] || x.status, x.status === 'revoked'
      ? h('span', { class: 'hint-inline' }, x.quarantined ? ` – ${x.quarantined} unsent record${x.quarantined === 1 ? '' : 's'} handed over`
        : ' – wipes itself at its next connection') : null),
    cell(2, x.lastSeenAt ? [when(x.lastSeenAt), h('br'), h('span', { class: 'hint-inline' }, ago(x.lastSeenAt))] : 'Never'),
    cell(3, x.appVersion || 'Not reported'),
    cell(4, reported(x.pending)),
    cell(5, reported(x.needsAttention)),
    cell(6, x.status === 'active'
      ? h('button', { type: 'button', class: 'button secondary small revoke',
        onclick: () => { location.hash = `#/devices/${encodeURIComponent(x.deviceId)}/revoke`; } },
      'Revoke', hidden(` ${tabletName(x)} (${x.displayName || x.userId})`))
      : h('span', { class: 'hint-inline' }, 'None'))));
  page('devices', 'Devices', rows.length === 0 ? h('p', { class: 'lead' }, 'No tablet has enrolled yet.')
    : h('table', { class: 'table responsive', id: 'devices' },
      h('caption', { class: 'table__caption' }, 'Tablets, most recently seen first'),
      h('thead', {}, h('tr', {}, cols.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows)));
}
