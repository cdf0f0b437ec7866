package com.mangahub.sync.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * A backup of the whole service state as one stream, taken while the service runs: every table is read with
 * {@code COPY ... TO STDOUT} inside one {@code REPEATABLE READ, READ ONLY} transaction, so all of them come from
 * the same snapshot — an import's cursor and the series it stored, an outbox event and the chapter that caused it,
 * a reader's log and its delivery marks agree exactly as they did at one instant. (The embedded binaries ship no
 * {@code pg_dump}; for an external server {@code pg_dump} works as well.)
 *
 * <p>The stream is text: a header (format, schema version, when), each sequence's position, then per table its
 * column list and its rows in COPY's text format, ended by {@code \.}. Restoring migrates an empty database to the
 * backup's schema version, loads every table in one transaction, puts the sequences back and then migrates to
 * the current version, so a backup of an older release restores into a newer one.
 */
public final class Backup {
    private static final String MAGIC = "MANGAHUB-BACKUP 1";
    private static final String END_OF_ROWS = "\\.";
    private static final int CHUNK = 64 * 1024;

    /** Every table whose rows are the service's state, in restore order: a referenced table before those referring. */
    static final List<String> TABLES = List.of("manga", "tags", "manga_tags", "chapters", "quarantined_chapters",
            "reader_chapters", "sync_state", "users", "feed_tokens", "user_library", "channels", "series_channels",
            "outbox", "notifications", "broadcasts", "broadcast_receipts", "channel_deliveries", "jobs",
            "library_sources", "library_source_items", "sync_contents", "app_tokens", "invitations",
            "reader_identities");
    /**
     * Left out on purpose: the MangaDex budget (leases of requests in flight at the source; the schema seeds its
     * rows), the source's process heartbeats, Flyway's history (migrating the target writes its own), and the
     * scanlation groups (derived from the chapters by a trigger, which fills them again as the chapters load). The
     * readers' secrets too: library sources' sealed credentials (useless without the key, which stays outside the
     * database and is not in the backup either) and SyncYomi key hashes; after a restore, an account source pauses
     * asking to be linked again, and a reading app needs a new sync key. Browser sessions and single sign-ons under
     * way too: short-lived, a restored service asks browsers to sign in again (app tokens, invitations and the links
     * of single sign-on are kept).
     */
    static final Set<String> NOT_STATE = Set.of("scanlation_groups", "mangadex_budget_slots", "mangadex_budget_gate",
            "process_heartbeats", "flyway_schema_history", "library_source_secrets", "sync_keys", "reader_sessions",
            "oidc_logins");

    private final Database db;

    public Backup(Database db) {
        this.db = db;
    }

    /** What a backup holds, for the command to print. */
    public record Summary(String schemaVersion, Instant takenAt, Map<String, Long> rows) {}

    /** Writes the whole state, from one snapshot, to {@code out} (not closed). */
    public Summary write(OutputStream out) {
        String version = db.migrations().current();
        return db.inTransaction(h -> {
            h.execute("set transaction isolation level repeatable read, read only");
            Instant takenAt = h.createQuery("select now()").mapTo(Instant.class).one();
            requireKnownTables(h);
            try {
                line(out, MAGIC);
                line(out, "schema " + version);
                line(out, "taken_at " + takenAt);
                for (Map.Entry<String, Long> seq : sequences(h).entrySet()) {
                    line(out, "sequence " + seq.getKey() + " " + seq.getValue());
                }
                CopyManager copy = copyManager(h);
                Map<String, Long> rows = new LinkedHashMap<>();
                for (String table : TABLES) {
                    List<String> columns = columns(h, table);
                    line(out, "table " + table + " " + String.join(",", columns));
                    // table and column names are this class's constants and the catalogue's, never input
                    // a query, not the table: COPY TO refuses a partitioned table (notifications)
                    rows.put(table, copy.copyOut("copy (select " + String.join(", ", columns) + " from " + table
                            + ") to stdout", out));
                    line(out, END_OF_ROWS);
                }
                line(out, "end");
                out.flush();
                return new Summary(version, takenAt, rows);
            } catch (IOException | SQLException e) {
                throw new StoreException("backup failed: " + e.getMessage(), e);
            }
        });
    }

    /**
     * Loads a backup into this database, which must be empty: no schema yet (a fresh data directory or database),
     * or a schema with no rows. All or nothing; the schema is then brought to the current version.
     */
    public Summary restore(InputStream in) {
        try {
            if (!MAGIC.equals(readLine(in))) throw new StoreException("not a MangaHub backup (no '" + MAGIC + "' header)");
            String version = field(readLine(in), "schema");
            Instant takenAt = Instant.parse(field(readLine(in), "taken_at"));
            requireEmpty(version);
            db.migrateTo(version);
            Map<String, Long> rows = db.inTransaction(h -> load(h, in));
            db.migrateTo("latest");
            return new Summary(version, takenAt, rows);
        } catch (IOException e) {
            throw new StoreException("cannot read the backup: " + e.getMessage(), e);
        }
    }

    private Map<String, Long> load(Handle h, InputStream in) {
        try {
            // the schema's own seed rows (one sync_state row per workflow) give way to the backup's
            // cascade: the secrets tables (left out of backups) refer to sources and readers
            h.execute("truncate " + String.join(", ", TABLES) + " cascade");
            CopyManager copy = copyManager(h);
            Map<String, Long> rows = new LinkedHashMap<>();
            for (String line = readLine(in); ; line = readLine(in)) {
                if (line == null) throw new StoreException("the backup ends early (no 'end' line): truncated file?");
                if (line.equals("end")) break;
                String[] parts = line.split(" ");
                switch (parts[0]) {
                    case "sequence" -> h.createQuery("select setval(cast(:name as regclass), :value)")
                            .bind("name", knownSequence(h, parts[1])).bind("value", Long.parseLong(parts[2]))
                            .mapTo(Long.class).one();
                    case "table" -> rows.put(parts[1], copyIn(copy, knownTable(parts[1]), parts[2], in));
                    default -> throw new StoreException("unexpected line in the backup: " + abbreviated(line));
                }
            }
            return rows;
        } catch (IOException | SQLException e) {
            throw new StoreException("restore failed: " + e.getMessage(), e);
        }
    }

    private static long copyIn(CopyManager copy, String table, String columnList, InputStream in)
            throws SQLException, IOException {
        for (String column : columnList.split(",")) {
            if (!column.matches("[a-z_][a-z0-9_]*")) throw new StoreException("bad column name in the backup: " + column);
        }
        CopyIn target = copy.copyIn("copy " + table + " (" + columnList.replace(",", ", ") + ") from stdin");
        try {
            // rows go to the server in chunks of about 64 KB, not one message per row
            ByteArrayOutputStream chunk = new ByteArrayOutputStream(CHUNK + 4096);
            for (byte[] row = readRow(in); ; row = readRow(in)) {
                if (row == null) throw new StoreException("the backup ends inside table " + table);
                if (row.length == 2 && row[0] == '\\' && row[1] == '.') break;
                chunk.write(row);
                chunk.write('\n');
                if (chunk.size() >= CHUNK) {
                    target.writeToCopy(chunk.toByteArray(), 0, chunk.size());
                    chunk.reset();
                }
            }
            if (chunk.size() > 0) target.writeToCopy(chunk.toByteArray(), 0, chunk.size());
            return target.endCopy();
        } finally {
            if (target.isActive()) target.cancelCopy();
        }
    }

    /** A restore goes into nothing or into an empty schema no newer than the backup's, never over data. */
    private void requireEmpty(String backupVersion) {
        Database.Migrations current = db.migrations();
        if (current.current().equals("none")) return;
        if (compareVersions(current.current(), backupVersion) > 0) {
            throw new StoreException("the target's schema (" + current.current() + ") is newer than the backup's ("
                    + backupVersion + "): restore into an empty data directory or database");
        }
        db.inTransaction(h -> {
            for (String table : TABLES) {
                if (table.equals("sync_state")) continue; // seeded by the schema
                if (h.createQuery("select exists (select 1 from " + table + ")").mapTo(Boolean.class).one()) {
                    throw new StoreException("the target database is not empty (table " + table + " has rows): "
                            + "restore into an empty data directory or database");
                }
            }
            return null;
        });
    }

    /** Refuses to take a backup that would silently miss a table a newer migration added. */
    private static void requireKnownTables(Handle h) {
        // a partition's rows are its partitioned table's: only tables that are not partitions count
        Set<String> unknown = new TreeSet<>(h.createQuery("select c.relname from pg_class c join pg_namespace s "
                        + "on s.oid = c.relnamespace where s.nspname = 'public' and c.relkind in ('r', 'p') "
                        + "and not c.relispartition")
                .mapTo(String.class).list());
        unknown.removeAll(TABLES);
        unknown.removeAll(NOT_STATE);
        if (!unknown.isEmpty()) {
            throw new StoreException("backup does not know the tables " + unknown + ": add them to store.Backup");
        }
    }

    private static Map<String, Long> sequences(Handle h) {
        Map<String, Long> positions = new LinkedHashMap<>();
        h.createQuery("select sequencename, last_value from pg_sequences where schemaname = 'public' "
                        + "and last_value is not null order by sequencename")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(e -> positions.put(e.getKey(), e.getValue()));
        return positions;
    }

    private static List<String> columns(Handle h, String table) {
        return h.createQuery("select column_name from information_schema.columns where table_schema = 'public' "
                        + "and table_name = :table order by ordinal_position")
                .bind("table", table).mapTo(String.class).list();
    }

    private static String knownTable(String name) {
        if (!TABLES.contains(name)) throw new StoreException("the backup holds an unknown table: " + abbreviated(name));
        return name;
    }

    private static String knownSequence(Handle h, String name) {
        boolean exists = h.createQuery("select exists (select 1 from pg_sequences where schemaname = 'public' "
                + "and sequencename = :name)").bind("name", name).mapTo(Boolean.class).one();
        if (!exists) throw new StoreException("the backup holds an unknown sequence: " + abbreviated(name));
        return "public." + name;
    }

    private static CopyManager copyManager(Handle h) throws SQLException {
        return h.getConnection().unwrap(PGConnection.class).getCopyAPI();
    }

    /** Flyway's numbering: dot-separated numbers compared one by one ("10.1" after "7.2"). */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long l = i < x.length ? Long.parseLong(x[i]) : 0;
            long r = i < y.length ? Long.parseLong(y[i]) : 0;
            if (l != r) return Long.compare(l, r);
        }
        return 0;
    }

    private static String field(String line, String name) {
        if (line == null || !line.startsWith(name + " ")) {
            throw new StoreException("the backup's header lacks '" + name + "'");
        }
        return line.substring(name.length() + 1);
    }

    private static void line(OutputStream out, String text) throws IOException {
        out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static String readLine(InputStream in) throws IOException {
        byte[] row = readRow(in);
        return row == null ? null : new String(row, StandardCharsets.UTF_8);
    }

    /**
     * One line's bytes without its newline, exactly as written (COPY's text format escapes newlines inside values,
     * so a row is always one line); null at the end of the stream.
     */
    private static byte[] readRow(InputStream in) throws IOException {
        ByteArrayOutputStream row = new ByteArrayOutputStream(256);
        for (int b = in.read(); ; b = in.read()) {
            if (b == -1) return row.size() == 0 ? null : row.toByteArray();
            if (b == '\n') return row.toByteArray();
            row.write(b);
        }
    }

    private static String abbreviated(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
