// Development stand-in for `mroi serve`: answers the dashboard's /api routes by running
// the mroi CLI on a data folder (report.json of `mroi report`, `mroi metrics --json`, …)
// and serves a static folder. Not for production: no token, no limits, one request at a
// time per CLI call. Usage:
//   node dev/mock-server.js --mroi ../build/mroi --data /tmp/webdemo/data [--port 8787] [--static dist]
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
const mroi = args.mroi || process.env.MROI_BIN;
const data = args.data;
const port = Number(args.port ?? 8787);
const staticDir = args.static ? path.resolve(args.static) : null;
if (!mroi || !data) {
  console.error('usage: node dev/mock-server.js --mroi PATH --data DIR [--port N] [--static DIR]');
  process.exit(2);
}
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mroi-mock-'));
let dataVersion = 1;
const imports = [];

function run(argv) {
  return new Promise((resolve) => {
    execFile(mroi, argv, { maxBuffer: 1 << 28, cwd: work }, (error, stdout, stderr) => {
      if (error) resolve({ error: (stderr || String(error)).trim().replace(/^mroi: /, '') });
      else {
        try { resolve({ json: JSON.parse(stdout) }); } catch { resolve({ error: 'the CLI printed no JSON' }); }
      }
    });
  });
}

async function report() {
  const out = path.join(work, `report-${dataVersion}`);
  if (!fs.existsSync(path.join(out, 'report.json'))) {
    const result = await new Promise((resolve) => execFile(mroi, ['report', '--data', data, '--out', out, '--quiet'],
      (error, stdout, stderr) => resolve(error ? { error: stderr.trim() } : {})));
    if (result.error) return result;
  }
  return { json: JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8')) };
}

function send(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}
const fail = (res, status, code, message) => send(res, status, { error: { code, message } });

function flags(query, names) {
  const argv = [];
  for (const name of names) for (const value of query.getAll(name)) argv.push(`--${name}`, value);
  return argv;
}

async function api(req, res, url) {
  const route = url.pathname.replace(/^\/api\//, '');
  const q = url.searchParams;
  let result;
  if (route === 'health') return send(res, 200, { status: 'ok', version: 'mock', data_version: dataVersion, source: data });
  if (route === 'report') result = await report();
  else if (route.startsWith('report/')) {
    result = await report();
    if (result.json) {
      const section = route.slice(7);
      if (!(section in result.json)) return fail(res, 404, 'not_found', `no report section ${section}`);
      result = { json: result.json[section] };
    }
  } else if (route === 'metrics') result = await run(['metrics', '--data', data, '--json', ...flags(q, ['period', 'compare', 'channel'])]);
  else if (route === 'attribution') result = await run(['attribute', '--data', data, '--json', '--model', q.get('model') || 'all', ...flags(q, ['period'])]);
  else if (route === 'cleaning') result = await run(['clean', '--data', data, '--json']);
  else if (route === 'imports') return send(res, 200, { imports });
  else if (route === 'clv') result = await run(['clv', 'fit', '--data', data, '--json']);
  else if (route === 'churn') result = await run(['churn', '--data', data, '--json', ...flags(q, ['threshold'])]);
  else if (route === 'plan/reverse') {
    result = await run(['plan', 'reverse', '--data', data, '--json', ...flags(q,
      ['target', 'mode', 'aov', 'cr', 'channel', 'tiers', 'deal-size', 'close-rate', 'cpl', 'period'])]);
  } else if (route === 'import' && req.method === 'POST') {
    const name = path.basename(q.get('name') || '');
    const kind = q.get('kind') || '';
    if (!name || !kind) return fail(res, 400, 'bad_request', 'name and kind are required');
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const file = path.join(work, name);
    fs.writeFileSync(file, Buffer.concat(chunks));
    result = await run(['clean', `--${kind}`, file, '--json']);
    if (result.json) {
      const entry = { ...result.json.files[0], duplicate: false };
      imports.push(entry);
      fs.copyFileSync(file, path.join(data, name));
      dataVersion += 1;
      return send(res, 200, { imports: [entry], data_version: dataVersion });
    }
  } else if (route === 'abtest' && req.method === 'POST') {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    let body;
    try { body = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { return fail(res, 400, 'bad_json', 'the body is not JSON'); }
    if (!['proportions'].includes(body.test)) return fail(res, 400, 'bad_request', 'test must be proportions');
    result = await run(['abtest', body.test, '--control', String(body.control), '--variant', String(body.variant), '--json']);
  } else return fail(res, 404, 'not_found', `no route /api/${route}`);
  if (result.error) return fail(res, 400, 'bad_request', result.error);
  return send(res, 200, result.json);
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname.startsWith('/api/')) return api(req, res, url);
  if (!staticDir) return fail(res, 404, 'not_found', 'no static folder');
  const file = path.join(staticDir, path.normalize(url.pathname === '/' ? '/index.html' : url.pathname));
  if (!file.startsWith(staticDir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) return fail(res, 404, 'not_found', 'no such file');
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
  res.writeHead(200, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});
server.listen(port, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}/`));
