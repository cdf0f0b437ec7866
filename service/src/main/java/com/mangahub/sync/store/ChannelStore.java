package com.mangahub.sync.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * A reader's channels and each channel's health (failures, pause, a receiver's rate-limit hold). Every query a reader
 * reaches names the reader, so one reader can never see, test or delete another's channel. The secret is written
 * once and read only by the delivery worker ({@link DeliveryStore}); no record here carries it.
 */
public final class ChannelStore {
    private static final String COLUMNS = "id, user_id, kind, config::text as config_json, host, created_at, "
            + "paused_reason, paused_at, hold_until, consecutive_failures, total_failures, last_error, last_success_at";
    private static final RowMapper<Channel> CHANNEL = ConstructorMapper.of(Channel.class);

    private final Database db;

    public ChannelStore(Database db) {
        this.db = db;
    }

    /** A channel as its reader sees it: never its secret. */
    public record Channel(long id, long userId, String kind, String configJson, String host, Instant createdAt,
                          String pausedReason, Instant pausedAt, Instant holdUntil, int consecutiveFailures,
                          long totalFailures, String lastError, Instant lastSuccessAt) {}

    public Channel create(long userId, String kind, String configJson, String secret, String host, Instant now) {
        return db.inTransaction(h -> h.createQuery("insert into channels (user_id, kind, config, secret, host, created_at) "
                        + "values (:userId, :kind, cast(:config as jsonb), :secret, :host, :now) returning " + COLUMNS)
                .bind("userId", userId)
                .bind("kind", kind)
                .bind("config", configJson)
                .bind("secret", secret)
                .bind("host", host)
                .bind("now", now)
                .map(CHANNEL)
                .one());
    }

    public List<Channel> list(long userId) {
        return db.inTransaction(h -> h.createQuery("select " + COLUMNS + " from channels where user_id = :userId order by id")
                .bind("userId", userId)
                .map(CHANNEL)
                .list());
    }

    public Optional<Channel> find(long userId, long id) {
        return db.inTransaction(h -> h.createQuery("select " + COLUMNS + " from channels where user_id = :userId and id = :id")
                .bind("userId", userId)
                .bind("id", id)
                .map(CHANNEL)
                .findOne());
    }

    /** The secret the sender signs or authenticates with; only for sending. */
    public Optional<String> secret(long id) {
        return db.inTransaction(h -> h.createQuery("select secret from channels where id = :id and secret is not null")
                .bind("id", id)
                .mapTo(String.class)
                .findOne());
    }

    /** Deletes the reader's channel and its deliveries; false when the reader has no such channel. */
    public boolean delete(long userId, long id) {
        return db.inTransaction(h -> h.createUpdate("delete from channels where user_id = :userId and id = :id")
                .bind("userId", userId)
                .bind("id", id)
                .execute()) == 1;
    }

    /** Deletes a channel whose target no longer exists (a push subscription gone), with its deliveries. */
    public void remove(long id) {
        db.inTransaction(h -> h.createUpdate("delete from channels where id = :id").bind("id", id).execute());
    }

    /**
     * A delivery failed: the streak grows, and the channel is paused with {@code reason} once it reaches
     * {@code pauseAfter} (at once with {@code pauseAfter} 1: the receiver said the target is gone).
     */
    public void failed(long id, String error, int pauseAfter, String reason, Instant now) {
        db.inTransaction(h -> h.createUpdate("update channels set consecutive_failures = consecutive_failures + 1, "
                        + "total_failures = total_failures + 1, last_error = :error, "
                        + "paused_at = case when paused_reason is null and consecutive_failures + 1 >= :pauseAfter "
                        + "then :now else paused_at end, "
                        + "paused_reason = case when paused_reason is null and consecutive_failures + 1 >= :pauseAfter "
                        + "then :reason else paused_reason end where id = :id")
                .bind("id", id)
                .bind("error", error)
                .bind("pauseAfter", pauseAfter)
                .bind("reason", reason)
                .bind("now", now)
                .execute());
    }

    /** Sends nothing to the channel before {@code until} (the receiver's rate limit); never shortens a hold. */
    public void hold(long id, Instant until) {
        db.inTransaction(h -> h.createUpdate("update channels set hold_until = greatest(coalesce(hold_until, :until), :until) "
                        + "where id = :id")
                .bind("id", id)
                .bind("until", until)
                .execute());
    }

    /** Unpauses the channel (its reader's test went through): its held deliveries go out again. */
    public void resume(long id) {
        db.inTransaction(h -> h.createUpdate("update channels set paused_reason = null, paused_at = null, "
                        + "consecutive_failures = 0 where id = :id")
                .bind("id", id)
                .execute());
    }

    /** What /health reports: how many channels are paused, and the reasons of the most recent few. */
    public record PausedSummary(long paused, List<String> recentReasons) {}

    public PausedSummary paused(int recent) {
        return db.inTransaction(h -> new PausedSummary(
                h.createQuery("select count(*) from channels where paused_reason is not null").mapTo(Long.class).one(),
                h.createQuery("select kind || ' channel ' || id || ': ' || paused_reason from channels "
                                + "where paused_reason is not null order by paused_at desc limit :recent")
                        .bind("recent", recent)
                        .mapTo(String.class)
                        .list()));
    }
}
