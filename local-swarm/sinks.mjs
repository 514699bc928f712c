// A stand-in for Slack and an SMTP relay, run as a service inside the test stack (plain Node, no
// dependencies: it runs in the production image). Slack: 200 "ok" to POST /slack/<channel>.
// SMTP: the commands nodemailer sends, no TLS. Each message is appended to /sinks/out/*.jsonl.
import { appendFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';

const out = (file, record) =>
  appendFileSync(`/sinks/out/${file}`, `${JSON.stringify({ at: new Date().toISOString(), ...record })}\n`);

createHttpServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    if (req.method === 'POST' && req.url?.startsWith('/slack/')) {
      out('slack.jsonl', { channel: req.url.slice('/slack/'.length), body });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    } else res.writeHead(404).end();
  });
}).listen(8080);

createTcpServer((socket) => {
  let buffer = '';
  let inData = false;
  let message = { from: '', to: [], data: '' };
  const reply = (line) => socket.write(`${line}\r\n`);
  reply('220 sinks ESMTP');
  socket.on('data', (chunk) => {
    buffer += chunk.toString('utf8');
    for (;;) {
      if (inData) {
        const end = buffer.indexOf('\r\n.\r\n');
        if (end < 0) return;
        message.data = buffer.slice(0, end);
        buffer = buffer.slice(end + 5);
        inData = false;
        out('smtp.jsonl', message);
        message = { from: '', to: [], data: '' };
        reply('250 queued');
        continue;
      }
      const eol = buffer.indexOf('\r\n');
      if (eol < 0) return;
      const line = buffer.slice(0, eol);
      buffer = buffer.slice(eol + 2);
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'MAIL') message.from = line;
      if (verb === 'RCPT') message.to.push(line);
      if (verb === 'DATA') inData = true;
      const replies = {
        EHLO: '250 sinks',
        HELO: '250 sinks',
        DATA: '354 end with <CRLF>.<CRLF>',
        QUIT: '221 bye',
      };
      reply(replies[verb] ?? '250 ok');
      if (verb === 'QUIT') socket.end();
    }
  });
  socket.on('error', () => {});
}).listen(2525);
