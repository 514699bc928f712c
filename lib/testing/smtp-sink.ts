import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { waitFor } from './wait.ts';

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  parsed: ParsedMail;
}

export interface SmtpSink {
  url: string;
  port: number;
  readonly mails: ReceivedMail[];
  /** SMTP connections opened so far (a pooled client reuses them). */
  readonly connections: number;
  /** Stops listening (clients get connection refused) until `resume`, on the same port. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Stops answering MAIL FROM, on new and open connections (a hung relay), until called with false. */
  stall(on: boolean): void;
  /** Refuses every recipient with this SMTP code (e.g. 550), or accepts again with undefined. */
  rejectRecipients(code: number | undefined): void;
  waitForMails(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/**
 * A real SMTP server (smtp-server) on 127.0.0.1 that parses every message with mailparser.
 * No TLS, no authentication: clients connect with `smtp://127.0.0.1:<port>`.
 */
export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  let rejectCode: number | undefined;
  let connections = 0;
  let stalled: Array<() => void> | undefined;
  let port = 0;
  let server: SMTPServer | undefined;

  const listen = async () => {
    server = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      logger: false,
      // Pooled clients keep sessions open: on close, end them after 200 ms instead of 30 s.
      closeTimeout: 200,
      onConnect(_session, callback) {
        connections++;
        callback();
      },
      onMailFrom(_address, _session, callback) {
        if (stalled) stalled.push(() => callback());
        else callback();
      },
      onRcptTo(address, _session, callback) {
        if (!rejectCode) return callback();
        const err = Object.assign(new Error(`mailbox ${address.address} unavailable`), {
          responseCode: rejectCode,
        });
        callback(err);
      },
      onData(stream, session, callback) {
        simpleParser(stream).then(
          (parsed) => {
            mails.push({
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              parsed,
            });
            callback();
          },
          (err: Error) => callback(err),
        );
      },
    });
    const current = server;
    await new Promise<void>((resolve, reject) => {
      current.server.once('error', reject);
      current.listen(port, '127.0.0.1', () => resolve());
    });
    port = (current.server.address() as AddressInfo).port;
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server) return resolve();
      const current = server;
      server = undefined;
      current.close(() => resolve());
    });

  await listen();
  return {
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    mails,
    get connections() {
      return connections;
    },
    pause: stop,
    resume: listen,
    stall: (on) => {
      const held = stalled ?? [];
      stalled = on ? held : undefined;
      if (!on) for (const release of held) release();
    },
    rejectRecipients: (code) => {
      rejectCode = code;
    },
    waitForMails: (count, timeoutMs = 10_000) =>
      waitFor(() => mails.length >= count && mails, `${count} email(s), got ${mails.length}`, timeoutMs),
    close: stop,
  };
}
