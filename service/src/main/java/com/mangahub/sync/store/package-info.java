/**
 * Storage: PostgreSQL only (embedded under the data directory by default, external by URL), Flyway migrations,
 * and every SQL statement of the service, grouped by table. Stores talk to PostgreSQL through Jdbi 3
 * ({@link com.mangahub.sync.store.SqlConventions}: named parameters, record mappers, instants as timestamptz);
 * callers outside this package see at most a Jdbi {@code Handle}, inside a transaction
 * {@link com.mangahub.sync.store.Database#inTransaction} opened. Every multi-row change runs in one transaction.
 * PostgreSQL is also what instances coordinate through: advisory locks ({@link com.mangahub.sync.store.AdvisoryLocks}),
 * the shared MangaDex budget ({@link com.mangahub.sync.store.RateBudgetStore}), the outbox
 * ({@link com.mangahub.sync.store.OutboxWriter}, {@link com.mangahub.sync.store.OutboxStore}) and LISTEN/NOTIFY
 * wake-ups ({@link com.mangahub.sync.store.DatabaseSignals}, on a plain JDBC connection of its own), and the
 * heartbeats that say which process serves which role ({@link com.mangahub.sync.store.ProcessHeartbeats}).
 * Running for years: what retention may delete ({@link com.mangahub.sync.store.RetentionStore}), a consistent
 * backup and its restore ({@link com.mangahub.sync.store.Backup}), the schema version and pending migrations.
 * Readers' library sources ({@link com.mangahub.sync.store.SourceStore}) keep their credentials sealed by
 * {@link com.mangahub.sync.store.SecretBox} under a key outside the database; SyncYomi keys and uploads live in
 * {@link com.mangahub.sync.store.SyncContentStore}.
 * Surviving the database's death: {@link com.mangahub.sync.store.DatabaseSupervisor} restarts a dead embedded
 * server and probes an unreachable one, {@link com.mangahub.sync.store.DatabaseAvailability} is the flag everything
 * reads without touching the database, and the pool behind Jdbi ({@code GatedPool}) fails at once while it is down
 * with a {@link com.mangahub.sync.store.DatabaseUnavailableException}, which the HTTP edge answers with a 503; a pool
 * that stays saturated for its whole wait fails with a {@link com.mangahub.sync.store.DatabaseBusyException}, a 503
 * "busy" at the edge.
 * Reading a streaming replica: {@link com.mangahub.sync.store.ReadReplica} watches its lag and serves the reads of
 * {@link com.mangahub.sync.store.Database#lagTolerant()} while it is fit; {@link com.mangahub.sync.store.ReplicaReads}
 * and {@link com.mangahub.sync.store.RecentWrites} keep a reader on the primary right after their own write.
 */
package com.mangahub.sync.store;
