package com.mangahub.sync.store;

import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

/**
 * What a reader chose about where and when their channels are told: a route per series (exactly these channels;
 * without one, the channels marked by_default), a channel's own choices (its config's {@code by_default} and
 * {@code window_seconds}) and quiet hours in the reader's time zone. The fan-out statement reads all of them
 * ({@link NotificationStore#fanOut}); every query here names the reader.
 */
public final class ChannelChoiceStore {
    private final Database db;

    public ChannelChoiceStore(Database db) {
        this.db = db;
    }

    /** The series' route: these of the reader's channels hear of it. False when one of the ids is not theirs. */
    public boolean route(long userId, long mangaId, List<Long> channelIds) {
        return db.inTransaction(h -> {
            long owned = h.createQuery("select count(*) from channels where user_id = :userId and id = any (:ids)")
                    .bind("userId", userId)
                    .bindArray("ids", Long.class, channelIds)
                    .mapTo(Long.class)
                    .one();
            if (owned != channelIds.stream().distinct().count()) return false;
            h.createUpdate("insert into series_channels (user_id, manga_id, channel_ids) values (:userId, :mangaId, :ids) "
                            + "on conflict (user_id, manga_id) do update set channel_ids = excluded.channel_ids")
                    .bind("userId", userId)
                    .bind("mangaId", mangaId)
                    .bindArray("ids", Long.class, channelIds.stream().distinct().sorted().toList())
                    .execute();
            return true;
        });
    }

    /** The series' route, empty when it follows the reader's default. */
    public Optional<List<Long>> routeOf(long userId, long mangaId) {
        return db.inTransaction(h -> h.createQuery("select channel_ids from series_channels "
                        + "where user_id = :userId and manga_id = :mangaId")
                .bind("userId", userId)
                .bind("mangaId", mangaId)
                .mapTo(Long[].class)
                .findOne()
                .map(List::of));
    }

    /** Back to the default; false when the series had no route. */
    public boolean unroute(long userId, long mangaId) {
        return db.inTransaction(h -> h.createUpdate("delete from series_channels where user_id = :userId and manga_id = :mangaId")
                .bind("userId", userId)
                .bind("mangaId", mangaId)
                .execute()) == 1;
    }

    /** Replaces the channel's stored config (its choices changed); false when the reader has no such channel. */
    public boolean reconfigure(long userId, long channelId, String configJson) {
        return db.inTransaction(h -> h.createUpdate("update channels set config = cast(:config as jsonb) "
                        + "where user_id = :userId and id = :id")
                .bind("config", configJson)
                .bind("userId", userId)
                .bind("id", channelId)
                .execute()) == 1;
    }

    /** Quiet hours: from {@code start} to {@code end} (wrapping midnight when start is later) in {@code zone}. */
    public record QuietHours(LocalTime start, LocalTime end, String timeZone) {}

    public Optional<QuietHours> quietHours(long userId) {
        return db.inTransaction(h -> h.createQuery("select quiet_start, quiet_end, time_zone from users "
                        + "where id = :userId and quiet_start is not null")
                .bind("userId", userId)
                .map((rs, ctx) -> new QuietHours(rs.getObject(1, LocalTime.class), rs.getObject(2, LocalTime.class),
                        rs.getString(3)))
                .findOne());
    }

    /** Sets or (with null) clears the reader's quiet hours. */
    public void setQuietHours(long userId, QuietHours quiet) {
        db.inTransaction(h -> h.createUpdate("update users set quiet_start = :start, quiet_end = :end, time_zone = :zone "
                        + "where id = :userId")
                .bindByType("start", quiet == null ? null : quiet.start(), LocalTime.class)
                .bindByType("end", quiet == null ? null : quiet.end(), LocalTime.class)
                .bindByType("zone", quiet == null ? null : quiet.timeZone(), String.class)
                .bind("userId", userId)
                .execute());
    }
}
