// A hotel-style proxy or captive portal between the kiosk and kiosk-content, on 127.0.0.1: it
// passes every request through until told to answer some with an HTML page of its own, as
// such boxes do (a login page for the feed, "not found" for a POST, "conflict" for pairing).
import { createServer, request as httpRequest } from 'node:http';

export async function startProxy(target) {
  const upstream = new URL(target);
  // rules: { method, path: RegExp, status } answered with an HTML page; first match wins.
  const proxy = { rules: [], answered: [], passed: [] };
  const server = createServer((req, res) => {
    const rule = proxy.rules.find((r) => (!r.method || r.method === req.method) && r.path.test(req.url));
    if (rule) {
      req.resume();
      req.on('end', () => {
        proxy.answered.push({ method: req.method, url: req.url, status: rule.status, at: Date.now() });
        res.writeHead(rule.status, { 'Content-Type': 'text/html; charset=utf-8', Connection: 'close' });
        res.end(`<html><head><title>${rule.status}</title></head><body><h1>Guest Wi-Fi</h1><p>Please sign in to continue.</p></body></html>`);
      });
      return;
    }
    // What went through, body and all, as the server received it: a test can search everything
    // a kiosk sent, and see what each request was answered.
    const passed = { method: req.method, url: req.url, at: Date.now(), chunks: [], status: 0 };
    passed.body = () => Buffer.concat(passed.chunks);
    req.on('data', (chunk) => passed.chunks.push(chunk));
    proxy.passed.push(passed);
    const out = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      passed.status = answer.statusCode;
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => { res.writeHead(502, { 'Content-Type': 'text/html' }); res.end('<html>bad gateway</html>'); });
    req.pipe(out);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.base = `http://127.0.0.1:${server.address().port}`;
  proxy.answer = (method, path, status) => proxy.rules.push({ method, path, status });
  proxy.getOutOfTheWay = () => { proxy.rules = []; };
  proxy.count = (method, path) => proxy.answered.filter((a) => a.method === method && path.test(a.url)).length;
  proxy.stop = () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); });
  return proxy;
}
