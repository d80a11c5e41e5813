// DuckDB competitor (npm @duckdb/node-api): revenue per owner and currency from a DSR file.
// Usage: node run_duckdb.mjs DSR.tsv catalog_isrc_owner.csv OUT.csv THREADS
//
// The TSV is read literally (no quote or escape character; the benchmark's generator writes no
// DSR escapes) into 22 VARCHAR columns, padded with NULL for shorter records. Money is exact:
// prices are cast to DECIMAL(38,12) (an int128 underneath), never to DOUBLE; the sums are
// DECIMAL(38,12) and are printed rounded to 6 decimals (every input amount has at most 6).
import { DuckDBInstance } from '@duckdb/node-api';

const [dsr, catalog, out, threadsArg] = process.argv.slice(2);
if (!out) {
  console.error('usage: node run_duckdb.mjs DSR.tsv catalog_isrc_owner.csv OUT.csv [THREADS]');
  process.exit(2);
}
const threads = Number(threadsArg ?? 1);
const q = (s) => `'${String(s).replaceAll("'", "''")}'`;
const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const con = await instance.connect();
await con.run(`SET threads = ${threads}`);
await con.run('SET preserve_insertion_order = false');
const columns = Array.from({ length: 22 }, (_, i) => `c${i}: 'VARCHAR'`).join(', ');
// One scan of the file; keep only the records the join needs.
await con.run(`
  CREATE TABLE rec AS
  SELECT c0, c1, c2, c4, c5, c7, c8, c9, c10
  FROM read_csv(${q(dsr)}, delim = '\t', quote = '', escape = '', header = false,
                auto_detect = false, null_padding = true, columns = {${columns}})
  WHERE c0 IN ('SY02.02', 'AS01.01', 'SU01', 'SU02')`);
await con.run(`
  CREATE TABLE owner AS
  SELECT isrc, owner FROM read_csv(${q(catalog)}, header = true, auto_detect = false,
                                   columns = {isrc: 'VARCHAR', owner: 'VARCHAR'})`);
await con.run(`
  COPY (
    WITH sy AS (SELECT c1 AS sid, c10 AS currency FROM rec WHERE c0 = 'SY02.02'),
    res AS (SELECT c1 AS block, c2 AS ref, c4 AS isrc FROM rec WHERE c0 = 'AS01.01'),
    su AS (
      SELECT c1 AS block, c2 AS sid, c5 AS ref,
             CASE c0 WHEN 'SU01' THEN CAST(c10 AS DECIMAL(38, 12)) * (CAST(c8 AS BIGINT) - CAST(c9 AS BIGINT))
                     ELSE CAST(c8 AS DECIMAL(38, 12)) * CAST(c7 AS BIGINT) END AS revenue
      FROM rec WHERE c0 IN ('SU01', 'SU02'))
    SELECT coalesce(o.owner, '_unmatched') AS owner, sy.currency AS currency,
           CAST(round(sum(su.revenue), 6) AS DECIMAL(38, 6)) AS revenue
    FROM su
    JOIN sy ON sy.sid = su.sid
    LEFT JOIN res ON res.block = su.block AND res.ref = su.ref
    LEFT JOIN owner o ON o.isrc = res.isrc
    GROUP BY ALL
    ORDER BY owner, currency
  ) TO ${q(out)} (HEADER, DELIMITER ',')`);
