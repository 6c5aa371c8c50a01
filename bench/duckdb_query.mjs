// node duckdb_query.mjs FILE: the DuckDB reference point of bench/run.sh. Reads FILE with
// read_csv and counts distinct anonymous ids per utm_source; prints the seconds taken.
// Needs @duckdb/node-api installed by hand (see bench/README.md); it is never a
// dependency of mroi itself.
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[process.argv.length - 1];
const start = process.hrtime.bigint();
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const reader = await connection.runAndReadAll(
  `SELECT utm_source, count(DISTINCT anonymous_id) FROM read_csv('${file}') GROUP BY 1`);
const rows = reader.getRows().length;
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(JSON.stringify({ groups: rows, seconds: Number(seconds.toFixed(4)) }));
