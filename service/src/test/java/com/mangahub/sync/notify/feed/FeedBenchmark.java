package com.mangahub.sync.notify.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangahub.sync.notify.NotifyStack;
import com.mangahub.sync.reader.UserAccounts;
import com.mangahub.sync.support.PostgresExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a feed costs the service: a reader with 10,000 stored notifications (chapters with titles and groups), each
 * format read in full (the newest 50: query, details, writing, hashing) and revalidated with its ETag (the same work
 * but no body sent), over loopback HTTP. Prints medians and p95 and the ratio full / 304.
 * {@code ./mvnw -B -Pbenchmark test -Dtest=FeedBenchmark}
 */
@Tag("benchmark")
@ExtendWith(PostgresExtension.class)
class FeedBenchmark {
    private static final int STORED = 10_000;
    private static final int ROUNDS = 300;

    @Test
    void fullFeedsAndRevalidations() throws Exception {
        try (NotifyStack stack = new NotifyStack()) {
            UUID manga = UUID.randomUUID();
            long mangaId = stack.insertManga(manga, "Chainsaw Man");
            UserAccounts.NewUser reader = stack.user("bench");
            stack.db.inTransaction(h -> {
                h.execute("insert into chapters (mangadex_chapter_id, manga_id, language, chapter, title, groups, readable_at) "
                        + "select gen_random_uuid(), ?, 'en', g::text, 'Chapter title ' || g, "
                        + "'[{\"id\": \"aa000000-0000-4000-8000-00000000000f\", \"name\": \"Group\"}]', now() "
                        + "from generate_series(1, ?) g", mangaId, STORED);
                h.execute("insert into notifications (user_id, type, manga_id, payload, dedup_key, created_at) "
                        + "select ?, 'NEW_CHAPTER', ?, jsonb_build_object('manga_id', ?::text, 'title', 'Chainsaw Man', "
                        + "'chapter', c.chapter, 'old_chapter', null, 'language', 'en', 'chapter_id', c.mangadex_chapter_id::text), "
                        + "'c' || c.chapter, now() - (? - c.chapter::int) * interval '1 minute' "
                        + "from chapters c where c.manga_id = ? order by c.chapter::int",
                        reader.account().id(), mangaId, manga.toString(), STORED, mangaId);
                return null;
            });
            JsonNode made = stack.parse(stack.send("POST", "/api/me/feeds/rotate", reader.token(), null).body());
            HttpClient http = HttpClient.newHttpClient();
            System.out.printf("feeds of a reader with %,d stored notifications (the newest %d in each), %d requests each:%n",
                    STORED, FeedRoutes.ENTRIES, ROUNDS);
            for (String format : List.of("atom", "rss", "json")) {
                URI uri = URI.create("http://127.0.0.1:" + stack.http.port() + made.get(format).asText());
                HttpResponse<String> first = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(first.statusCode()).isEqualTo(200);
                String etag = first.headers().firstValue("ETag").orElseThrow();
                for (int i = 0; i < 300; i++) time(http, HttpRequest.newBuilder(uri).build(), 200); // warm-up: JIT, pool
                List<Double> full = new ArrayList<>();
                List<Double> revalidated = new ArrayList<>();
                for (int i = 0; i < ROUNDS; i++) {
                    full.add(time(http, HttpRequest.newBuilder(uri).build(), 200));
                    revalidated.add(time(http, HttpRequest.newBuilder(uri).header("If-None-Match", etag).build(), 304));
                }
                System.out.printf("  %-4s %,d bytes: full p50 %.2f ms p95 %.2f ms; 304 p50 %.2f ms p95 %.2f ms; ratio full/304 %.2f%n",
                        format, first.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
                        pct(full, 50), pct(full, 95), pct(revalidated, 50), pct(revalidated, 95),
                        pct(full, 50) / pct(revalidated, 50));
            }
        }
    }

    private static double time(HttpClient http, HttpRequest request, int status) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        double ms = (System.nanoTime() - start) / 1e6;
        assertThat(r.statusCode()).isEqualTo(status);
        return ms;
    }

    private static double pct(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
