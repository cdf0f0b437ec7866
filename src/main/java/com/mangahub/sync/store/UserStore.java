package com.mangahub.sync.store;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Users: a name, the SHA-256 of their API token (the token itself is never stored) and their languages. */
public final class UserStore {
    private static final String COLUMNS = "id, name, languages, created_at";

    private final Database db;

    public UserStore(Database db) {
        this.db = db;
    }

    /** A reader of notifications. */
    public record UserAccount(long id, String name, List<String> languages, Instant createdAt) {}

    /** Creates a user; empty when the name is taken. */
    public Optional<UserAccount> create(String name, byte[] tokenHash, List<String> languages, Instant now) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("insert into users (name, token_hash, languages, created_at) "
                    + "values (?, ?, ?, ?) on conflict (name) do nothing returning " + COLUMNS)) {
                ps.setString(1, name);
                ps.setBytes(2, tokenHash);
                ps.setArray(3, c.createArrayOf("text", languages.toArray()));
                NotifyRows.setInstant(ps, 4, now);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(account(rs)) : Optional.empty();
                }
            }
        });
    }

    public Optional<UserAccount> findByTokenHash(byte[] tokenHash) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from users where token_hash = ?")) {
                ps.setBytes(1, tokenHash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(account(rs)) : Optional.empty();
                }
            }
        });
    }

    private static UserAccount account(ResultSet rs) throws SQLException {
        Array languages = rs.getArray("languages");
        return new UserAccount(rs.getLong("id"), rs.getString("name"),
                Arrays.stream((String[]) languages.getArray()).toList(), NotifyRows.instant(rs, "created_at"));
    }
}
