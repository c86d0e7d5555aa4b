#!/usr/bin/env node
// `npm run bench`: start-up figures of mailsetup beside their floors, as
// medians of interleaved runs on this machine, then the lab, check and
// provisioning benchmarks when their scripts and the lab are available.
// Targets (from the design notes): --help under 2.5x bare node; the first
// wizard frame within 1.2x a bare `import('ink')` + `import('react')`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const cli = new URL('../dist/cli.js', import.meta.url).pathname;

function timeCommand(args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Time until `marker` appears on a real terminal (util-linux `script` gives the child a pty). */
function timeFirstFrame(command, marker) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('script', ['-qfec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'ignore'], env: { ...process.env, TERM: 'xterm-256color', COLUMNS: '80', LINES: '24' } });
    let seen = '';
    child.stdout.on('data', (chunk) => {
      seen += chunk.toString();
      if (seen.includes(marker)) {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        child.kill('SIGKILL');
        spawnSync('pkill', ['-f', command.replace(/'/g, '')]);
        resolve(ms);
      }
    });
    child.on('exit', () => reject(new Error(`"${command}" ended before showing "${marker}"`)));
    setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`no "${marker}" from "${command}" in 20 s`))), 20000);
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${ms.toFixed(0).padStart(5)} ms`;

async function main() {
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const samples = { node: [], help: [], version: [], ink: [], frame: [] };
  const bareInk = `${process.execPath} --input-type=module -e "await import('ink'); await import('react'); process.stdout.write('ink-loaded')"`;
  const wizard = `${process.execPath} ${cli} --state-dir /tmp/mailsetup-bench-state`;
  for (let i = 0; i < RUNS; i++) {
    // Interleaved, so drift in machine load hits every figure alike.
    samples.node.push(timeCommand(['-e', '0']));
    samples.help.push(timeCommand([cli, '--help']));
    samples.version.push(timeCommand([cli, '--version']));
    samples.ink.push(await timeFirstFrame(bareInk, 'ink-loaded'));
    samples.frame.push(await timeFirstFrame(wizard, 'Your own outbound mail server'));
  }
  const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  console.log(`start-up (median of ${RUNS} interleaved runs)`);
  console.log(`  node -e 0                    ${fmt(m.node)}`);
  console.log(`  mailsetup --help             ${fmt(m.help)}   ${(m.help / m.node).toFixed(2)}x bare node (target < 2.5x)`);
  console.log(`  mailsetup --version          ${fmt(m.version)}   ${(m.version / m.node).toFixed(2)}x bare node (target < 2.5x)`);
  console.log(`  import ink + react (pty)     ${fmt(m.ink)}`);
  console.log(`  wizard first frame (pty)     ${fmt(m.frame)}   ${(m.frame / m.ink).toFixed(2)}x bare ink import (target < 1.2x)`);

  if (process.env.BENCH_STARTUP_ONLY) return;
  // bench-provision.mjs runs bench-check.mjs on the VPS it has set up.
  for (const script of ['bench-lab.mjs', 'bench-provision.mjs']) {
    const path = new URL(`./${script}`, import.meta.url).pathname;
    if (!existsSync(path)) continue;
    console.log(`\n${script}`);
    const run = spawnSync(process.execPath, [path], { stdio: 'inherit' });
    if (run.status !== 0) console.log(`  (${script} exited ${run.status})`);
  }
}

main().catch((error) => {
  console.error(`bench: ${error.message}`);
  process.exit(1);
});
