// vitest globalSetup for the 'miniprogram' project: makes `npm test` work from a clean clone by
// packing Vant into miniprogram/miniprogram_npm when it is missing, and re-bundling the core modules
// the mini program imports and rendering the tab bar icons (fast, and never stale).
import { bundleCore, isPacked, packNpm } from '../../../scripts/pack-npm';
import { buildTabIcons } from '../../../scripts/tab-icons';

export default async function setup(): Promise<void> {
  if (!isPacked()) await packNpm();
  await bundleCore();
  await buildTabIcons();
}
