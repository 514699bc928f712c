// A stand-in for Grafana in the Swarm test (Grafana has no image here): a service with the alias
// `grafana` on the stack's app network, answering every request on 3000 with what it received
// (method, URL, headers) as JSON, so the test sees what nginx's /grafana/ location passes on.
// Plain Node, no dependencies: it runs in the production image.
import { createServer } from 'node:http';

createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers }));
}).listen(3000);
