package com.mangahub.sync.workflow;

import com.mangahub.sync.App;
import com.mangahub.sync.support.SettableClock;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mangahub.sync.config.Config;
import com.mangahub.sync.store.Database;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The sync workflows wired to a fake MangaDex and the test PostgreSQL, sharing one settable clock. */
final class SyncFixture {
    private static final ObjectMapper JSON = new ObjectMapper();
    final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final FakeMangaDex mangadex = new FakeMangaDex(clock);
    final Database db;
    final Workflows workflows;

    SyncFixture(Database db) {
        this(db, Map.of());
    }

    SyncFixture(Database db, Map<String, String> env) {
        this.db = db;
        Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent("MANGAHUB_POLL_OVERLAP", "5m");
        this.workflows = new Workflows(db, mangadex, Config.from(all), clock,
                new SyncMetrics(new SimpleMeterRegistry()), App.jsonMapper());
    }

    void advance(Duration d) {
        clock.advance(d);
    }

    /** Rows of a query as maps, for assertions. */
    List<Map<String, Object>> rows(String sql, Object... params) {
        return db.inTransaction(h -> {
            try {
                return query(h.getConnection(), sql, params);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    long count(String sql, Object... params) {
        return ((Number) rows(sql, params).getFirst().values().iterator().next()).longValue();
    }

    /** Outbox rows with the payload parsed, oldest first. */
    List<Map<String, Object>> outbox() {
        List<Map<String, Object>> rows = rows("select type, dedup_key, payload::text as payload from outbox order by id");
        for (Map<String, Object> row : rows) row.put("payload", parse((String) row.get("payload")));
        return rows;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> payload(Map<String, Object> outboxRow) {
        return (Map<String, Object>) outboxRow.get("payload");
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, new TypeReference<>() { });
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Map<String, Object>> query(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    out.add(row);
                }
            }
            return out;
        }
    }
}
