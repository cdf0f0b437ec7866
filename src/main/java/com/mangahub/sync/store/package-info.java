/**
 * Storage: PostgreSQL only (embedded under the data directory by default, external by URL), Flyway migrations,
 * and the SQL for each table group. Every multi-row change runs in one transaction. PostgreSQL is also what
 * instances coordinate through: the shared MangaDex budget ({@link com.mangahub.sync.store.RateBudgetStore}) and
 * LISTEN/NOTIFY wake-ups ({@link com.mangahub.sync.store.DatabaseSignals}).
 */
package com.mangahub.sync.store;
