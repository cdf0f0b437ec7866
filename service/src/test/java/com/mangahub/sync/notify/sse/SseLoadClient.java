package com.mangahub.sync.notify.sse;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client side of {@link SseFanOutBenchmark}, run as its own process: ten thousand streams need ten thousand
 * sockets on each side, and one JVM here may hold 20,000 file descriptors ({@code ulimit -n}, not raisable).
 * One virtual thread per stream on a plain socket: it sends the GET with the stream's token, reads the response
 * and waits for the first line carrying {@code data:} (an event; heartbeats are comments). JDK classes only, so
 * it runs from the test classes directory alone.
 * <p>
 * Arguments: host port path tokensFile. Prints {@code CONNECTED n}, then {@code RECEIVED n first last} with the
 * {@code System.nanoTime()} of the first and last event (CLOCK_MONOTONIC: comparable across processes on one
 * machine), or {@code TIMEOUT n} after two minutes; stdin closing ends it.
 */
public final class SseLoadClient {
    private static final int CONNECTING_AT_ONCE = 50;

    /**
     * One line (CR LF or LF ended, without them), null at the end of the stream. Byte by byte over a 512-byte buffer:
     * ten thousand streams with a BufferedReader each (16 KB of buffers) would need 160 MB for nothing.
     */
    static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                int n = line.length();
                if (n > 0 && line.charAt(n - 1) == '\r') line.setLength(n - 1);
                return line.toString();
            }
            line.append((char) b);
        }
        return line.isEmpty() ? null : line.toString();
    }

    /** One stream: false when the server refused it (not 200), true once its event arrived and the stream ended. */
    private static boolean stream(String host, int port, String path, String token, Semaphore connecting,
                                  CountDownLatch connected, java.util.concurrent.atomic.AtomicBoolean once,
                                  CountDownLatch received, AtomicLong first, AtomicLong last)
            throws Exception {
        try (Socket socket = new Socket()) {
            InputStream in;
            connecting.acquire();
            try {
                socket.connect(new InetSocketAddress(host, port), 30_000);
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nAuthorization: Bearer "
                        + token + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                in = new BufferedInputStream(socket.getInputStream(), 512);
                String status = readLine(in);
                if (status == null || !status.contains(" 200")) return false;
                for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) { }
            } finally {
                connecting.release();
            }
            if (!once.getAndSet(true)) connected.countDown();
            for (String line = readLine(in); line != null; line = readLine(in)) {
                if (line.contains("data:")) {
                    long now = System.nanoTime();
                    first.accumulateAndGet(now, Math::min);
                    last.accumulateAndGet(now, Math::max);
                    received.countDown();
                    // keep the stream open (and idle) until the process ends, as a browser tab would
                    while (in.read() != -1) { }
                    return true;
                }
            }
            return false; // the stream ended before its event (a server error after the headers): open it again
        }
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String path = args[2];
        List<String> tokens = Files.readAllLines(Path.of(args[3]));
        int n = tokens.size();
        CountDownLatch connected = new CountDownLatch(n);
        CountDownLatch received = new CountDownLatch(n);
        AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        AtomicLong last = new AtomicLong(Long.MIN_VALUE);
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger retries = new AtomicInteger();
        // a bounded number of handshakes at once: an overflowing accept backlog costs a one-second SYN retry
        Semaphore connecting = new Semaphore(CONNECTING_AT_ONCE);
        for (String token : tokens) {
            var once = new java.util.concurrent.atomic.AtomicBoolean();
            Thread.ofVirtual().start(() -> {
                // a refused stream (a 5xx while ten thousand connect at once) is retried after a pause, as the web
                // app reconnects; the retries are counted and printed
                for (int attempt = 0; attempt < 10; attempt++) {
                    try {
                        if (stream(host, port, path, token, connecting, connected, once, received, first, last)) return;
                        retries.incrementAndGet();
                        Thread.sleep(1_000);
                    } catch (Exception e) {
                        if (failed.incrementAndGet() <= 3) System.err.println("stream failed: " + e);
                        return;
                    }
                }
            });
        }
        if (!connected.await(5, TimeUnit.MINUTES)) {
            System.out.println("TIMEOUT connected " + (n - connected.getCount()) + " failed " + failed.get());
            System.out.flush();
            System.exit(1);
        }
        System.out.println("CONNECTED " + n + " " + retries.get());
        System.out.flush();
        if (received.await(2, TimeUnit.MINUTES)) {
            System.out.println("RECEIVED " + n + " " + first.get() + " " + last.get());
        } else {
            System.out.println("TIMEOUT received " + (n - received.getCount()) + " failed " + failed.get());
        }
        System.out.flush();
        while (System.in.read() != -1) { }
        System.exit(0);
    }
}
