package com.mangahub.sync.mangadex;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP pass-through in front of the simulator that records every HTTP request head going by, so the contract
 * check sees exactly what the client sent. Bytes are forwarded unchanged both ways, and a connection the simulator
 * cuts (reset, truncated body, down) is cut toward the client too, so faults arrive as the simulator made them.
 */
final class WireTap implements AutoCloseable {
    private final ServerSocket listener;
    private final URI upstream;
    private final Clock clock;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private WireTap(URI upstream, Clock clock) throws IOException {
        this.upstream = upstream;
        this.clock = clock;
        this.listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    static WireTap inFrontOf(URI upstream, Clock clock) {
        try {
            return new WireTap(upstream, clock);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(new InetSocketAddress(upstream.getHost(), upstream.getPort()));
                sockets.add(client);
                sockets.add(server);
                Thread.ofVirtual().start(() -> pump(client, server, true));
                Thread.ofVirtual().start(() -> pump(server, client, false));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(Socket from, Socket to, boolean requests) {
        RequestHeads heads = new RequestHeads(from.getPort());
        byte[] buffer = new byte[16 * 1024];
        try (from; to; InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (requests) heads.feed(buffer, n);
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // One side went away: closing both (try-with-resources) passes the cut on.
        }
    }

    /** Splits the client's byte stream into request heads (GETs carry no body). */
    private final class RequestHeads {
        private final StringBuilder pending = new StringBuilder();
        private final int clientPort;

        RequestHeads(int clientPort) {
            this.clientPort = clientPort;
        }

        void feed(byte[] bytes, int length) {
            pending.append(new String(bytes, 0, length, StandardCharsets.ISO_8859_1));
            for (int end = pending.indexOf("\r\n\r\n"); end >= 0; end = pending.indexOf("\r\n\r\n")) {
                record(pending.substring(0, end));
                pending.delete(0, end + 4);
            }
        }

        private void record(String head) {
            String[] lines = head.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            URI target = URI.create(requestLine[1]);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.computeIfAbsent(lines[i].substring(0, colon).strip(), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).strip());
            }
            requests.add(new RecordedRequest(requestLine[0], target.getRawPath(), target.getRawQuery(), headers,
                    clock.instant(), clientPort));
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
