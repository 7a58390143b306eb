// The contract against a real PostgreSQL server: TEST_DATABASE_URL when set, otherwise the throwaway
// server test/support/postgres.ts starts from npm for the run. It always runs.
import { inject } from 'vitest';
import { runStoreContract } from './contract';
import { postgresHarness } from './support';

const url = inject('databaseUrl');
runStoreContract(process.env.TEST_DATABASE_URL ? 'PostgreSQL (TEST_DATABASE_URL)' : 'PostgreSQL (embedded, from npm)', () => postgresHarness(url));
