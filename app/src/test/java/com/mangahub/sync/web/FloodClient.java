package com.mangahub.sync.web;

import com.mangahub.sync.reader.UserAccounts;
import com.mangahub.sync.store.Database;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the flood tests of issue 23 share: readers and a followed series seeded in the test database, SSE requests on
 * raw sockets (a refusal keeps its connection, so attempts reuse them), and the service's RSS and heap.
 */
final class FloodClient {
    static final String ADMIN = "one-reader-flood-admin-token";
    private static final Pattern HEAP = Pattern.compile("^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} (\\S+)$",
            Pattern.MULTILINE);

    private FloodClient() {}

    /** The scene of every flood: a flooding reader, a calm one, and a series only the calm one follows. */
    record Scene(long calm, UUID manga) {}

    static Scene scene(Database db, String flooderToken, String calmToken) {
        reader(db, "flooder", flooderToken);
        long calm = reader(db, "calm", calmToken);
        return new Scene(calm, followedSeries(db, calm));
    }

    /** A reader with this token (stored as the service stores it: its hash); returns their id. */
    static long reader(Database db, String name, String token) {
        return db.inTransaction(h -> h.createQuery("insert into users (name, token_hash) values (:n, :h) returning id")
                .bind("n", name).bind("h", UserAccounts.fingerprint(token)).mapTo(Long.class).one());
    }

    /** A series in the catalogue that {@code followers} follow; returns its MangaDex id. */
    static UUID followedSeries(Database db, long... followers) {
        UUID manga = UUID.randomUUID();
        long id = db.inTransaction(h -> h.createQuery("insert into manga (mangadex_id, slug, title) values (:id, :slug, "
                + "'Flood') returning id").bind("id", manga).bind("slug", "flood-" + manga).mapTo(Long.class).one());
        for (long user : followers) {
            db.inTransaction(h -> h.execute("insert into user_library (user_id, manga_id) values (?, ?)", user, id));
        }
        return manga;
    }

    static String newChapter(UUID manga, int number) {
        return "{\"manga_id\":\"" + manga + "\",\"title\":\"Flood\",\"chapter\":\"" + number + "\",\"old_chapter\":\""
                + (number - 1) + "\"}";
    }

    /** Asks for a stream on this connection; returns the answer's head, and its body for anything but a 200. */
    static String openStream(Socket s, String token) throws IOException {
        s.getOutputStream().write(("GET /api/me/notifications/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + token + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return answer(s);
    }

    /** Reads one answer: the head of a 200 (a stream goes on), or head and body of anything else. */
    static String answer(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder out = new StringBuilder();
        int bodyStart = -1;
        int length = -1;
        while (true) {
            int b = in.read();
            if (b < 0) throw new IOException("closed after: " + out);
            out.append((char) b);
            if (bodyStart < 0 && out.length() >= 4 && out.substring(out.length() - 4).equals("\r\n\r\n")) {
                bodyStart = out.length();
                String head = out.toString().toLowerCase();
                if (head.startsWith("http/1.1 200") && head.contains("text/event-stream")) return out.toString();
                Matcher m = Pattern.compile("content-length: *(\\d+)").matcher(head);
                length = m.find() ? Integer.parseInt(m.group(1)) : 0;
            }
            if (bodyStart >= 0 && out.length() >= bodyStart + length) return out.toString();
        }
    }

    static int status(String answer) {
        return Integer.parseInt(answer.substring(9, 12));
    }

    static String body(String answer) {
        return answer.substring(answer.indexOf("\r\n\r\n") + 4);
    }

    /**
     * The JVM options of a launcher profile ({@code scripts/jvm/<name>.options}), without class-data sharing: what
     * {@code ./mangahub} runs, so the memory measured is the operator's.
     */
    static java.util.List<String> profile(String name) throws IOException {
        Path file = Path.of(System.getProperty("mangahub.scripts", "../scripts"), "jvm", name + ".options");
        return Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** Resident set size in bytes, from the kernel. */
    static long rss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    /** Heap in use, summed over the pools, from a /metrics page. */
    static long heap(String metrics) {
        Matcher m = HEAP.matcher(metrics);
        double sum = 0;
        while (m.find()) sum += Double.parseDouble(m.group(1));
        return (long) sum;
    }

    /** The value of {@code name{limit="limit"}} on a /metrics page (0 when absent). */
    static double limitMetric(String metrics, String name, String limit) {
        Matcher m = Pattern.compile("^" + name + "\\{limit=\"" + limit + "\"[^}]*} (\\S+)$", Pattern.MULTILINE)
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
