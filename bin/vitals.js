#!/usr/bin/env node
// Launcher so `npx vitals` works without a build step: tsx compiles the TypeScript CLI
// in-process (no wrapper process, so signals such as SIGTERM reach the server directly).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
