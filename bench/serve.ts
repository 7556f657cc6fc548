/**
 * The product server for the API benchmark, in its own process (so that autocannon in the
 * runner does not share its event loop): `startServer` with the environment's configuration
 * (DATABASE_URL, or embedded PGlite in VITALS_DATA_DIR), no demo load, silent logs, a free port.
 * Prints `READY <url>` once listening; stops on SIGTERM.
 */
import { loadConfig } from '../src/config.js';
import { startServer } from '../src/http/server.js';

const server = await startServer(loadConfig(process.env, { port: 0, logLevel: 'silent', loadDemo: false }));
process.stdout.write(`READY ${server.url}\n`);
const stop = () => void server.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
