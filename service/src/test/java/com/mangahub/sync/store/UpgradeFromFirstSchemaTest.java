package com.mangahub.sync.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mangahub.sync.config.Config;
import com.mangahub.sync.config.DatabaseUrl;
import com.mangahub.sync.support.PostgresExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The upgrade path of a real installation: a database created by the first released schema (V1) and filled with
 * data in every table, then migrated one version at a time ({@code target}) to the current schema, with more data
 * written at the version that introduced its table. After every step each row written so far must still be there
 * with every value it had (as {@code to_jsonb}: columns added later may only add keys); the one documented
 * rewrite, V10.1 filling {@code chapters.readable_at}, is checked for what it must write instead.
 */
class UpgradeFromFirstSchemaTest {
    /**
     * Rows whose values a later migration rewrites on purpose: table → columns. V10.1 fills readable_at; V22.1 starts
     * tracking a followed series that waited for its baseline (tracked since its first follow).
     */
    /** Rows a later migration adds on purpose: table → their key (V25.1 seeds the library sources' workflow). */
    private static final Map<String, List<String>> SEEDED = Map.of("sync_state", List.of("library_sources"));

    private static boolean sameKey(String table, Map<String, Object> a, Map<String, Object> b) {
        return table.equals("sync_state") && java.util.Objects.equals(a.get("workflow"), b.get("workflow"));
    }

    private static final Map<String, List<String>> REWRITTEN = Map.of("chapters", List.of("readable_at"),
            "manga", List.of("tracked_since", "last_chapter_check"));

    /** Reader → [start cursor, the ids of their log comma-separated], as they stood at 28.1. */
    private final Map<Long, List<Object>> catchUpAt28 = new LinkedHashMap<>();
    private final String name = "upgrade_" + Long.toHexString(System.nanoTime());
    private PGSimpleDataSource upgraded;

    @BeforeEach
    void freshDatabase() throws SQLException {
        admin("create database " + name);
        upgraded = new PGSimpleDataSource();
        upgraded.setUrl(urlOf(name));
    }

    @AfterEach
    void dropIt() throws SQLException {
        admin("drop database if exists " + name + " with (force)");
    }

    @Test
    void everyRowWrittenUnderTheFirstSchemaSurvivesEachMigrationToTheCurrentOne() throws SQLException {
        List<MigrationInfo> versions = List.of(flyway("latest").info().pending());
        assertThat(versions.getFirst().getVersion().getVersion()).isEqualTo("1");
        assertThat(versions).as("there is an upgrade to test").hasSizeGreaterThan(1);

        Map<String, List<Map<String, Object>>> written = new LinkedHashMap<>();
        for (MigrationInfo step : versions) {
            String version = step.getVersion().getVersion();
            flyway(version).migrate();
            assertThat(currentVersion()).isEqualTo(version);
            written.forEach((table, rows) -> assertSurvived(table, rows, version));
            dataIntroducedAt(version);
            // what this step wrote, as it stands now, is what the later steps must keep
            for (String table : tables()) written.put(table, rows(table));
        }

        assertThat(written.get("manga")).hasSize(2);
        assertThat(written.get("notifications")).hasSize(5);
        assertThat(scalar("select count(*) from channel_deliveries d join channels c on c.id = d.channel_id "
                + "where d.user_id = c.user_id and d.broadcast_id is null")).as("deliveries name their reader")
                .isEqualTo(2);
        assertThat(written.get("reader_chapters")).hasSize(1);
        assertThat(scalar("select count(*) from chapters where readable_at is null")).isZero();
        assertThat(scalar("select count(*) from manga m join user_library l on l.manga_id = m.id and l.user_id = 2 "
                + "where m.slug = 'berserk' and m.baseline_pending and m.tracked_since = l.added_at"))
                .as("the followed, untracked series is tracked since its follow, its baseline to take").isEqualTo(1);
        assertThat(scalar("select count(*) from scanlation_groups where name = 'Group'")).isEqualTo(1);
        assertThat(scalar("select count(*) from chapters where readable_at = coalesce(published_at, "
                + "mangadex_created_at, created_at)")).isEqualTo(2);
        assertTheServiceOpensAndReadsIt();
    }

    /** Data for the tables a version introduced (V1: all of its own; V5.1: reader_chapters). */
    private void dataIntroducedAt(String version) throws SQLException {
        switch (version) {
            case "1" -> execute("""
                    insert into manga (mangadex_id, slug, title, alt_titles, authors, status, year, latest_chapter,
                                       latest_chapter_key, tracked_since)
                        values ('5c3c6a1e-0000-4000-8000-000000000001', 'solo-leveling', 'Solo Leveling',
                                '[{"ko": "나 혼자만 레벨업"}]', '{Chugong}', 'completed', 2018, '200', 200, now()),
                               ('5c3c6a1e-0000-4000-8000-000000000002', 'berserk', 'Berserk', '[]', '{Miura}',
                                'ongoing', 1989, null, null, null);
                    insert into tags (id, name, tag_group) values ('aa000000-0000-4000-8000-000000000001',
                                                                   'Action', 'genre');
                    insert into manga_tags (manga_id, tag_id) values (1, 'aa000000-0000-4000-8000-000000000001');
                    insert into chapters (mangadex_chapter_id, manga_id, language, chapter, chapter_key, pages,
                                          groups, published_at, mangadex_created_at)
                        values ('cc000000-0000-4000-8000-000000000001', 1, 'en', '199', 199, 20,
                                '[{"id": "aa000000-0000-4000-8000-00000000000f", "name": "Group"}]',
                                '2024-01-01T00:00:00Z', '2023-12-31T00:00:00Z'),
                               ('cc000000-0000-4000-8000-000000000002', 1, 'en', '200', 200, 0, '[]', null,
                                '2024-02-01T00:00:00Z');
                    update sync_state set status = 'completed', cursor = '2024-02-01T00:00:00', last_run_at = now(),
                                          last_success_at = now(), metadata = '{"seen": 2}'
                        where workflow = 'initial_sync';
                    insert into users (name, token_hash, languages) values ('ana', '\\x0102', '{en,fr}'),
                                                                           ('ben', '\\x0304', '{en}');
                    insert into user_library (user_id, manga_id) values (1, 1), (2, 1), (2, 2);
                    insert into outbox (type, manga_id, payload, dedup_key, status, attempts, processed_at)
                        values ('NEW_CHAPTER', 1, '{"chapter": "200"}', 'chapter:cc2', 'done', 1, now()),
                               ('NEW_MANGA', 2, '{"title": "Berserk"}', 'manga:2', 'pending', 0, null);
                    insert into notifications (user_id, outbox_id, type, manga_id, payload, dedup_key, delivered_at,
                                               read_at)
                        values (1, 1, 'NEW_CHAPTER', 1, '{"chapter": "200"}', 'chapter:cc2', now(), now()),
                               (2, 1, 'NEW_CHAPTER', 1, '{"chapter": "200"}', 'chapter:cc2', now(), null),
                               (2, null, 'MANGA_UPDATE', 2, '{"changes": ["status"]}', 'update:2', null, null);
                    insert into jobs (id, kind, params, status, progress, result, finished_at)
                        values ('dd000000-0000-4000-8000-000000000001', 'import', '{"limit": 200}', 'completed',
                                '{"done": 200}', '{"manga": 200}', now());
                    """);
            case "5.1" -> execute("insert into reader_chapters (manga_id, language, number, number_key, announced) "
                    + "values (1, 'en', '200', 200, true)");
            case "28.1" -> {
                // the schema before broadcasts and partitions: NEW_MANGA as one row per reader, a channel delivery
                execute("""
                        insert into notifications (user_id, type, manga_id, payload, dedup_key, delivered_at)
                            values (1, 'NEW_MANGA', 2, '{"title": "Berserk"}', 'NEW_MANGA:2', now()),
                                   (2, 'NEW_MANGA', 2, '{"title": "Berserk"}', 'NEW_MANGA:2', null);
                        insert into channels (user_id, kind, config, secret, host, created_at)
                            values (2, 'webhook', '{"url": "https://example.org/hook"}', 'whsec_c2VjcmV0',
                                    'example.org', now());
                        insert into channel_deliveries (notification_id, channel_id, available_at, created_at)
                            values (3, 1, now(), now()), (5, 1, now(), now());
                        """);
                // where each reader's catch-up stands under this schema (its query then), to compare after
                for (long user : new long[] {1, 2}) {
                    catchUpAt28.put(user, List.of(scalar("select coalesce(min(id) filter (where delivered_at is null) "
                            + "- 1, max(id), 0) from notifications where user_id = " + user), text("select "
                            + "string_agg(id::text, ',' order by id) from notifications where user_id = " + user)));
                }
            }
            default -> { }
        }
    }

    private void assertSurvived(String table, List<Map<String, Object>> before, String version) {
        List<Map<String, Object>> now;
        try {
            now = rows(table);
        } catch (SQLException e) {
            throw new AssertionError("table " + table + " unreadable after migrating to " + version, e);
        }
        // rows a migration seeds on purpose (a workflow's state row) are not rows of the earlier schema
        now = now.stream().filter(row -> before.stream().anyMatch(old -> sameKey(table, old, row))
                || !SEEDED.getOrDefault(table, List.of()).contains(String.valueOf(row.get("workflow")))).toList();
        assertThat(now).as("%s rows after %s", table, version).hasSize(before.size());
        for (int i = 0; i < before.size(); i++) {
            Map<String, Object> expected = new LinkedHashMap<>(before.get(i));
            Map<String, Object> actual = new LinkedHashMap<>(now.get(i));
            Optional.ofNullable(REWRITTEN.get(table)).ifPresent(columns -> columns.forEach(column -> {
                expected.remove(column);
                actual.remove(column);
            }));
            assertThat(actual).as("%s row %d after %s", table, i, version).containsAllEntriesOf(expected);
        }
    }

    /** Every user table of the schema as it stands, but Flyway's own history. */
    private List<String> tables() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = upgraded.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select tablename from pg_tables where schemaname = 'public' "
                     + "and tablename <> 'flyway_schema_history' order by tablename")) {
            while (rs.next()) names.add(rs.getString(1));
        }
        return names;
    }

    /** A table's rows as column → value text, in a stable order (the whole row as text). */
    private List<Map<String, Object>> rows(String table) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        // table names come from pg_tables, never from input
        try (Connection c = upgraded.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select (jsonb_each_text(to_jsonb(t))).*, t::text as row_text from "
                     + table + " t order by row_text")) {
            // one result row per column: group them back by the row they came from
            Map<String, Map<String, Object>> byRow = new LinkedHashMap<>();
            while (rs.next()) {
                byRow.computeIfAbsent(rs.getString("row_text"), k -> new LinkedHashMap<>())
                        .put(rs.getString("key"), String.valueOf(rs.getString("value")));
            }
            rows.addAll(byRow.values());
        }
        return rows;
    }

    private void assertTheServiceOpensAndReadsIt() {
        DatabaseUrl url = DatabaseUrl.parse("MANGAHUB_DATABASE_URL", urlOf(name));
        try (Database db = Database.open(new Config.Storage(java.nio.file.Path.of("unused"), Optional.of(url), 2))) {
            DatabaseStatus status = DatabaseStatus.read(db);
            assertThat(status.pendingMigrations()).isEmpty();
            assertThat(status.rowCounts()).containsEntry("manga", 2L).containsEntry("users", 2L)
                    .containsEntry("user_library", 3L).containsEntry("notifications", 5L)
                    .containsEntry("outbox", 2L).containsEntry("jobs", 1L);
            // ben's log reads as before: both his rows, his catch-up position just before the undelivered one
            NotificationStore log = new NotificationStore(db);
            assertThat(log.after(2L, 0, 10)).extracting(NotificationStore.NotificationRow::id)
                    .containsExactly(2L, 3L, 5L);
            assertThat(log.undeliveredCursor(2L)).isEqualTo(2L);
            // every reader's catch-up position and log are what they were under the schema before (28.1)
            catchUpAt28.forEach((user, before) -> {
                assertThat(log.undeliveredCursor(user)).as("reader %d's start cursor", user).isEqualTo(before.get(0));
                assertThat(log.after(user, 0, 100).stream().map(r -> String.valueOf(r.id()))
                        .collect(java.util.stream.Collectors.joining(","))).as("reader %d's log", user)
                        .isEqualTo(String.valueOf(before.get(1)));
            });
            assertThat(catchUpAt28).hasSize(2);
        }
    }

    private Flyway flyway(String target) {
        return Flyway.configure().dataSource(upgraded).locations(Database.MIGRATIONS).target(target).load();
    }

    private String currentVersion() {
        return Flyway.configure().dataSource(upgraded).locations(Database.MIGRATIONS).load().info().current()
                .getVersion().getVersion();
    }

    private String text(String sql) throws SQLException {
        try (Connection c = upgraded.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private long scalar(String sql) throws SQLException {
        try (Connection c = upgraded.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = upgraded.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = PostgresExtension.database().dataSource().getConnection();
             Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static String urlOf(String database) {
        return PostgresExtension.jdbcUrl().replaceFirst("/[^/?]+\\?", "/" + database + "?");
    }
}
