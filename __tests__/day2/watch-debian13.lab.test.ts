// `mailsetup watch` proven on a Debian 13 lab VPS (chasquid 1.15, native
// DKIM): see watch-lab.ts. MAILSETUP_WATCH13_LAB_INSTANCE moves it.
import { watchLabSuite } from './watch-lab.js';

watchLabSuite('debian13', process.env.MAILSETUP_WATCH13_LAB_INSTANCE ?? '13');
