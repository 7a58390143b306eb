// The dossier store contract against every driver: PGlite, a real PostgreSQL, the WeChat cloud database.
import { inject } from 'vitest';
import { createSqlDossierStore } from '../../server/stores/dossiers/sql';
import { createWechatDossierStore } from '../../server/stores/dossiers/wechat';
import { openSqlStore } from '../../server/stores/sql/index';
import { createWechatStore } from '../../server/stores/wechat/index';
import { createCloudStandin } from '../support/wx-cloud-standin';
import { runDossierContract, type DossierHarness } from './dossier-contract';

const TABLES = 'records, outbox, audit, admins, daily_usage, dossiers, dossier_members, expiries, reminders_sent, reminder_credits, dossier_filings';

async function sqlHarness(target: Parameters<typeof openSqlStore>[0], drop?: string): Promise<DossierHarness> {
  const records = await openSqlStore(target);
  return {
    records,
    dossiers: createSqlDossierStore(records.adapter),
    reset: () => records.adapter.exec(`TRUNCATE ${TABLES}`),
    async close() {
      if (drop) await records.adapter.exec(`DROP SCHEMA ${drop} CASCADE`);
      await records.close();
    },
  };
}

runDossierContract('PGlite (embedded PostgreSQL)', () => sqlHarness({ dataDir: null }));

const url = inject('databaseUrl');
const schema = `licenselens_dossier_${process.pid}_${Date.now()}`;
runDossierContract('PostgreSQL', () => sqlHarness({ url, schema }, schema));

runDossierContract('WeChat cloud database (wx-server-sdk stand-in)', async () => {
  const cloud = createCloudStandin();
  return {
    records: createWechatStore(cloud.database(), { createCollections: true }),
    dossiers: createWechatDossierStore(cloud.database(), { createCollections: true }),
    async reset() {
      for (const t of cloud.db.collections.values()) t.clear();
    },
    close: async () => undefined,
  };
});
