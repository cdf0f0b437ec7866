package com.mangahub.sync.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.support.PostgresExtension;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 26, acceptance item 6: 10,000 readers, each with a Telegram channel to one local Bot API stand-in, follow one
 * series that gets one chapter; everything delivered, with the time and deliveries per second. Then the same with the
 * stand-in answering 429 {@code retry_after: 5} for one chat: the other 9,999 go out as fast (the ratio is printed),
 * and that chat gets its message once, exactly 5 s later on the rig's clock. Run:
 * {@code ./mvnw -B -o -Pbenchmark test -Dtest=TelegramFanOutBenchmark}.
 */
@Tag("benchmark")
@ExtendWith(PostgresExtension.class)
class TelegramFanOutBenchmark {
    private static final int READERS = 10_000;
    private static final String SLOW_CHAT = "1";

    @Test
    void tenThousandTelegramChatsOfOneChapterAndOneChatAnswering429DelaysNoOther() throws Exception {
        Duration alone = run(false);
        Duration beside429 = run(true);
        System.out.printf("TelegramFanOutBenchmark: %d Telegram chats of one chapter delivered in %.2f s (%.0f deliveries/s); "
                        + "with one chat answering 429 retry_after 5, the other %d in %.2f s (%.0f/s), ratio %.2f%n", READERS,
                alone.toMillis() / 1000.0, READERS * 1000.0 / alone.toMillis(), READERS - 1, beside429.toMillis() / 1000.0,
                (READERS - 1) * 1000.0 / beside429.toMillis(), (double) beside429.toMillis() / alone.toMillis());
    }

    /** Time from the chapter's fan-out until every chat but the rate-limited one has its message. */
    private Duration run(boolean oneChatLimited) throws Exception {
        PostgresExtension.clean(PostgresExtension.database());
        try (Receiver api = new Receiver(r -> oneChatLimited && r.body().contains("\"chat_id\":\"" + SLOW_CHAT + "\"")
                     ? HostedChannelsTest.json(429, "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: "
                             + "retry after 5\",\"parameters\":{\"retry_after\":5}}")
                     : HostedChannelsTest.json(200, HostedChannelsTest.TELEGRAM_OK));
             ChannelRig rig = new ChannelRig(List.of("127.0.0.1"), DeliveryPolicy.defaults(), Optional.empty(),
                     Optional.empty(), new ServiceApis(URI.create(api.url("")), URI.create(api.url(""))))) {
            UUID series = UUID.randomUUID();
            long mangaId = rig.stack.insertManga(series, "Everyone");
            rig.stack.db.inTransaction(h -> {
                h.execute("insert into users (name, token_hash) select 'r' || g, sha256(convert_to('t' || g, 'UTF8')) "
                        + "from generate_series(1, " + READERS + ") g");
                h.execute("insert into user_library (user_id, manga_id) select id, " + mangaId + " from users");
                h.createUpdate("insert into channels (user_id, kind, config, secret, host, created_at) select id, 'telegram', "
                                + "jsonb_build_object('url', cast(:base as text), 'chat', cast(row_number() over (order by id) "
                                + "as text)), :token, '127.0.0.1', now() from users")
                        .bind("base", api.url(""))
                        .bind("token", HostedChannelsTest.BOT)
                        .execute();
                return null;
            });
            long started = System.nanoTime();
            rig.newChapter(mangaId, series, "1");
            rig.worker.start();
            int others = oneChatLimited ? READERS - 1 : READERS;
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> rig.stack.count("select count(*) from channel_deliveries where status = 'delivered'") >= others);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            if (oneChatLimited) {
                assertThat(rig.stack.count("select count(*) from channel_deliveries where status = 'delivered'")).isEqualTo(others);
                rig.clock.advance(Duration.ofMillis(4999));
                rig.worker.wake();
                Thread.sleep(300);
                assertThat(rig.stack.count("select count(*) from channel_deliveries where status = 'pending'"))
                        .as("the limited chat waits its 5 s").isEqualTo(1);
                api.answer(r -> HostedChannelsTest.json(200, HostedChannelsTest.TELEGRAM_OK));
                rig.clock.advance(Duration.ofMillis(1));
                rig.worker.wake();
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                        rig.stack.count("select count(*) from channel_deliveries where status = 'delivered'") == READERS);
            }
            assertThat(api.requests().stream().filter(r -> r.body().contains("\"chat_id\":\"" + SLOW_CHAT + "\"")).count())
                    .isEqualTo(oneChatLimited ? 2 : 1);
            return elapsed;
        }
    }
}
