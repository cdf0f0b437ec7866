package com.mangahub.sync.simulator;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * MangaDex accounts as its auth server and user endpoints see them: each with a password, its personal API clients
 * (usable only by their owner; a {@code requested} one cannot log in yet), its follows, reading statuses and read
 * markers. Tokens as Keycloak issues them: a 15-minute access token, a refresh token that each refresh replaces (the
 * old one stops working), revocable. Expiry follows the world clock.
 */
public final class Accounts {
    public static final Duration ACCESS_LIFETIME = Duration.ofMinutes(15);
    public static final Duration REFRESH_LIFETIME = Duration.ofDays(28);

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Account> byName = new HashMap<>();
    private final Map<String, Client> clients = new HashMap<>();
    private final Map<String, Token> access = new HashMap<>();
    private final Map<String, Token> refresh = new HashMap<>();
    private final java.util.List<String> issued = new java.util.ArrayList<>();
    final AtomicInteger passwordGrants = new AtomicInteger();
    final AtomicInteger refreshGrants = new AtomicInteger();

    Accounts(Clock clock) {
        this.clock = clock;
    }

    /** One account's library. */
    static final class Account {
        final String username;
        final String password;
        final Set<UUID> follows = new LinkedHashSet<>();
        final Map<UUID, Set<UUID>> read = new LinkedHashMap<>();
        final Map<UUID, String> statuses = new LinkedHashMap<>();

        Account(String username, String password) {
            this.username = username;
            this.password = password;
        }
    }

    record Client(String id, String secret, String owner, String state) {}

    record Token(String username, String clientId, Instant expiresAt) {}

    /** Creates an account with one personal client in state {@code approved} (or {@code requested}). */
    public synchronized void create(String username, String password, String clientId, String clientSecret,
                                    boolean approved) {
        byName.put(username, new Account(username, password));
        clients.put(clientId, new Client(clientId, clientSecret, username, approved ? "approved" : "requested"));
    }

    public synchronized void follow(String username, Collection<UUID> manga) {
        account(username).follows.addAll(manga);
    }

    public synchronized void unfollow(String username, Collection<UUID> manga) {
        account(username).follows.removeAll(manga);
    }

    /** Sets a reading status (reading, on_hold, plan_to_read, dropped, re_reading, completed), or removes it (null). */
    public synchronized void status(String username, UUID manga, String status) {
        if (status == null) account(username).statuses.remove(manga); else account(username).statuses.put(manga, status);
    }

    public synchronized void markRead(String username, UUID manga, Collection<UUID> chapters) {
        account(username).read.computeIfAbsent(manga, k -> new LinkedHashSet<>()).addAll(chapters);
    }

    /** The chapter ids marked read on a series (a copy). */
    public synchronized Set<UUID> readMarkers(String username, UUID manga) {
        return Set.copyOf(account(username).read.getOrDefault(manga, Set.of()));
    }

    public synchronized Set<UUID> follows(String username) {
        return Set.copyOf(account(username).follows);
    }

    /** Revokes every refresh token of the account (a logout everywhere, a password change). */
    public synchronized void revokeRefreshTokens(String username) {
        refresh.values().removeIf(t -> t.username().equals(username));
    }

    /** Makes every access token of the account expire now. */
    public synchronized void expireAccessTokens(String username) {
        access.values().removeIf(t -> t.username().equals(username));
    }

    /** Every access and refresh token ever issued, for tests that look for them where they must not be. */
    public synchronized java.util.List<String> issuedTokens() {
        return java.util.List.copyOf(issued);
    }

    public int passwordGrants() {
        return passwordGrants.get();
    }

    public int refreshGrants() {
        return refreshGrants.get();
    }

    private Account account(String username) {
        Account a = byName.get(username);
        if (a == null) throw new IllegalArgumentException("no account " + username);
        return a;
    }

    /** What the token endpoint answers: tokens, or Keycloak's error. */
    sealed interface Grant {
        record Issued(String accessToken, String refreshToken) implements Grant {}

        record Refused(int status, String error, String description) implements Grant {}
    }

    synchronized Grant password(String clientId, String secret, String username, String password) {
        passwordGrants.incrementAndGet();
        Grant.Refused bad = client(clientId, secret);
        if (bad != null) return bad;
        Account a = byName.get(username);
        if (a == null || !a.password.equals(password)) return new Grant.Refused(401, "invalid_grant", "Invalid user credentials");
        if (!clients.get(clientId).owner().equals(username)) {
            return new Grant.Refused(401, "unauthorized_client", "Client is not allowed to log in this user");
        }
        return issue(username, clientId);
    }

    synchronized Grant refresh(String clientId, String secret, String refreshToken) {
        refreshGrants.incrementAndGet();
        Grant.Refused bad = client(clientId, secret);
        if (bad != null) return bad;
        Token t = refresh.get(refreshToken);
        if (t == null || !t.expiresAt().isAfter(clock.instant())) return new Grant.Refused(400, "invalid_grant", "Token is not active");
        if (!t.clientId().equals(clientId)) return new Grant.Refused(400, "invalid_grant", "Invalid refresh token. Token client and authorized client don't match");
        refresh.remove(refreshToken);
        return issue(t.username(), clientId);
    }

    private Grant.Refused client(String clientId, String secret) {
        Client c = clientId == null ? null : clients.get(clientId);
        if (c == null || !c.secret().equals(secret)) {
            return new Grant.Refused(401, "unauthorized_client", "Invalid client or Invalid client credentials");
        }
        if (!c.state().equals("approved") && !c.state().equals("autoapproved")) {
            return new Grant.Refused(401, "unauthorized_client", "Invalid client or Invalid client credentials");
        }
        return null;
    }

    private Grant issue(String username, String clientId) {
        Instant now = clock.instant();
        String a = token();
        String r = token();
        issued.add(a);
        issued.add(r);
        access.put(a, new Token(username, clientId, now.plus(ACCESS_LIFETIME)));
        refresh.put(r, new Token(username, clientId, now.plus(REFRESH_LIFETIME)));
        return new Grant.Issued(a, r);
    }

    /** The account an access token is valid for now. */
    synchronized Optional<Account> byAccessToken(String token) {
        Token t = token == null ? null : access.get(token);
        if (t == null || !t.expiresAt().isAfter(clock.instant())) return Optional.empty();
        return Optional.ofNullable(byName.get(t.username()));
    }

    private String token() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
