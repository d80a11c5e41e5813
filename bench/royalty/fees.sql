-- The royalty run's fee, tax on the fee and reserve for every payee of the benchmark's
-- agreements (bench/royalty/generate_royalty.cc writes the same terms into every agreement),
-- as one GROUP BY over the earning table, the way a user without Fermata would compute them.
-- Runs unchanged in sqlite3 and DuckDB. Amounts are integers of 10^-6 currency units
-- (amount_micro), so every step is exact integer arithmetic:
--   fee 5.1   15 % of streams, charged toward zero at the minor unit; the rest carried to 5.2
--   fee 5.2   20 % of everything else (downloads) + the carry, toward zero
--   VAT 5.3   20 % of the fee charged, half up to the minor unit
--   reserve   10 % of positive downloads after their 20 % fee, toward zero
-- Output: owner, kind, clause, currency, amount_e10 (10^-10 units), one row per line the run
-- posts with a non-zero amount. x - x % f truncates toward zero in both engines (no division).
WITH s AS (
  SELECT owner, currency,
         CAST(CASE currency WHEN 'JPY' THEN 100000000 ELSE 1000000 END AS BIGINT) AS f8,
         sum(CASE WHEN channel = 'stream' THEN 1 ELSE 0 END) AS n_stream,
         coalesce(sum(CASE WHEN channel = 'stream' THEN amount_micro END), 0) AS base_stream,
         sum(CASE WHEN channel <> 'stream' THEN 1 ELSE 0 END) AS n_other,
         coalesce(sum(CASE WHEN channel <> 'stream' THEN amount_micro END), 0) AS base_other,
         coalesce(sum(CASE WHEN channel = 'download' AND amount_micro > 0 THEN amount_micro END), 0)
           AS positive_downloads
  FROM earning
  GROUP BY owner, currency),
f1 AS (SELECT *, base_stream * 15 AS x1, positive_downloads * 8 AS r8 FROM s),
f2 AS (SELECT *, x1 - x1 % f8 AS fee1, base_other * 20 + x1 % f8 AS x2 FROM f1),
f3 AS (SELECT *, x2 - x2 % f8 AS fee2 FROM f2),
f4 AS (SELECT *, (fee1 + fee2) * 20 + f8 * 50 AS t10, r8 - r8 % f8 AS reserve8 FROM f3)
SELECT owner, 'fee' AS kind, '5.1' AS clause, currency, fee1 * 100 AS amount_e10
  FROM f4 WHERE n_stream > 0 AND fee1 <> 0
UNION ALL
SELECT owner, 'fee', '5.2', currency, fee2 * 100 FROM f4 WHERE n_other > 0 AND fee2 <> 0
UNION ALL
SELECT owner, 'fee_tax', '5.3', currency, t10 - t10 % (f8 * 100) FROM f4
  WHERE fee1 + fee2 <> 0 AND t10 - t10 % (f8 * 100) <> 0
UNION ALL
SELECT owner, 'reserve', '6.1', currency, reserve8 * 100 FROM f4 WHERE reserve8 <> 0
ORDER BY owner, kind, clause, currency;
