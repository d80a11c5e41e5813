// DuckDB (npm @duckdb/node-api, installed in bench/ingest/ by its package-lock.json):
//   node run_duckdb.mjs load DB.duckdb earning.csv THREADS     the earning table, untimed
//   node run_duckdb.mjs query DB.duckdb fees.sql OUT.csv THREADS   the timed query
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(new URL('../ingest/package.json', import.meta.url));
const { DuckDBInstance } = require('@duckdb/node-api');
const [mode, db, input, out, threadsArg] = process.argv.slice(2);
const threads = mode === 'load' ? Number(out ?? 2) : Number(threadsArg ?? 2);
const q = (s) => `'${String(s).replaceAll("'", "''")}'`;
const instance = await DuckDBInstance.create(db, { threads: String(threads) });
const con = await instance.connect();
if (mode === 'load') {
  await con.run(`
    CREATE TABLE earning AS SELECT * FROM read_csv(${q(input)}, header = true, auto_detect = false,
      columns = {id: 'BIGINT', import_id: 'BIGINT', owner: 'VARCHAR', release_id: 'VARCHAR',
                 isrc: 'VARCHAR', store: 'VARCHAR', channel: 'VARCHAR', territory: 'VARCHAR',
                 sale_start: 'VARCHAR', sale_end: 'VARCHAR', reported_on: 'VARCHAR',
                 currency: 'VARCHAR', units: 'BIGINT', amount_micro: 'BIGINT'})`);
  await con.run('CHECKPOINT');
} else if (mode === 'query') {
  const sql = readFileSync(input, 'utf8').replace(/--.*$/gm, '').trim().replace(/;$/, '');
  await con.run(`COPY (${sql}) TO ${q(out)} (HEADER, DELIMITER ',')`);
} else {
  console.error('usage: node run_duckdb.mjs load|query ...');
  process.exit(2);
}
