package com.mangahub.sync.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1.1 over a plain socket, for what {@link java.net.http.HttpClient} will not send: a chunked body of any size
 * streamed from a generator (and stopped the moment the answer arrives, as a client that reads while it writes
 * would), oversized headers, malformed requests. The answer is read on its own thread while the body goes out.
 */
public final class RawHttp {
    private static final int CHUNK = 64 * 1024;

    private RawHttp() {}

    /** A response as read off the wire, with how many body bytes had been sent when it came. */
    public record Answer(int status, Map<String, String> headers, String body, long bodyBytesSent) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Sends {@code prefix} then {@code fill} repeated up to {@code total} bytes as a chunked body; stops writing once
     * the answer has arrived or the server closed the connection.
     */
    public static Answer chunked(int port, String method, String path, Map<String, String> headers,
                                 byte[] prefix, byte fill, long total) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            CompletableFuture<Answer> answer = readAsync(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            out.write(head(method, path, headers, "Transfer-Encoding: chunked\r\n"));
            byte[] block = new byte[CHUNK];
            java.util.Arrays.fill(block, fill);
            System.arraycopy(prefix, 0, block, 0, Math.min(prefix.length, CHUNK));
            long sent = 0;
            try {
                while (sent < total && !answer.isDone()) {
                    int n = (int) Math.min(CHUNK, total - sent);
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(block, 0, n);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    sent += n;
                    if (sent == n) java.util.Arrays.fill(block, 0, Math.min(prefix.length, CHUNK), fill);
                }
                if (sent == total) out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException closedByServer) {
                // the server answered and closed while we were still writing: that is the point; read its answer
            }
            Answer a = answer.get(60, TimeUnit.SECONDS);
            return new Answer(a.status(), a.headers(), a.body(), sent);
        }
    }

    /** Sends exactly these bytes as the whole request and reads the answer. */
    public static Answer raw(int port, byte[] request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            CompletableFuture<Answer> answer = readAsync(socket.getInputStream());
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
            } catch (IOException closedByServer) {
                // answered before the request was all sent (e.g. headers too large): read what it said
            }
            return answer.get(30, TimeUnit.SECONDS);
        }
    }

    /** A request head ending with the blank line; {@code extra} is raw header text. */
    public static byte[] head(String method, String path, Map<String, String> headers, String extra) {
        StringBuilder b = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        headers.forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
        return b.append(extra).append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static CompletableFuture<Answer> readAsync(InputStream in) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                answer.complete(read(in));
            } catch (Throwable e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    private static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) throw new IOException("connection closed before any answer");
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
        }
        byte[] body;
        if (status == 204 || status == 304 || status / 100 == 1) {
            body = new byte[0]; // no body by definition (RFC 9110 §6.4.1), whatever the headers say
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line(in).split(";")[0].strip(), 16); size > 0;
                 size = Integer.parseInt(line(in).split(";")[0].strip(), 16)) {
                all.write(in.readNBytes(size));
                line(in);
            }
            body = all.toByteArray();
        } else {
            body = in.readAllBytes();
        }
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8), -1);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
            if (c != '\r') b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
