/**
 * A MangaDex simulator: a real HTTP server that answers like api.mangadex.org (collection envelopes,
 * relationships, {@code includes[]} expansion, validation errors, 204 empty pages, rate limiting with 429 then an
 * HTML 403 ban) over an in-memory {@link com.mangahub.sync.simulator.World} generated from a seed, plus fault
 * injection and a small admin API under {@code /_sim/}. Used by tests, benchmarks and {@code mangahub simulator}.
 * Depends on nothing else of ours but {@code time} (its {@code Sleeper}, JDK types only), so it can stand in for
 * MangaDex in front of any part of the service. {@link com.mangahub.sync.simulator.Accounts} models MangaDex's auth
 * server (password and refresh grants, expiry, revocation, Keycloak's errors) and the logged-in user's endpoints.
 */
package com.mangahub.sync.simulator;
