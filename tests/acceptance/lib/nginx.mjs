// nginx with Debian's nchan module in front of kiosk-content, as config/nginx-nchan-*.conf
// set it up, but as this user: a prefix of its own in a temporary folder, loopback ports
// chosen at run time, and no TLS (the shipped site's TLS lines are not what is tested here).
// One process (master_process off), so nothing switches user: run as root, a worker as
// nobody could not write the temporary folder's request bodies.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Program, eventually, repo, tempDir } from './programs.mjs';

export const NCHAN_MODULE = '/usr/lib/nginx/modules/ngx_nchan_module.so';

export async function freePort() {
  const probe = createServer();
  await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

// upstream: kiosk-content's base URL (it may start after nginx). Gives { base (what screens use), publishUrl (for
// kiosk-content's [notify] nchan_publish_url), stop() }.
export async function startNginxNchan(upstream, { workerConnections = 1024 } = {}) {
  if (!existsSync(NCHAN_MODULE)) throw new Error(`no nchan module at ${NCHAN_MODULE}: run scripts/setup --tests`);
  const prefix = tempDir('nginx');
  mkdirSync(join(prefix, 'logs'));
  const [port, publishPort] = [await freePort(), await freePort()];
  const publish = readFileSync(join(repo, 'config', 'nginx-nchan-publish.conf'), 'utf8').replace('127.0.0.1:8091', `127.0.0.1:${publishPort}`);
  writeFileSync(join(prefix, 'publish.conf'), publish);
  writeFileSync(join(prefix, 'nginx.conf'), `
load_module ${NCHAN_MODULE};
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
daemon off;
master_process off;
events { worker_connections ${workerConnections}; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body; proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi; uwsgi_temp_path ${prefix}/uwsgi; scgi_temp_path ${prefix}/scgi;
  include ${prefix}/publish.conf;
  server {
    listen 127.0.0.1:${port};
    include ${join(repo, 'config', 'nginx-nchan-subscribe.conf')};
    location / {
      proxy_pass ${upstream};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_read_timeout 60s;
    }
  }
}
`);
  const nginx = new Program('nginx', 'nginx', ['-p', prefix, '-c', join(prefix, 'nginx.conf')], {});
  const base = `http://127.0.0.1:${port}`;
  await eventually('nginx to answer', 20, async () => {
    if (!nginx.running()) throw new Error(`nginx exited: ${nginx.log()} ${readFileSync(join(prefix, 'logs', 'error.log'), 'utf8')}`);
    return (await fetch(`http://127.0.0.1:${publishPort}/`).catch(() => null))?.status === 404;
  });
  nginx.base = base;
  nginx.publishUrl = `http://127.0.0.1:${publishPort}/notify/pub/`;
  nginx.errors = () => readFileSync(join(prefix, 'logs', 'error.log'), 'utf8');
  return nginx;
}
