/**
 * Storage: PostgreSQL only (embedded under the data directory by default, external by URL), Flyway migrations,
 * and the SQL for each table group. Every multi-row change runs in one transaction.
 */
package com.mangahub.sync.store;
