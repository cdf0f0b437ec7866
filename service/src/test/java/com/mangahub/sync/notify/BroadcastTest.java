package com.mangahub.sync.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.config.Config;
import com.mangahub.sync.notify.coap.CoapSettings;
import com.mangahub.sync.store.DeliveryStore;
import com.mangahub.sync.store.NotificationStore;
import com.mangahub.sync.store.NotificationStore.NotificationRow;
import com.mangahub.sync.store.OutboxWriter;
import com.mangahub.sync.support.PostgresExtension;
import com.mangahub.sync.support.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A broadcast (NEW_MANGA) is one row that each reader's log reads with their own rules, cursor, read and delivered
 * marks: merged by id with the reader's own notifications, filtered by the reader's settings when read, marked per
 * reader, pushed only to connected readers who see it, and owed once to each channel of a reader who sees it.
 */
@ExtendWith(PostgresExtension.class)
class BroadcastTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T10:00:00Z"));
    private NotifyStack stack;
    private final UUID manga = UUID.randomUUID();
    private long mangaId;
    private long ana;
    private long ben;

    @BeforeEach
    void start() {
        stack = new NotifyStack(clock, CoapSettings.defaults(), new Config.Notify(3, Duration.ofHours(1)),
                NotifyStack.catalogueOnly());
        mangaId = stack.insertManga(manga, "Frieren");
        ana = stack.user("ana").account().id();
        ben = stack.user("ben").account().id();
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void aBroadcastIsOneRowMergedIntoEachLogByIdWithItsOwnMarks() {
        stack.follow(ana, mangaId);
        chapter("1");
        long broadcast = newManga();
        chapter("2");

        assertThat(stack.count("select count(*) from broadcasts")).isEqualTo(1);
        List<NotificationRow> anas = stack.notifications.after(ana, 0, 10);
        assertThat(anas).extracting(NotificationRow::type).containsExactly("NEW_CHAPTER", "NEW_MANGA", "NEW_CHAPTER");
        assertThat(anas.get(1).id()).isEqualTo(broadcast);
        assertThat(stack.notifications.after(ana, anas.get(0).id(), 1)).extracting(NotificationRow::id)
                .as("a cursor before it").containsExactly(broadcast);
        assertThat(stack.notifications.after(ana, broadcast, 10)).extracting(NotificationRow::type)
                .as("a cursor on it").containsExactly("NEW_CHAPTER");
        assertThat(stack.notifications.newest(ana, 2)).extracting(NotificationRow::type)
                .containsExactly("NEW_CHAPTER", "NEW_MANGA");

        assertThat(stack.notifications.undeliveredCursor(ben)).isEqualTo(broadcast - 1);
        stack.notifications.markDelivered(stack.notifications.after(ben, 0, 10).stream()
                .map(r -> new NotificationStore.Receipt(r.userId(), r.id())).toList(), clock.instant());
        assertThat(stack.notifications.undeliveredCursor(ben)).as("all delivered: after the newest").isEqualTo(broadcast);
        assertThat(stack.notifications.undeliveredCursor(ana)).as("ana's marks are her own")
                .isEqualTo(anas.get(0).id() - 1);

        assertThat(stack.notifications.markRead(ben, broadcast, clock.instant())).isTrue();
        assertThat(stack.notifications.after(ben, 0, 10).getFirst().readAt()).isEqualTo(clock.instant());
        assertThat(stack.notifications.after(ana, 0, 10).get(1).readAt()).isNull();
        assertThat(stack.notifications.markAllRead(ana, clock.instant())).isEqualTo(3);
        assertThat(stack.notifications.markAllRead(ana, clock.instant())).isZero();
        assertThat(stack.notifications.after(ana, 0, 10)).allMatch(r -> r.readAt() != null);
    }

    @Test
    void theReadersRulesApplyWhenTheLogIsReadAndALaterReaderSeesOnlyLaterBroadcasts() {
        long broadcast = newManga();
        stack.db.inTransaction(h -> h.execute("update users set new_manga = false where id = ?", ben));

        assertThat(stack.notifications.after(ana, 0, 10)).extracting(NotificationRow::id).containsExactly(broadcast);
        assertThat(stack.notifications.after(ben, 0, 10)).as("ben turned new series off").isEmpty();
        assertThat(stack.notifications.markRead(ben, broadcast, clock.instant())).isFalse();

        long cleo = stack.user("cleo").account().id();
        assertThat(stack.notifications.after(cleo, 0, 10)).as("made before cleo joined").isEmpty();
        long later = newManga(UUID.randomUUID());
        assertThat(stack.notifications.after(cleo, 0, 10)).extracting(NotificationRow::id).containsExactly(later);
    }

    @Test
    void theFeedPushesABroadcastToEachConnectedReaderWhoSeesIt() {
        stack.db.inTransaction(h -> h.execute("update users set new_manga = false where id = ?", ben));
        long cleo = stack.user("cleo").account().id();
        NotificationFeed feed = new NotificationFeed(stack.notifications, Duration.ofHours(1));
        List<NotificationRow> pushed = new ArrayList<>();
        feed.subscribe(pushed::addAll);
        feed.pushesTo(() -> Set.of(ana, ben));

        long broadcast = newManga();
        assertThat(feed.runOnce()).isEqualTo(1);

        assertThat(pushed).extracting(NotificationRow::id).containsExactly(broadcast);
        assertThat(pushed).extracting(NotificationRow::userId).as("ben opted out, cleo is not connected")
                .containsExactly(ana).doesNotContain(ben, cleo);
    }

    @Test
    void eachChannelOfAReaderWhoSeesItIsOwedOneDelivery() {
        long anaChannel = webhook(ana);
        webhook(ben);
        stack.db.inTransaction(h -> h.execute("update users set new_manga = false where id = ?", ben));

        long broadcast = newManga();

        DeliveryStore deliveries = new DeliveryStore(stack.db);
        List<DeliveryStore.Due> due = deliveries.claim("test", clock.instant(), Duration.ofMinutes(1), 10, 10,
                Map.of(), Set.of());
        assertThat(due).hasSize(1);
        assertThat(due.getFirst().channelId()).isEqualTo(anaChannel);
        assertThat(due.getFirst().notificationId()).isEqualTo(broadcast);
        assertThat(due.getFirst().type()).isEqualTo("NEW_MANGA");
        assertThat(due.getFirst().title()).isEqualTo("Frieren");
    }

    private long newManga() {
        return newManga(manga);
    }

    private long newManga(UUID series) {
        long local = series.equals(manga) ? mangaId : stack.insertManga(series, "Other");
        stack.outbox.enqueue(OutboxWriter.Type.NEW_MANGA, local, "{\"manga_id\":\"" + series
                + "\",\"title\":\"Frieren\"}", null, clock.instant()).orElseThrow();
        assertThat(stack.dispatcher.runOnce()).isEqualTo(1);
        return stack.count("select max(id) from broadcasts");
    }

    private void chapter(String number) {
        stack.outbox.enqueue(OutboxWriter.Type.NEW_CHAPTER, mangaId, "{\"manga_id\":\"" + manga
                + "\",\"title\":\"Frieren\",\"chapter\":\"" + number + "\",\"language\":\"en\"}", null,
                clock.instant()).orElseThrow();
        assertThat(stack.dispatcher.runOnce()).isEqualTo(1);
    }

    private long webhook(long user) {
        return stack.count("insert into channels (user_id, kind, config, secret, host, created_at) values (?, "
                + "'webhook', '{\"url\": \"https://example.org/hook\"}', 'whsec_c2VjcmV0', 'example.org', now()) "
                + "returning id", user);
    }
}
