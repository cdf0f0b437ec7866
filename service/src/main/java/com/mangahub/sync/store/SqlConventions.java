package com.mangahub.sync.store;

import com.mangahub.sync.manga.ChapterNumber;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.postgres.PostgresPlugin;

/**
 * The one Jdbi every store uses, with the conventions the schema relies on: the PostgreSQL plugin (uuid, arrays,
 * java.time), instants as {@code timestamptz} in UTC, {@code text[]} for string arrays, chapter numbers from text.
 */
final class SqlConventions {
    private SqlConventions() {}

    static Jdbi over(DataSource pool) {
        Jdbi jdbi = Jdbi.create(pool).installPlugin(new PostgresPlugin());
        // Jdbi's own Instant binding goes through java.sql.Timestamp, i.e. the JVM's zone; an OffsetDateTime in UTC
        // is the instant itself whatever the JVM or session zone
        jdbi.registerArgument(new InstantArgumentFactory());
        jdbi.registerColumnMapper(Instant.class, (rs, column, ctx) -> {
            OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
            return t == null ? null : t.toInstant();
        });
        // the schema's arrays are text[] (Jdbi would send varchar[]: equal in comparisons, but say what we mean)
        jdbi.registerArrayType(String.class, "text");
        jdbi.registerColumnMapper(ChapterNumber.class, (rs, column, ctx) -> ChapterNumber.parse(rs.getString(column)));
        // a failed statement's message is PostgreSQL's, as with plain JDBC: never its bound values (token hashes)
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(StatementExceptions.MessageRendering.NONE);
        return jdbi;
    }

    private static final class InstantArgumentFactory extends AbstractArgumentFactory<Instant> {
        InstantArgumentFactory() {
            super(Types.TIMESTAMP_WITH_TIMEZONE);
        }

        @Override
        protected Argument build(Instant value, ConfigRegistry config) {
            OffsetDateTime utc = OffsetDateTime.ofInstant(value, ZoneOffset.UTC);
            return (position, statement, ctx) -> statement.setObject(position, utc);
        }
    }
}
