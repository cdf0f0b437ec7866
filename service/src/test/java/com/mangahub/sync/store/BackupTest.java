package com.mangahub.sync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mangahub.sync.config.Config;
import com.mangahub.sync.config.DatabaseUrl;
import com.mangahub.sync.support.PostgresExtension;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The backup stream against real PostgreSQL: every table's rows come back equal in a fresh database, the sequences
 * go on after the restored ids, a backup taken while a writer commits is one snapshot, and a restore never lands on
 * data or half-way.
 */
@ExtendWith(PostgresExtension.class)
class BackupTest {
    private final List<String> created = new ArrayList<>();

    @AfterEach
    void dropDatabases() throws SQLException {
        for (String name : created) admin("drop database if exists " + name + " with (force)");
    }

    @Test
    void everyPublicTableIsEitherStateOrLeftOutOnPurpose(Database db) {
        // a partition (of notifications) is part of its table, not a table of its own
        List<String> tables = db.inTransaction(h -> h.createQuery("select c.relname from pg_class c join pg_namespace s "
                + "on s.oid = c.relnamespace where s.nspname = 'public' and c.relkind in ('r', 'p') "
                + "and not c.relispartition").mapTo(String.class).list());
        assertThat(tables).allMatch(t -> Backup.TABLES.contains(t) || Backup.NOT_STATE.contains(t));
        assertThat(tables).containsAll(Backup.TABLES);
    }

    @Test
    void aRestoredDatabaseHoldsEveryRowOfEveryTableAndItsSequencesGoOn(Database source) throws Exception {
        fill(source);
        byte[] backup = backup(source);

        try (Database target = freshDatabase()) {
            Backup.Summary restored = new Backup(target).restore(stream(backup));
            assertThat(restored.rows()).containsEntry("manga", 2L).containsEntry("notifications", 2L)
                    .containsEntry("sync_state", 5L);
            assertThat(PostgresExtension.count(target, "select count(*) from library_source_secrets"))
                    .as("sealed secrets are left out (the key is not in the backup)").isZero();
            assertThat(PostgresExtension.count(target, "select count(*) from sync_keys")).isZero();
            assertThat(PostgresExtension.count(target, "select count(*) from reader_sessions"))
                    .as("browser sessions sign in again after a restore").isZero();
            for (String table : Backup.TABLES) {
                assertThat(rows(target, table)).as(table).isEqualTo(rows(source, table)).isNotEmpty();
            }
            assertThat(target.migrations().pending()).isEmpty();
            long sourceNext = next(source, "notifications_id_seq");
            assertThat(next(target, "notifications_id_seq")).as("ids are never reused")
                    .isGreaterThanOrEqualTo(sourceNext);
        }
    }

    @Test
    void aBackupTakenWhileAWriterCommitsIsOneSnapshot(Database source) throws Exception {
        // each transaction stores a series and raises the import's count with it, as the import does per page
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger committed = new AtomicInteger();
        Thread writer = Thread.ofPlatform().start(() -> {
            while (writing.get()) {
                int n = committed.get() + 1;
                source.inTransaction(h -> {
                    h.createUpdate("insert into manga (mangadex_id, slug, title) values (gen_random_uuid(), :slug, 't')")
                            .bind("slug", "s-" + n).execute();
                    return h.createUpdate("update sync_state set metadata = jsonb_build_object('imported', :n) "
                            + "where workflow = 'initial_sync'").bind("n", n).execute();
                });
                committed.set(n);
            }
        });
        try {
            while (committed.get() < 50) Thread.onSpinWait();
            byte[] backup = backup(source);
            int atEnd = committed.get();
            try (Database target = freshDatabase()) {
                new Backup(target).restore(stream(backup));
                long series = PostgresExtension.count(target, "select count(*) from manga");
                long counted = PostgresExtension.count(target, "select (metadata->>'imported')::bigint from sync_state "
                        + "where workflow = 'initial_sync'");
                assertThat(series).isEqualTo(counted).isGreaterThanOrEqualTo(50).isLessThanOrEqualTo(atEnd);
            }
        } finally {
            writing.set(false);
            writer.join();
        }
    }

    @Test
    void aRestoreRefusesATargetWithData(Database source) throws Exception {
        fill(source);
        byte[] backup = backup(source);
        assertThatThrownBy(() -> new Backup(source).restore(stream(backup)))
                .isInstanceOf(StoreException.class).hasMessageContaining("not empty");
        assertThat(PostgresExtension.count(source, "select count(*) from manga")).isEqualTo(2);
    }

    @Test
    void aTruncatedBackupRestoresNothing(Database source) throws Exception {
        fill(source);
        byte[] backup = backup(source);
        String text = new String(backup, StandardCharsets.UTF_8);
        byte[] cut = text.substring(0, text.indexOf("table notifications")).getBytes(StandardCharsets.UTF_8);
        try (Database target = freshDatabase()) {
            assertThatThrownBy(() -> new Backup(target).restore(stream(cut)))
                    .isInstanceOf(StoreException.class).hasMessageContaining("ends early");
            assertThat(PostgresExtension.count(target, "select count(*) from manga")).isZero();
            assertThat(PostgresExtension.count(target, "select count(*) from users")).isZero();
        }
    }

    @Test
    void aFileThatIsNotABackupIsRefusedBeforeAnythingIsWritten() throws Exception {
        try (Database target = freshDatabase()) {
            assertThatThrownBy(() -> new Backup(target).restore(stream("hello\n".getBytes(StandardCharsets.UTF_8))))
                    .hasMessageContaining("not a MangaHub backup");
            assertThat(target.migrations().current()).isEqualTo("none");
        }
    }

    /** A row in every table, with text that COPY must escape (tab, newline, backslash, quotes, non-ASCII). */
    private static void fill(Database db) {
        db.inTransaction(h -> {
            h.execute("""
                    insert into manga (mangadex_id, slug, title, description, alt_titles, authors)
                        values ('5c3c6a1e-0000-4000-8000-000000000001', 'one', 'One\ttab', 'line1
                    line2 \\ backslash "quoted"', '[{"ja": "ワンピース"}]', '{Oda}'),
                               ('5c3c6a1e-0000-4000-8000-000000000002', 'two', 'Two', null, '[]', '{}');
                    insert into tags (id, name, tag_group) values ('aa000000-0000-4000-8000-000000000001', 'Action', 'genre');
                    insert into manga_tags (manga_id, tag_id) values (1, 'aa000000-0000-4000-8000-000000000001');
                    insert into chapters (mangadex_chapter_id, manga_id, language, chapter, chapter_key, readable_at)
                        values ('cc000000-0000-4000-8000-000000000001', 1, 'en', '1', 1, now());
                    insert into quarantined_chapters (mangadex_chapter_id, mangadex_manga_id, workflow, reason,
                                                      first_seen_at, last_seen_at)
                        values ('cc000000-0000-4000-8000-000000000009', '5c3c6a1e-0000-4000-8000-000000000001',
                                'chapter_check', E'23514: new row violates check "x"\ttab', now(), now());
                    insert into reader_chapters (manga_id, language, number, number_key, announced)
                        values (1, 'en', '1', 1, true);
                    update sync_state set cursor = '2024-01-01T00:00:00', status = 'completed',
                        metadata = '{"imported": 2}' where workflow = 'initial_sync';
                    insert into users (name, token_hash, languages) values ('ana', '\\x0102', '{en,fr}');
                    insert into feed_tokens (user_id, token_hash, created_at) values (1, '\\x0a0b', now());
                    insert into app_tokens (user_id, name, token_hash, created_at, last_used_at)
                        values (1, 'cli', '\\x0e0f', now(), now());
                    insert into invitations (code_hash, languages, created_at, expires_at, used_at, used_by)
                        values ('\\x1011', '{en}', now(), now() + interval '1 day', now(), 1);
                    insert into reader_identities (issuer, subject, user_id, linked_at)
                        values ('https://id.example.org', 'subject-1', 1, now());
                    insert into reader_sessions (user_id, secret_hash, csrf_token, created_at, last_seen_at, expires_at)
                        values (1, '\\x1213', 'csrf', now(), now(), now() + interval '1 day');
                    insert into user_library (user_id, manga_id) values (1, 1);
                    insert into outbox (type, manga_id, payload, dedup_key, status, processed_at)
                        values ('NEW_CHAPTER', 1, '{"chapter": "1"}', 'c1', 'done', now());
                    insert into notifications (user_id, outbox_id, type, manga_id, payload, dedup_key, delivered_at)
                        values (1, 1, 'NEW_CHAPTER', 1, '{"chapter": "1"}', 'c1', now()),
                               (1, 1, 'NEW_MANGA', 2, '{}', 'm2', null);
                    insert into channels (user_id, kind, config, secret, host, created_at, paused_reason)
                        values (1, 'webhook', '{"url": "https://example.org/hook"}', 'whsec_c2VjcmV0', 'example.org', now(),
                                'HTTP 500 "boom"');
                    insert into series_channels (user_id, manga_id, channel_ids) values (1, 2, '{1}');
                    insert into broadcasts (type, manga_id, payload, dedup_key, created_at, original_language,
                                            demographic, tags)
                        values ('NEW_MANGA', 2, '{"title": "Two"}', 'NEW_MANGA:2', now(), 'ja', 'none', '{}');
                    insert into broadcast_receipts (user_id, broadcast_id, delivered_at) values (1, 3, now());
                    insert into channel_deliveries (notification_id, broadcast_id, user_id, channel_id, status, attempts,
                                available_at, created_at, last_error)
                        values (1, null, 1, 1, 'dead', 12, now(), now(), 'no answer: line1
                    line2'), (null, 3, 1, 1, 'pending', 0, now(), now(), null);
                    insert into jobs (id, kind, status) values ('dd000000-0000-4000-8000-000000000001', 'import', 'pending');
                    insert into library_sources (user_id, kind, label, mode, created_at, next_sync_at, last_error)
                        values (1, 'mangadex_account', 'ana', 'mirror', now(), now(), 'MangaDex said "no"');
                    insert into library_source_secrets (source_id, sealed, updated_at) values (1, '\\x0c0d', now());
                    insert into library_source_items (source_id, mangadex_id, read_digest)
                        values (1, '5c3c6a1e-0000-4000-8000-000000000001', 'abc');
                    insert into sync_keys (user_id, key_hash, created_at) values (1, '\\x0e0f', now());
                    insert into sync_contents (user_id, etag, content, device_id, updated_at)
                        values (1, 'uuid=1', '\\x1f8b00', 'phone', now());
                    """);
            return null;
        });
    }

    private static byte[] backup(Database db) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Backup(db).write(out);
        return out.toByteArray();
    }

    private static BufferedInputStream stream(byte[] bytes) {
        return new BufferedInputStream(new ByteArrayInputStream(bytes));
    }

    /** Every row of a table as text, in a stable order. */
    private static List<String> rows(Database db, String table) {
        // table names are Backup's constants
        return db.inTransaction(h -> h.createQuery("select t::text from " + table + " t order by 1")
                .mapTo(String.class).list());
    }

    private static long next(Database db, String sequence) {
        return db.inTransaction(h -> h.createQuery("select nextval(cast(:s as regclass))").bind("s", sequence)
                .mapTo(Long.class).one());
    }

    /** A new, empty database (no schema) on the test server, opened as the service opens an external one. */
    private Database freshDatabase() throws SQLException {
        String name = "restore_" + Long.toHexString(System.nanoTime());
        admin("create database " + name);
        created.add(name);
        String url = PostgresExtension.jdbcUrl().replaceFirst("/[^/?]+\\?", "/" + name + "?");
        return Database.inspect(new Config.Storage(Path.of("unused"),
                Optional.of(DatabaseUrl.parse("MANGAHUB_DATABASE_URL", url)), 4));
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = PostgresExtension.database().dataSource().getConnection();
             Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
