/**
 * Background work: {@link com.mangahub.sync.periodic.PeriodicLoop}, the one loop every recurring thread runs (the
 * sync scheduler's workflows, the job runner, the outbox dispatcher, the notification feed and the receipt writer),
 * around a {@link com.mangahub.sync.periodic.PeriodicWork}{@code .runOnce()} that tests call directly. Which instance
 * does a round is not decided here: that stays with PostgreSQL (advisory locks, {@code SKIP LOCKED} claims with
 * leases). Depends only on {@code time}. A loop whose thread an {@code Error} ended is listed by
 * {@link com.mangahub.sync.periodic.LoopRegistry}, for {@code /health}, until the crash-only handler ends the process.
 */
package com.mangahub.sync.periodic;
