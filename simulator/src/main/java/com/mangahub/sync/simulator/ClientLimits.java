package com.mangahub.sync.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MangaDex's per-IP limit: at most {@code rate} accepted requests in any sliding second; past it 429 until the
 * oldest of them leaves the window. A client that keeps drawing 429s (no pause of a whole second between them)
 * for {@code banAfter} is banned for {@code banDuration}, renewed by every request it sends meanwhile.
 */
final class ClientLimits {
    private static final Duration WINDOW = Duration.ofSeconds(1);

    sealed interface Decision {
        record Allowed(int limit, int remaining, Instant windowEnd) implements Decision {}
        record Unlimited() implements Decision {}
        record Limited(int limit, Instant retryAt) implements Decision {}
        record Banned(Instant until) implements Decision {}
    }

    private final int rate;
    private final Duration banAfter;
    private final Duration banDuration;
    private final Map<String, ClientState> clients = new ConcurrentHashMap<>();

    ClientLimits(int rate, Duration banAfter, Duration banDuration) {
        this.rate = rate;
        this.banAfter = banAfter;
        this.banDuration = banDuration;
    }

    int rate() {
        return rate;
    }

    Decision check(String client, Instant now) {
        if (rate == 0) return new Decision.Unlimited();
        ClientState state = clients.computeIfAbsent(client, k -> new ClientState());
        synchronized (state) {
            return state.check(now);
        }
    }

    private final class ClientState {
        private final Deque<Instant> accepted = new ArrayDeque<>();
        private Instant bannedUntil;
        private Instant streakStart;
        private Instant lastLimited;

        Decision check(Instant now) {
            if (bannedUntil != null && now.isBefore(bannedUntil)) {
                bannedUntil = now.plus(banDuration);
                return new Decision.Banned(bannedUntil);
            }
            while (!accepted.isEmpty() && !accepted.peekFirst().plus(WINDOW).isAfter(now)) accepted.pollFirst();
            if (accepted.size() < rate) {
                accepted.addLast(now);
                return new Decision.Allowed(rate, rate - accepted.size(), accepted.peekFirst().plus(WINDOW));
            }
            if (lastLimited == null || !lastLimited.plus(WINDOW).isAfter(now)) streakStart = now;
            lastLimited = now;
            if (Duration.between(streakStart, now).compareTo(banAfter) >= 0) {
                bannedUntil = now.plus(banDuration);
                streakStart = null;
                lastLimited = null;
                return new Decision.Banned(bannedUntil);
            }
            return new Decision.Limited(rate, accepted.peekFirst().plus(WINDOW));
        }
    }
}
