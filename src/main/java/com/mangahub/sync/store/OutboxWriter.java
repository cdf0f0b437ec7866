package com.mangahub.sync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Writes events to the outbox inside the caller's transaction, so an event exists exactly when the catalogue change
 * that caused it was committed. The dedup key makes a re-run (after a crash, an overlap window) write nothing twice.
 */
public final class OutboxWriter {

    public enum Type { NEW_MANGA, NEW_CHAPTER, MANGA_UPDATE }

    /** True when the event was written, false when an event with this dedup key already exists. */
    public boolean write(Connection c, Type type, long mangaId, String payloadJson, String dedupKey)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into outbox (type, manga_id, payload, dedup_key) "
                + "values (?, ?, ?, ?) on conflict (dedup_key) do nothing")) {
            ps.setString(1, type.name());
            ps.setLong(2, mangaId);
            Jdbc.setJson(ps, 3, payloadJson);
            ps.setString(4, dedupKey);
            return ps.executeUpdate() == 1;
        }
    }
}
