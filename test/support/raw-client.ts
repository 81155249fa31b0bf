import crypto from 'node:crypto';
import net from 'node:net';

// Raw bytes at the web-host's door: what a broken or hostile client sends, not what a library
// would. Used by the fault tests (test/integration/faults, test/faults).

/** Send `bytes` on a fresh TCP connection and resolve with everything the server answered. */
export function rawExchange(port: number, bytes: string | Buffer, timeoutMs = 5_000): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text: Buffer.concat(chunks).toString('latin1'), closed });
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', () => done(true));
    socket.on('close', () => done(true));
    socket.write(bytes);
  });
}

/** The status code of the first HTTP response line in `text`, or 0. */
export const statusOf = (text: string): number => Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);

/** One WebSocket frame as bytes; `mask: false` makes the unmasked frame a client must never send. */
export function wsFrame(opcode: number, payload: Buffer, options: { mask?: boolean; fin?: boolean; claimLength?: number } = {}): Buffer {
  const mask = options.mask ?? true;
  const length = options.claimLength ?? payload.length;
  const head: number[] = [((options.fin ?? true) ? 0x80 : 0) | opcode];
  const maskBit = mask ? 0x80 : 0;
  if (length < 126) head.push(maskBit | length);
  else if (length < 65536) head.push(maskBit | 126, length >> 8, length & 0xff);
  else {
    head.push(maskBit | 127);
    const big = Buffer.alloc(8);
    big.writeBigUInt64BE(BigInt(length));
    head.push(...big);
  }
  if (!mask) return Buffer.concat([Buffer.from(head), payload]);
  const key = crypto.randomBytes(4);
  const body = Buffer.from(payload.map((b, i) => b ^ (key[i % 4] as number)));
  return Buffer.concat([Buffer.from(head), key, body]);
}

export interface RawSocket {
  readonly socket: net.Socket;
  /** Resolves when the server closes the connection, with the close code it sent (0: none). */
  readonly closed: Promise<number>;
  /** Text frames received so far. */
  readonly texts: string[];
}

/** Complete a WebSocket handshake by hand, then hand back the socket for raw frames. */
export function rawWebSocket(port: number, token: string): Promise<RawSocket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let buffer = Buffer.alloc(0);
    let upgraded = false;
    const texts: string[] = [];
    let closeCode = 0;
    const closed = new Promise<number>((done) => socket.on('close', () => done(closeCode)));
    socket.on('error', () => {});
    socket.on('data', (d: Buffer) => {
      buffer = Buffer.concat([buffer, d]);
      if (!upgraded) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffer.subarray(0, end).toString('latin1');
        buffer = buffer.subarray(end + 4);
        if (statusOf(head) !== 101) return reject(new Error(`handshake refused: ${head.split('\r\n')[0]}`));
        upgraded = true;
        resolve({ socket, closed, texts });
      }
      // Server frames are unmasked; read as many complete ones as there are.
      for (;;) {
        if (buffer.length < 2) return;
        const opcode = (buffer[0] as number) & 0x0f;
        let length = (buffer[1] as number) & 0x7f;
        let offset = 2;
        if (length === 126) {
          if (buffer.length < 4) return;
          length = buffer.readUInt16BE(2);
          offset = 4;
        } else if (length === 127) {
          if (buffer.length < 10) return;
          length = Number(buffer.readBigUInt64BE(2));
          offset = 10;
        }
        if (buffer.length < offset + length) return;
        const payload = buffer.subarray(offset, offset + length);
        if (opcode === 0x1) texts.push(payload.toString('utf8'));
        if (opcode === 0x8 && payload.length >= 2) closeCode = payload.readUInt16BE(0);
        buffer = buffer.subarray(offset + length);
      }
    });
    socket.write(
      [
        `GET /ws?token=${token} HTTP/1.1`,
        `Host: 127.0.0.1:${port}`,
        `Origin: http://127.0.0.1:${port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}`,
        'Sec-WebSocket-Version: 13',
        '',
        '',
      ].join('\r\n'),
    );
  });
}
