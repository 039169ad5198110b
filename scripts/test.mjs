// `npm test`: the contract drift check, then the whole vitest suite (unit, three-engine
// integration, API, security and bad-input suites). Vitest's summary reporter ends the output
// with "N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';

const env = { ...process.env, NO_COLOR: '1' };
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env }).status ?? 1;

const vitest = run('npx', ['vitest', 'run', ...process.argv.slice(2)]);
process.exit(vitest);
