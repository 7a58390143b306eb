#!/usr/bin/env node
// The `licenselens` command. Sources are TypeScript run through tsx's loader, so the CLI works straight
// from a clone after `npm install`, with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../local/cli/index.ts');
process.exitCode = await main(process.argv.slice(2));
