import { connect } from 'node:net';
import type pg from 'pg';

/** The fields pg keeps from the server's BackendKeyData message. */
interface ClientKeys {
  host?: string;
  port?: number;
  processID: number | null;
  secretKey: number | null;
}

const cancelRequestCode = 80877102;

/**
 * Asks the server to cancel whatever `client`'s backend is running, over a connection of its own
 * (PostgreSQL's CancelRequest needs no authentication and no pool slot, so it works while the
 * pool is exhausted). Best effort: the caller destroys the client anyway.
 */
export function cancelBackend(client: pg.PoolClient): void {
  const { host, port, processID, secretKey } = client as unknown as ClientKeys;
  if (processID === null || secretKey === null || !port) return;
  const message = Buffer.alloc(16);
  message.writeInt32BE(16, 0);
  message.writeInt32BE(cancelRequestCode, 4);
  message.writeInt32BE(processID, 8);
  message.writeInt32BE(secretKey, 12);
  const socket = host?.startsWith('/') ? connect(`${host}/.s.PGSQL.${port}`) : connect(port, host);
  socket.setTimeout(2000, () => socket.destroy());
  socket.on('error', () => socket.destroy());
  socket.on('connect', () => socket.end(message));
}
