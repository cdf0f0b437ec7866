/**
 * Waiting as a dependency: {@link com.mangahub.sync.time.Sleeper} (real or fake time) and
 * {@link com.mangahub.sync.time.WakeUp} (ends a wait early). The one way anything of ours waits: the MangaDex client's
 * rate gate and backoff, the simulator's latency, and every {@code periodic} loop. JDK types only and nothing else of
 * ours, so the simulator may share it without reaching into the service.
 */
package com.mangahub.sync.time;
