package com.mangahub.sync.notify.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangahub.sync.notify.NotifyStack;
import com.mangahub.sync.reader.UserAccounts;
import com.mangahub.sync.support.PostgresExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A third party reads our feeds: Python's feedparser (Debian's python3-feedparser, the parser many feed tools are
 * built on) fetches the Atom and RSS feeds over HTTP, finds no error in either, reads back the entries' ids, titles
 * and links, and then revalidates with the ETag it was given and gets a 304, as a feed reader polling us does.
 * (Debian's feedparser 6.0 predates its JSON Feed support; FeedRoutesTest holds JSON Feed to the spec's fields.)
 */
@ExtendWith(PostgresExtension.class)
class FeedparserTest {
    /** Debian's interpreter, where python3-feedparser installs (a python3 earlier on PATH may be another one). */
    private static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    private static final String SCRIPT = """
            import json, sys, feedparser
            url = sys.argv[1]
            first = feedparser.parse(url)
            again = feedparser.parse(url, etag=first.get('etag'))
            print(json.dumps({'version': first.version, 'bozo': first.bozo, 'status': first.get('status'),
                              'error': str(first.get('bozo_exception', '')), 'title': first.feed.get('title'),
                              'entries': [{'id': e.get('id'), 'title': e.get('title'), 'link': e.get('link')}
                                          for e in first.entries],
                              'revalidated': again.get('status'), 'etag': first.get('etag')}))
            """;
    private NotifyStack stack;

    @BeforeEach
    void start() {
        stack = new NotifyStack();
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void feedparserReadsAtomAndRssWithoutErrorAndRevalidatesTo304() throws Exception {
        UUID manga = UUID.randomUUID();
        UUID chapter = UUID.randomUUID();
        long mangaId = stack.insertManga(manga, "Dandadan");
        UserAccounts.NewUser reader = stack.user("parsed");
        String hostile = "Dandadan <b>&</b> \"Okarun\"";
        long first = insert(reader, mangaId, stack.json.createObjectNode().put("manga_id", manga.toString())
                .put("title", hostile).toString(), "NEW_MANGA");
        long second = insert(reader, mangaId, stack.json.createObjectNode().put("manga_id", manga.toString())
                .put("title", "Dandadan").put("chapter", "170").put("old_chapter", "169").put("language", "en")
                .put("chapter_id", chapter.toString()).toString(), "NEW_CHAPTER");
        JsonNode made = stack.parse(stack.send("POST", "/api/me/feeds/rotate", reader.token(), null).body());

        for (var format : List.of(List.of("atom", "atom10"), List.of("rss", "rss20"))) {
            JsonNode parsed = feedparser("http://127.0.0.1:" + stack.http.port() + made.get(format.get(0)).asText());
            assertThat(parsed.get("bozo").asInt()).as("%s: %s", format, parsed.get("error")).isZero();
            assertThat(parsed.get("version").asText()).isEqualTo(format.get(1));
            assertThat(parsed.get("status").asInt()).isEqualTo(200);
            assertThat(parsed.get("title").asText()).isEqualTo("MangaHub Sync: parsed's notifications");
            JsonNode entries = parsed.get("entries");
            assertThat(entries).hasSize(2);
            assertThat(entries.get(0).get("id").asText()).isEqualTo("urn:mangahub-sync:notification:" + second);
            assertThat(entries.get(0).get("title").asText()).isEqualTo("Dandadan — Chapter 170");
            assertThat(entries.get(0).get("link").asText()).isEqualTo("https://mangadex.org/chapter/" + chapter);
            assertThat(entries.get(1).get("id").asText()).isEqualTo("urn:mangahub-sync:notification:" + first);
            assertThat(entries.get(1).get("title").asText()).as("markup in a title is text to feedparser too")
                    .isEqualTo("New series: " + hostile);
            assertThat(parsed.get("etag").asText()).startsWith("\"");
            assertThat(parsed.get("revalidated").asInt()).as("feedparser's conditional GET").isEqualTo(304);
        }
    }

    private long insert(UserAccounts.NewUser user, long mangaId, String payload, String type) {
        return stack.db.inTransaction(h -> h.createQuery("insert into notifications (user_id, type, manga_id, payload, "
                        + "dedup_key, created_at) values (:user, :type, :manga, cast(:payload as jsonb), :key, now()) returning id")
                .bind("user", user.account().id()).bind("type", type).bind("manga", mangaId).bind("payload", payload)
                .bind("key", UUID.randomUUID().toString()).mapTo(Long.class).one());
    }

    private JsonNode feedparser(String url) throws Exception {
        Path script = Files.createTempFile("feedparser", ".py");
        Files.writeString(script, SCRIPT);
        Process p = new ProcessBuilder(PYTHON, script.toString(), url).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("feedparser finished").isTrue();
        assertThat(p.exitValue()).as("python3 with feedparser (Debian: python3-feedparser):%n%s", output).isZero();
        return stack.parse(output.lines().reduce((a, b) -> b).orElseThrow());
    }
}
