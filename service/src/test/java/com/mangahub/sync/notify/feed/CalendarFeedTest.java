package com.mangahub.sync.notify.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.notify.NotifyStack;
import com.mangahub.sync.notify.coap.CoapSettings;
import com.mangahub.sync.reader.UserAccounts;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.support.SettableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Acceptance 2 of issue 28: the calendar feed read by a real parser (Debian's python3-icalendar): one all-day event
 * per expected chapter, UIDs stable across requests and after a new chapter (only that series' event moves on to the
 * next chapter), 304 with the ETag, 404 once the feed token is revoked; lines end in CRLF and fold at 75 octets.
 */
@ExtendWith(PostgresExtension.class)
class CalendarFeedTest {
    private static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    private static final String SCRIPT = """
            import json, sys, urllib.request
            from icalendar import Calendar
            body = urllib.request.urlopen(sys.argv[1]).read()
            cal = Calendar.from_ical(body)
            events = [{'uid': str(e.get('uid')), 'summary': str(e.get('summary')),
                       'start': e.get('dtstart').dt.isoformat(), 'end': e.get('dtend').dt.isoformat(),
                       'all_day': e.get('dtstart').params.get('VALUE') == 'DATE', 'url': str(e.get('url'))}
                      for e in cal.walk('VEVENT')]
            print(json.dumps({'version': str(cal.get('version')), 'events': events}))
            """;
    /** A Wednesday, at noon. */
    private static final Instant NOW = Instant.parse("2026-03-04T12:00:00Z");
    private final SettableClock clock = new SettableClock(NOW);
    private final HttpClient http = HttpClient.newHttpClient();
    private NotifyStack stack;

    @BeforeEach
    void start() {
        stack = new NotifyStack(clock, CoapSettings.defaults(), new Config.Notify(10, Duration.ofHours(1)),
                NotifyStack.catalogueOnly());
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void aRealParserReadsOneAllDayEventPerExpectedChapterWithStableUids() throws Exception {
        UserAccounts.NewUser reader = stack.user("calendar");
        UUID weekly = series(reader, "Weekly Hero", "ongoing", 10, Duration.ofDays(7));
        // a long title with the characters TEXT must escape, and many octets per character to fold
        UUID hostile = series(reader, "Kaguya; Love, is War \\ 「かぐや様は告らせたい～天才たちの恋愛頭脳戦～」 long title",
                "ongoing", 6, Duration.ofDays(14));
        UUID delayed = series(reader, "Delayed One", "ongoing", 2, Duration.ofDays(30));
        pending(delayed, "3", Instant.parse("2026-03-20T09:00:00Z"));
        series(reader, "Finished", "completed", 10, Duration.ofDays(7));
        series(reader, "Too New", "ongoing", 2, Duration.ofDays(7));
        String path = stack.parse(stack.send("POST", "/api/me/feeds/rotate", reader.token(), null).body())
                .get("ics").asText();

        JsonNode first = icalendar(path);
        assertThat(first.get("version").asText()).isEqualTo("2.0");
        Map<String, JsonNode> events = byUid(first);
        assertThat(events).containsOnlyKeys(weekly + "-11@mangahub-sync", hostile + "-7@mangahub-sync",
                delayed + "-3@mangahub-sync");
        JsonNode w = events.get(weekly + "-11@mangahub-sync");
        assertThat(w.get("all_day").asBoolean()).isTrue();
        assertThat(w.get("start").asText()).isEqualTo("2026-03-10"); // the last of ten weekly chapters was 03-03
        assertThat(w.get("end").asText()).isEqualTo("2026-03-11");
        assertThat(w.get("summary").asText()).isEqualTo("Weekly Hero: chapter 11");
        assertThat(w.get("url").asText()).isEqualTo("https://mangadex.org/title/" + weekly);
        assertThat(events.get(delayed + "-3@mangahub-sync").get("start").asText()).isEqualTo("2026-03-20");
        assertThat(events.get(hostile + "-7@mangahub-sync").get("summary").asText())
                .isEqualTo("Kaguya; Love, is War \\ 「かぐや様は告らせたい～天才たちの恋愛頭脳戦～」 long title: chapter 7");

        assertThat(byUid(icalendar(path)).keySet()).as("the same UIDs on every request").isEqualTo(events.keySet());
        HttpResponse<byte[]> raw = get(path, Map.of());
        String text = new String(raw.body(), StandardCharsets.UTF_8);
        assertThat(raw.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/calendar");
        assertThat(text.replace("\r\n", "")).as("every line ends in CRLF").doesNotContain("\n").doesNotContain("\r");
        assertThat(text.split("\r\n")).allSatisfy(line ->
                assertThat(line.getBytes(StandardCharsets.UTF_8).length).as(line).isLessThanOrEqualTo(75));
        assertThat(text).contains("\r\n ").as("the long summary was folded");
        String etag = raw.headers().firstValue("ETag").orElseThrow();
        assertThat(get(path, Map.of("If-None-Match", etag)).statusCode()).isEqualTo(304);

        // chapter 11 of the weekly series comes: its event moves on to chapter 12, the others keep their UIDs
        release(weekly, "11", Instant.parse("2026-03-10T15:00:00Z"));
        clock.set(Instant.parse("2026-03-11T08:00:00Z"));
        Map<String, JsonNode> after = byUid(icalendar(path));
        assertThat(after).containsOnlyKeys(weekly + "-12@mangahub-sync", hostile + "-7@mangahub-sync",
                delayed + "-3@mangahub-sync");
        assertThat(after.get(weekly + "-12@mangahub-sync").get("start").asText()).isEqualTo("2026-03-17");
        assertThat(get(path, Map.of("If-None-Match", etag)).statusCode()).as("a new chapter is a new body").isEqualTo(200);

        assertThat(stack.send("DELETE", "/api/me/feeds", reader.token(), null).statusCode()).isEqualTo(204);
        assertThat(get(path, Map.of()).statusCode()).isEqualTo(404);
    }

    /** A followed ongoing series whose chapters 1..count came every {@code gap}, the last one yesterday. */
    private UUID series(UserAccounts.NewUser reader, String title, String status, int count, Duration gap) {
        UUID id = UUID.randomUUID();
        long mangaId = stack.insertManga(id, title);
        stack.db.inTransaction(h -> h.createUpdate("update manga set status = :status, latest_chapter = :latest "
                + "where id = :id").bind("status", status).bind("latest", Integer.toString(count)).bind("id", mangaId)
                .execute());
        Instant last = NOW.minus(Duration.ofDays(1)).plus(Duration.ofHours(3));
        for (int n = 1; n <= count; n++) known(mangaId, Integer.toString(n), last.minus(gap.multipliedBy(count - n)));
        stack.follow(reader.account().id(), mangaId);
        return id;
    }

    private long localId(UUID mangaDexId) {
        return stack.count("select id from manga where mangadex_id = ?", mangaDexId);
    }

    private void known(long mangaId, String number, Instant readableAt) {
        stack.db.inTransaction(h -> h.createUpdate("insert into reader_chapters (manga_id, language, number, number_key, "
                        + "announced, readable_at) values (:m, 'en', :n, cast(:n as numeric), true, :at)")
                .bind("m", mangaId).bind("n", number).bind("at", readableAt).execute());
    }

    private void release(UUID series, String number, Instant readableAt) {
        long mangaId = localId(series);
        known(mangaId, number, readableAt);
        stack.db.inTransaction(h -> h.createUpdate("update manga set latest_chapter = :n where id = :id")
                .bind("n", number).bind("id", mangaId).execute());
    }

    private void pending(UUID series, String number, Instant readableAt) {
        long mangaId = localId(series);
        stack.db.inTransaction(h -> h.createUpdate("insert into chapters (mangadex_chapter_id, manga_id, language, "
                        + "chapter, published_at, readable_at, release_pending) values (:id, :m, 'en', :n, :at, :at, true)")
                .bind("id", UUID.randomUUID()).bind("m", mangaId).bind("n", number).bind("at", readableAt).execute());
    }

    private HttpResponse<byte[]> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.http.port() + path));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Map<String, JsonNode> byUid(JsonNode calendar) {
        Map<String, JsonNode> out = new HashMap<>();
        calendar.get("events").forEach(e -> out.put(e.get("uid").asText(), e));
        return out;
    }

    private JsonNode icalendar(String path) throws Exception {
        Path script = Files.createTempFile("icalendar", ".py");
        Files.writeString(script, SCRIPT);
        Process p = new ProcessBuilder(PYTHON, script.toString(), "http://127.0.0.1:" + stack.http.port() + path)
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the parser finished").isTrue();
        assertThat(p.exitValue()).as("python3 with icalendar (Debian: python3-icalendar):%n%s", output).isZero();
        return stack.parse(output.lines().reduce((a, b) -> b).orElseThrow());
    }
}
