package com.mangahub.sync.notify;

import com.mangahub.sync.support.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.config.Config;
import com.mangahub.sync.notify.coap.CoapSettings;
import com.mangahub.sync.store.NotificationStore.NotificationRow;
import com.mangahub.sync.store.OutboxWriter;
import com.mangahub.sync.support.PostgresExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class OutboxDispatcherTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T10:00:00Z"));
    private NotifyStack stack;
    private final UUID manga = UUID.randomUUID();
    private long mangaId;

    @BeforeEach
    void start() {
        stack = new NotifyStack(clock, CoapSettings.defaults(), new Config.Notify(3, Duration.ofHours(1)),
                NotifyStack.catalogueOnly());
        mangaId = stack.insertManga(manga, "Frieren");
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    private long enqueue(String type, String payload) {
        return stack.outbox.enqueue(OutboxWriter.Type.valueOf(type), mangaId, payload, null, clock.instant()).orElseThrow();
    }

    private String chapter(String number, String language) {
        return "{\"manga_id\":\"" + manga + "\",\"title\":\"Frieren\",\"chapter\":\"" + number
                + "\",\"old_chapter\":\"1\",\"language\":\"" + language + "\",\"chapter_id\":\"" + UUID.randomUUID() + "\"}";
    }

    private long notificationsOf(long userId) {
        return stack.count("select count(*) from notifications where user_id = ?", userId);
    }

    @Test
    void aNewChapterReachesOnlyFollowersWhoReadItsLanguage() {
        var english = stack.user("english", "en");
        var french = stack.user("french", "fr");
        var stranger = stack.user("stranger", "en");
        stack.follow(english.account().id(), mangaId);
        stack.follow(french.account().id(), mangaId);

        enqueue("NEW_CHAPTER", chapter("2", "en"));
        assertThat(stack.dispatcher.runOnce()).isEqualTo(1);

        assertThat(notificationsOf(english.account().id())).isEqualTo(1);
        assertThat(notificationsOf(french.account().id())).isZero();
        assertThat(notificationsOf(stranger.account().id())).isZero();
        assertThat(stack.count("select count(*) from outbox where status = 'done'")).isEqualTo(1);
        assertThat(stack.registry.get("mangadex.notifications.sent").tag("type", "NEW_CHAPTER").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void theSameChapterAnnouncedTwiceNotifiesOnce() {
        var reader = stack.user("reader");
        stack.follow(reader.account().id(), mangaId);
        enqueue("NEW_CHAPTER", chapter("7", "en"));
        enqueue("NEW_CHAPTER", chapter("7", "en"));
        enqueue("NEW_CHAPTER", chapter("8", "en"));

        stack.dispatcher.runOnce();

        assertThat(notificationsOf(reader.account().id())).isEqualTo(2);
        assertThat(stack.count("select count(*) from outbox where status = 'done'")).isEqualTo(3);
    }

    @Test
    void aNewMangaGoesToEveryUserOnce() {
        long a = stack.user("a").account().id();
        long b = stack.user("b", "ja").account().id();
        String payload = "{\"manga_id\":\"" + manga + "\",\"title\":\"Frieren\"}";
        enqueue("NEW_MANGA", payload);
        enqueue("NEW_MANGA", payload);

        stack.dispatcher.runOnce();

        assertThat(stack.count("select count(*) from broadcasts where type = 'NEW_MANGA'")).as("stored once")
                .isEqualTo(1);
        assertThat(stack.count("select count(*) from notifications")).as("no row per reader").isZero();
        for (long user : new long[] {a, b}) {
            assertThat(stack.notifications.after(user, 0, 10)).extracting(NotificationRow::type)
                    .as("reader %d's log", user).containsExactly("NEW_MANGA");
        }
    }

    @Test
    void mangaUpdatesReachAFollowerAtMostOncePerSpamWindow() {
        var reader = stack.user("reader");
        stack.follow(reader.account().id(), mangaId);
        String update = "{\"manga_id\":\"" + manga + "\",\"title\":\"Frieren\",\"changes\":{\"status\":\"completed\"}}";

        enqueue("MANGA_UPDATE", update);
        stack.dispatcher.runOnce();
        clock.advance(Duration.ofMinutes(59));
        enqueue("MANGA_UPDATE", update);
        stack.dispatcher.runOnce();
        assertThat(notificationsOf(reader.account().id())).isEqualTo(1);

        clock.advance(Duration.ofMinutes(2));
        enqueue("MANGA_UPDATE", update);
        stack.dispatcher.runOnce();
        assertThat(notificationsOf(reader.account().id())).isEqualTo(2);
    }

    @Test
    void aFailingEventBacksOffGoesDeadAfterMaxAttemptsAndNeverBlocksTheOthers() {
        var reader = stack.user("reader");
        stack.follow(reader.account().id(), mangaId);
        long poison = enqueue("NEW_CHAPTER", "{\"title\":\"no manga id\"}");
        enqueue("NEW_CHAPTER", chapter("3", "en"));

        stack.dispatcher.runOnce();
        assertThat(notificationsOf(reader.account().id())).isEqualTo(1);
        assertThat(status(poison)).isEqualTo("pending");

        stack.dispatcher.runOnce();
        assertThat(stack.count("select attempts from outbox where id = ?", poison)).as("backing off").isEqualTo(1);
        for (int attempt = 2; attempt <= 3; attempt++) {
            clock.advance(Duration.ofMinutes(10));
            stack.dispatcher.runOnce();
        }
        assertThat(status(poison)).isEqualTo("dead");
        assertThat(stack.count("select attempts from outbox where id = ?", poison)).isEqualTo(3);
    }

    @Test
    void anEventWhoseDispatcherDiedIsTakenOverWhenTheLeaseExpires() {
        var reader = stack.user("reader");
        stack.follow(reader.account().id(), mangaId);
        enqueue("NEW_CHAPTER", chapter("4", "en"));
        // another dispatcher claims the event and dies before writing anything
        assertThat(stack.outbox.claim("dead-dispatcher", clock.instant(), Duration.ofSeconds(30), 10, 3)).hasSize(1);

        assertThat(stack.dispatcher.runOnce()).as("still leased").isZero();
        clock.advance(Duration.ofSeconds(31));
        assertThat(stack.dispatcher.runOnce()).isEqualTo(1);

        assertThat(notificationsOf(reader.account().id())).isEqualTo(1);
    }

    @Test
    void aDispatcherKilledMidTransactionLeavesNothingAndItsSuccessorWritesEachNotificationOnce() throws Exception {
        var reader = stack.user("reader");
        stack.follow(reader.account().id(), mangaId);
        long id = enqueue("NEW_CHAPTER", chapter("5", "en"));
        var claimed = stack.outbox.claim("doomed", clock.instant(), Duration.ofSeconds(30), 10, 3).getFirst();
        var plan = FanOutPlan.of(claimed, stack.json, new Config.Notify(3, Duration.ofHours(1)), clock.instant());
        // the doomed dispatcher writes its fan-out, then its connection dies before commit (kill -9)
        var pool = (com.zaxxer.hikari.HikariDataSource) stack.db.dataSource();
        var c = java.sql.DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
        var doomed = Jdbi.create(() -> c).installPlugin(new PostgresPlugin()).open();
        doomed.begin();
        assertThat(stack.outbox.holdLease(doomed, id, "doomed")).isTrue();
        assertThat(stack.notifications.fanOut(doomed, plan)).isEqualTo(1);
        c.abort(Runnable::run);
        assertThat(notificationsOf(reader.account().id())).isZero();

        clock.advance(Duration.ofSeconds(31));
        // PostgreSQL releases the dead session's row lock once it notices the connection is gone
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            stack.dispatcher.runOnce();
            return status(id).equals("done");
        });

        assertThat(notificationsOf(reader.account().id())).isEqualTo(1);
    }

    private String status(long id) {
        return stack.db.inTransaction(h -> h.createQuery("select status from outbox where id = :id")
                .bind("id", id).mapTo(String.class).one());
    }
}
