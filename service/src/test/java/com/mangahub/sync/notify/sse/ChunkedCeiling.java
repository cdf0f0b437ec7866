package com.mangahub.sync.notify.sse;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The machine's ceiling for an SSE fan-out, measured in the same run as ours: a bare socket server, one virtual
 * thread per connection as ours has, that answers any GET with a chunked {@code text/event-stream} response and,
 * on {@link #publish}, writes one chunk holding {@code event} to every open connection and flushes it. No routing,
 * no authentication, no database, no per-stream queue: the HTTP/1.1 chunked writes and the loopback alone.
 */
final class ChunkedCeiling implements AutoCloseable {
    private static final byte[] HEAD = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final CountDownLatch go = new CountDownLatch(1);
    private final AtomicInteger open = new AtomicInteger();
    private final Thread acceptor;
    private volatile byte[] chunk;

    ChunkedCeiling() throws IOException {
        server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    int open() {
        return open.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream(), 512);
            for (String line = SseLoadClient.readLine(in); line != null && !line.isEmpty(); line = SseLoadClient.readLine(in)) { }
            OutputStream out = socket.getOutputStream();
            out.write(HEAD);
            out.flush();
            open.incrementAndGet();
            go.await();
            if (chunk == null) return; // closed before any publish
            out.write(chunk);
            out.flush();
            while (in.read() != -1) { } // the client closes when it is done
        } catch (IOException | InterruptedException e) {
            // the connection ended; the client counts what it received
        }
    }

    /** Every open connection writes {@code event} as one chunk. */
    void publish(String event) {
        byte[] data = event.getBytes(StandardCharsets.UTF_8);
        byte[] size = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] c = new byte[size.length + data.length + 2];
        System.arraycopy(size, 0, c, 0, size.length);
        System.arraycopy(data, 0, c, size.length, data.length);
        c[c.length - 2] = '\r';
        c[c.length - 1] = '\n';
        chunk = c;
        go.countDown();
    }

    @Override
    public void close() throws IOException {
        server.close();
        go.countDown();
    }
}
