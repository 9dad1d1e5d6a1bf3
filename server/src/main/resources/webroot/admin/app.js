// FieldSync console: plain ES modules, no build step, no libraries. This file lists the pages
// (each a module in pages/) and who may see them; lib/router.js does the rest.

import { route, render, start } from './lib/router.js';
import { api, endSession, onSessionExpired } from './lib/api.js';
import { notify } from './lib/dom.js';
import { forgetVocabulary } from './lib/vocabulary.js';
import * as login from './pages/login.js';
import * as queue from './pages/queue.js';
import * as conflict from './pages/conflict.js';
import * as check from './pages/check.js';
import * as history from './pages/history.js';
import * as devices from './pages/devices.js';
import * as revoke from './pages/revoke.js';
import * as oversight from './pages/oversight.js';
import * as fnsp from './pages/fnsp.js';
import * as signoff from './pages/signoff.js';
import * as audit from './pages/audit.js';
import * as exportsPage from './pages/exports.js';
import * as exportAction from './pages/export-action.js';

const SYNC_ADMIN = ['sync_admin'];
// Team managers and service managers (a service manager has the team-manager role and a higher
// FNSP limit). The server enforces the same roles on every route these pages call.
const MANAGERS = ['team_manager'];
const AUDITORS = ['auditor'];

route('login', { render: login.render, public: true });
route('queue', { render: queue.render, roles: SYNC_ADMIN, nav: 'Conflicts' });
route('conflicts/:id', { render: conflict.render, roles: SYNC_ADMIN, section: 'queue' });
route('conflicts/:id/check', { render: check.render, roles: SYNC_ADMIN, section: 'queue' });
route('history/:id', { render: history.render, roles: SYNC_ADMIN, section: 'queue' });
route('devices', { render: devices.render, roles: SYNC_ADMIN, nav: 'Devices' });
route('devices/:id/revoke', { render: revoke.render, roles: SYNC_ADMIN, section: 'devices' });
route('oversight', { render: oversight.render, roles: MANAGERS, nav: 'Oversight' });
route('fnsp', { render: fnsp.render, roles: MANAGERS, nav: 'FNSP decisions' });
route('fnsp/:id', { render: fnsp.renderDecide, roles: MANAGERS, section: 'fnsp' });
route('sign-off', { render: signoff.render, roles: MANAGERS, nav: 'Sign-off' });
route('audit', { render: audit.renderVerify, roles: AUDITORS, nav: 'Audit trail' });
route('events', { render: audit.renderEvents, roles: AUDITORS, nav: 'Events' });
route('exports', { render: exportsPage.render, roles: SYNC_ADMIN, nav: 'Exports' });
route('exports/replay', { render: exportAction.render, roles: SYNC_ADMIN, section: 'exports' });
route('exports/:action/:sink/:record/:rev', { render: exportAction.render, roles: SYNC_ADMIN, section: 'exports' });

onSessionExpired(() => {
  forgetVocabulary();
  notify('important', 'Your session has ended. Sign in again.');
  render();
});

document.getElementById('sign-out').addEventListener('click', async () => {
  try {
    await api('POST', 'auth/logout'); // ends the token on the server too
  } catch (e) {
    // Already expired or offline: forgetting it here is what matters.
  }
  endSession();
  forgetVocabulary();
  notify('success', 'You have signed out.');
  if (location.hash === '#/login') render(); else location.hash = '#/login';
});

// The skip link moves focus without touching the address, which is the router's.
document.querySelector('.skip').addEventListener('click', (e) => {
  e.preventDefault();
  document.getElementById('main').focus();
});

start();
