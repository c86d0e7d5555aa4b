// `mailsetup watch` proven on a Debian 12 lab VPS (chasquid 1.11, DKIM by the
// post-data hook): see watch-lab.ts. MAILSETUP_WATCH_LAB_INSTANCE moves it.
import { watchLabSuite } from './watch-lab.js';

watchLabSuite('debian12', process.env.MAILSETUP_WATCH_LAB_INSTANCE ?? '12');
