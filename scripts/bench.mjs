#!/usr/bin/env node
// `npm run bench`: start-up figures of mailsetup beside their floors, as
// medians of interleaved runs on this machine, then the package, lab, check
// and provisioning benchmarks when their scripts and the lab are available.
// Start-up is timed on the published bundle (dist/bundle/cli.js), the
// unbundled dist/cli.js beside it. Targets: --help under 2.5x bare node; the
// first wizard frame at most 1.0x a bare `import('ink')` + `import('react')`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const cli = new URL('../dist/bundle/cli.js', import.meta.url).pathname;
const unbundled = new URL('../dist/cli.js', import.meta.url).pathname;

function timeCommand(args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/**
 * Time until `marker` appears on a real terminal (util-linux `script` gives
 * the child a pty). Then Ctrl+C goes through the pty, so the wizard quits as
 * it would for a person (the bare import has ended by itself), and the next
 * run starts once this one is gone.
 */
function timeFirstFrame(command, marker) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('script', ['-qfec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'ignore'], env: { ...process.env, TERM: 'xterm-256color', COLUMNS: '80', LINES: '24' } });
    let seen = '';
    let ms;
    child.stdout.on('data', (chunk) => {
      seen += chunk.toString();
      if (ms === undefined && seen.includes(marker)) {
        ms = Number(process.hrtime.bigint() - started) / 1e6;
        child.stdin.write('\x03');
      }
    });
    const limit = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`"${command}" did not show "${marker}" and end in 20 s`))), 20000);
    child.on('exit', () => {
      clearTimeout(limit);
      if (ms === undefined) reject(new Error(`"${command}" ended before showing "${marker}"`));
      else resolve(ms);
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${ms.toFixed(0).padStart(5)} ms`;

async function main() {
  if (!existsSync(cli) || !existsSync(unbundled)) throw new Error('dist/bundle/cli.js or dist/cli.js is missing: run `npm run build` first');
  const samples = { node: [], help: [], version: [], ink: [], frame: [], frameUnbundled: [] };
  const bareInk = `${process.execPath} --input-type=module -e "await import('ink'); await import('react'); process.stdout.write('ink-loaded')"`;
  const wizard = (entry) => `${process.execPath} ${entry} --state-dir /tmp/mailsetup-bench-state`;
  for (let i = 0; i < RUNS; i++) {
    // Interleaved, so drift in machine load hits every figure alike.
    samples.node.push(timeCommand(['-e', '0']));
    samples.help.push(timeCommand([cli, '--help']));
    samples.version.push(timeCommand([cli, '--version']));
    samples.ink.push(await timeFirstFrame(bareInk, 'ink-loaded'));
    samples.frame.push(await timeFirstFrame(wizard(cli), 'Your own outbound mail server'));
    samples.frameUnbundled.push(await timeFirstFrame(wizard(unbundled), 'Your own outbound mail server'));
  }
  const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  console.log(`start-up (median of ${RUNS} interleaved runs)`);
  console.log(`  node -e 0                    ${fmt(m.node)}`);
  console.log(`  mailsetup --help             ${fmt(m.help)}   ${(m.help / m.node).toFixed(2)}x bare node (target < 2.5x)`);
  console.log(`  mailsetup --version          ${fmt(m.version)}   ${(m.version / m.node).toFixed(2)}x bare node (target < 2.5x)`);
  console.log(`  import ink + react (pty)     ${fmt(m.ink)}`);
  console.log(`  wizard first frame (pty)     ${fmt(m.frame)}   ${(m.frame / m.ink).toFixed(2)}x bare ink import (target <= 1.0x: ${m.frame <= m.ink ? 'met' : 'MISSED'})`);
  console.log(`    unbundled (dist/cli.js)    ${fmt(m.frameUnbundled)}   ${(m.frameUnbundled / m.ink).toFixed(2)}x bare ink import`);

  if (process.env.BENCH_STARTUP_ONLY) return;
  // bench-provision.mjs runs bench-check.mjs on the VPS it has set up.
  for (const script of ['bench-package.mjs', 'bench-lab.mjs', 'bench-provision.mjs']) {
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
