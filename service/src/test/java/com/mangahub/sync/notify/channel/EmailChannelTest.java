package com.mangahub.sync.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mangahub.sync.support.PostgresExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The email channel against a real SMTP server (GreenMail in this JVM): single mails, digests, a refusing server. */
@ExtendWith(PostgresExtension.class)
class EmailChannelTest {
    private static final String HOSTILE = "<script>alert(\"x\")</script> & <b>Co</b>";

    private static ChannelRig rig(MailServer server) {
        return new ChannelRig(List.of("127.0.0.1"), DeliveryPolicy.defaults(), Optional.empty(), Optional.of(server.smtp()));
    }

    @Test
    void aNewChapterArrivesAsTextAndHtmlWithItsLinkTheTitleEscapedAndAMessageIdStablePerNotificationAndChannel() {
        try (MailServer server = new MailServer(); ChannelRig rig = rig(server)) {
            var reader = rig.follower("emma");
            JsonNode channel = rig.addChannel(reader.token(), "{\"kind\":\"email\",\"address\":\"emma@example.org\"}");
            assertThat(channel.get("target").asText()).isEqualTo("emma@example.org");
            assertThat(channel.get("digest").asText()).isEqualTo("none");
            assertThat(channel.has("secret")).isFalse();
            UUID chapterId = UUID.randomUUID();
            rig.newChapter(reader.mangaId(), reader.mangaDexId(), "12", chapterId, HOSTILE);

            assertThat(rig.deliver()).isEqualTo(1);

            MailServer.Mail mail = server.received(1).getFirst();
            assertThat(mail.subject()).isEqualTo("New chapter: " + HOSTILE + " — Chapter 12");
            assertThat(mail.to()).containsExactly("emma@example.org");
            long notification = rig.stack.count("select max(id) from notifications");
            assertThat(mail.messageId()).isEqualTo("<notification-" + notification + ".channel-" + channel.get("id").asLong()
                    + "@example.org>");
            assertThat(mail.contentType()).startsWith("multipart/alternative");
            assertThat(mail.textType()).startsWith("text/plain");
            assertThat(mail.htmlType()).startsWith("text/html");
            String link = "https://mangadex.org/chapter/" + chapterId;
            assertThat(mail.text()).contains(link).contains(HOSTILE);
            assertThat(mail.html()).contains("href=\"" + link + "\"")
                    .contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;Co&lt;/b&gt;")
                    .doesNotContain("<script>").doesNotContain("<b>Co");
            assertThat(rig.stack.count("select count(*) from channel_deliveries where status = 'delivered' and last_status = 250"))
                    .isEqualTo(1);
        }
    }

    @Test
    void aTestMailGoesOutAtOnceUnderItsOwnMessageId() {
        try (MailServer server = new MailServer(); ChannelRig rig = rig(server)) {
            var reader = rig.follower("finn");
            long id = rig.addChannel(reader.token(), "{\"kind\":\"email\",\"address\":\"finn@example.org\"}").get("id").asLong();

            HttpResponse<String> tested = rig.call("POST", "/api/me/channels/" + id + "/test", reader.token(), "{}");

            assertThat(tested.statusCode()).as(tested.body()).isEqualTo(200);
            MailServer.Mail mail = server.received(1).getFirst();
            assertThat(mail.subject()).startsWith("Test message from MangaHub Sync");
            assertThat(mail.messageId()).startsWith("<test-" + id + "-");
        }
    }

    @Test
    void anHourlyDigestHoldsEveryNotificationOfItsHourExactlyOnceAndTheNextHourGoesInTheNextMail() {
        try (MailServer server = new MailServer(); ChannelRig rig = rig(server)) {
            var reader = rig.follower("gina");
            rig.addChannel(reader.token(), "{\"kind\":\"email\",\"address\":\"gina@example.org\",\"digest\":\"hourly\"}");
            // different series, so the anti-spam window (one notification per series per hour) keeps every one
            List<UUID> firstHour = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                rig.clock.advance(Duration.ofMinutes(12)); // 10:12, 10:24, 10:36, 10:48
                firstHour.add(chapterOfNewSeries(rig, reader.userId(), "S" + i, Integer.toString(i + 1)));
                assertThat(rig.deliver()).as("the hour has not ended").isZero();
            }
            rig.clock.advance(Duration.ofMinutes(13)); // 11:01: the 10 o'clock hour has ended
            UUID nextHour = chapterOfNewSeries(rig, reader.userId(), "T", "9");

            assertThat(rig.deliver()).isEqualTo(1);
            MailServer.Mail digest = server.received(1).getFirst();
            for (UUID chapter : firstHour) assertThat(occurrences(digest.text(), chapter.toString())).isEqualTo(1);
            assertThat(digest.text()).doesNotContain(nextHour.toString());
            assertThat(digest.html()).doesNotContain(nextHour.toString());
            assertThat(digest.subject()).contains("4 new notifications");
            assertThat(rig.stack.count("select count(*) from channel_deliveries where status = 'delivered'")).isEqualTo(4);

            assertThat(rig.deliver()).as("11 o'clock has not ended").isZero();
            rig.clock.advance(Duration.ofMinutes(59)); // 12:00
            assertThat(rig.deliver()).isEqualTo(1);
            List<MailServer.Mail> mails = server.received(2);
            MailServer.Mail second = mails.get(1);
            assertThat(occurrences(second.text(), nextHour.toString())).isEqualTo(1);
            for (UUID chapter : firstHour) assertThat(second.text()).doesNotContain(chapter.toString());
            assertThat(second.subject()).isEqualTo("New chapter: T — Chapter 9");
            assertThat(second.messageId()).isNotEqualTo(digest.messageId()).startsWith("<digest-");
            assertThat(rig.deliver()).isZero();
            assertThat(server.count()).isEqualTo(2);
        }
    }

    @Test
    void aDailyDigestWaitsForTheEndOfTheUtcDay() {
        try (MailServer server = new MailServer(); ChannelRig rig = rig(server)) {
            var reader = rig.follower("hugo");
            rig.addChannel(reader.token(), "{\"kind\":\"email\",\"address\":\"hugo@example.org\",\"digest\":\"daily\"}");
            UUID morning = chapterOfNewSeries(rig, reader.userId(), "Morning", "1");
            rig.clock.advance(Duration.ofHours(13)); // 23:00
            UUID night = chapterOfNewSeries(rig, reader.userId(), "Night", "2");
            assertThat(rig.deliver()).isZero();
            rig.clock.advance(Duration.ofMinutes(61)); // 00:01 the next day

            assertThat(rig.deliver()).isEqualTo(1);
            MailServer.Mail digest = server.received(1).getFirst();
            assertThat(occurrences(digest.text(), morning.toString())).isEqualTo(1);
            assertThat(occurrences(digest.text(), night.toString())).isEqualTo(1);
        }
    }

    @Test
    void aRefusingMailServerIsRetriedAfterABackoffUnderTheSameMessageIdThenTheMailIsDelivered() {
        try (MailServer server = new MailServer(); ChannelRig rig = rig(server)) {
            var reader = rig.follower("ines");
            rig.addChannel(reader.token(), "{\"kind\":\"email\",\"address\":\"ines@example.org\"}");
            server.stop();
            rig.newChapter(reader.mangaId(), reader.mangaDexId(), "5");

            assertThat(rig.deliver()).isEqualTo(1);
            assertThat(rig.stack.count("select count(*) from channel_deliveries where status = 'pending' and attempts = 1 "
                    + "and last_error like 'no answer from the mail server%'")).isEqualTo(1);
            // the first backoff is between half of and the whole first step (1 s)
            rig.clock.advance(Duration.ofMillis(400));
            assertThat(rig.deliver()).isZero();
            server.restart();
            rig.clock.advance(Duration.ofMillis(700));
            assertThat(rig.deliver()).isEqualTo(1);

            MailServer.Mail mail = server.received(1).getFirst();
            assertThat(mail.subject()).isEqualTo("New chapter: Frieren — Chapter 5");
            assertThat(rig.stack.count("select count(*) from channel_deliveries where status = 'delivered' and attempts = 2"))
                    .isEqualTo(1);
        }
    }

    @Test
    void aDigestAgainstARefusingServerIsRetriedWholeAndArrivesAsOneMail() {
        try (MailServer server = new MailServer(); ChannelRig rig = rig(server)) {
            var reader = rig.follower("jon");
            rig.addChannel(reader.token(), "{\"kind\":\"email\",\"address\":\"jon@example.org\",\"digest\":\"hourly\"}");
            UUID a = chapterOfNewSeries(rig, reader.userId(), "A", "1");
            UUID b = chapterOfNewSeries(rig, reader.userId(), "B", "2");
            server.stop();
            rig.clock.advance(Duration.ofHours(1));

            assertThat(rig.deliver()).isEqualTo(1);
            assertThat(rig.stack.count("select count(*) from channel_deliveries where status = 'pending' and attempts = 1"))
                    .isEqualTo(2);
            server.restart();
            rig.clock.advance(Duration.ofSeconds(2));
            assertThat(rig.deliver()).isEqualTo(1);

            MailServer.Mail digest = server.received(1).getFirst();
            assertThat(occurrences(digest.text(), a.toString())).isEqualTo(1);
            assertThat(occurrences(digest.text(), b.toString())).isEqualTo(1);
            assertThat(rig.stack.count("select count(*) from channel_deliveries where status = 'delivered'")).isEqualTo(2);
        }
    }

    @Test
    void emailIsRefusedAtCreationWithoutAnSmtpServerAndBadAddressesAndDigestsNameTheirField() {
        try (ChannelRig bare = new ChannelRig()) {
            var reader = bare.follower("kim");
            HttpResponse<String> r = bare.call("POST", "/api/me/channels", reader.token(),
                    "{\"kind\":\"email\",\"address\":\"kim@example.org\"}");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(bare.json(r).get("field").asText()).isEqualTo("kind");
            assertThat(bare.json(r).get("message").asText()).contains("email is not configured");
        }
        try (MailServer server = new MailServer(); ChannelRig rig = rig(server)) {
            var reader = rig.follower("lea");
            for (String bad : List.of("\"lea@example.org\\r\\nBcc: all@example.org\"", "\"Lea <lea@example.org>\"",
                    "\"lea\"", "\"lea@\"", "\"a@b.org, c@d.org\"", "\"lea@exa\\nmple.org\"", "42", "null")) {
                HttpResponse<String> r = rig.call("POST", "/api/me/channels", reader.token(),
                        "{\"kind\":\"email\",\"address\":" + bad + "}");
                assertThat(r.statusCode()).as(bad + " -> " + r.body()).isEqualTo(400);
                assertThat(rig.json(r).get("field").asText()).as(bad).isEqualTo("address");
            }
            HttpResponse<String> weekly = rig.call("POST", "/api/me/channels", reader.token(),
                    "{\"kind\":\"email\",\"address\":\"lea@example.org\",\"digest\":\"weekly\"}");
            assertThat(weekly.statusCode()).isEqualTo(400);
            assertThat(rig.json(weekly).get("field").asText()).isEqualTo("digest");
            HttpResponse<String> digestOnWebhook = rig.call("POST", "/api/me/channels", reader.token(),
                    "{\"kind\":\"webhook\",\"url\":\"http://127.0.0.1:9/h\",\"digest\":\"daily\"}");
            assertThat(rig.json(digestOnWebhook).get("field").asText()).isEqualTo("digest");
            assertThat(rig.stack.count("select count(*) from channels")).isZero();
        }
    }

    /** A new series the reader follows, with one new chapter of it fanned out now; returns the chapter's id. */
    private static UUID chapterOfNewSeries(ChannelRig rig, long userId, String title, String chapter) {
        UUID series = UUID.randomUUID();
        long mangaId = rig.stack.insertManga(series, title);
        rig.stack.follow(userId, mangaId);
        UUID chapterId = UUID.randomUUID();
        rig.newChapter(mangaId, series, chapter, chapterId, title);
        return chapterId;
    }

    private static int occurrences(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }
}
