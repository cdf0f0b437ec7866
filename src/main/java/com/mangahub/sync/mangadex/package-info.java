/**
 * The MangaDex edge: the {@link com.mangahub.sync.mangadex.MangaDexApi} contract, the HTTP client that implements
 * it (one shared rate gate, retries with backoff, circuit breaker, strict and quirk-tolerant parsing), and its
 * sealed error family.
 */
package com.mangahub.sync.mangadex;
