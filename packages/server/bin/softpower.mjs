#!/usr/bin/env node
// The `softpower` command (index, serve, media), run from the TypeScript sources (tsx).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv);
