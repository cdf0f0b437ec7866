package com.mangahub.sync.reader;

import com.mangahub.sync.store.UserStore;
import com.mangahub.sync.store.SessionStore.SessionRow;
import com.mangahub.sync.store.UserStore.UserAccount;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Creating users (the token is returned once), recognising them by token (their API token or an app token) for every
 * channel and by browser session on the web, and the API token's
 * lifecycle: rotation (a new token returned once, the old one refused from that commit on), an optional maximum age,
 * and the operator's list, disable, enable and delete. A disabled reader's token, an expired token and a replaced
 * token are all simply not recognised.
 */
public final class UserAccounts {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}(-[a-z]{2})?");
    private static final int MAX_TOKEN_LENGTH = 128;

    private final UserStore users;
    private final AppTokens appTokens;
    private final BrowserSessions sessions;
    private final Clock clock;
    private final Optional<Duration> tokenMaxAge;

    public UserAccounts(UserStore users, AppTokens appTokens, BrowserSessions sessions, Clock clock,
                        Optional<Duration> tokenMaxAge) {
        this.users = users;
        this.appTokens = appTokens;
        this.sessions = sessions;
        this.clock = clock;
        this.tokenMaxAge = tokenMaxAge;
    }

    /** A reader signed in by a browser session: the account and the session (with its CSRF token). */
    public record SessionHolder(UserAccount account, SessionRow session) {}

    /** A freshly created user with the only copy of their token. */
    public record NewUser(UserAccount account, String token) {}

    /** Why a name or language list is refused: the field at fault and what it should be. */
    public record Problem(String field, String message) {
        static Problem of(String field, String expected) {
            return new Problem(field, field + ": " + expected);
        }
    }

    /** Why a name or language list is refused, or empty when it is acceptable. */
    public static Optional<Problem> problemWith(String name, List<String> languages) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.of(Problem.of("name", "1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit"));
        }
        if (languages.isEmpty()) return Optional.of(Problem.of("languages", "at least one language code"));
        return languages.stream().filter(l -> !LANGUAGE.matcher(l).matches()).findFirst()
                .map(l -> Problem.of("languages", "not a language code: '" + l + "' (e.g. en, pt-br)"));
    }

    /**
     * The hash of an API token nobody is told: the token of a reader who signs in some other way (single sign-on, an
     * invitation) until they rotate it to see one.
     */
    public static byte[] untoldTokenHash() {
        return ApiTokens.hash(ApiTokens.newToken());
    }

    /**
     * A valid reader name made of {@code wanted} (a display name, a user name, an email's local part): other
     * characters become '-', cut to 60 so a numeric suffix fits; empty when nothing usable is left.
     */
    public static Optional<String> nameFrom(String wanted) {
        if (wanted == null) return Optional.empty();
        String name = wanted.strip().replaceAll("[^A-Za-z0-9_.-]+", "-").replaceAll("^[^A-Za-z0-9]+", "");
        if (name.length() > 60) name = name.substring(0, 60);
        return NAME.matcher(name).matches() ? Optional.of(name) : Optional.empty();
    }

    /** Creates a user; empty when the name is taken. Validate with {@link #problemWith} first. */
    public Optional<NewUser> create(String name, List<String> languages) {
        problemWith(name, languages).ifPresent(p -> {
            throw new IllegalArgumentException(p.message());
        });
        String token = ApiTokens.newToken();
        return users.create(name, ApiTokens.hash(token), languages, clock.instant()).map(a -> new NewUser(a, token));
    }

    /**
     * The user holding this token, if any, enabled, and the token not older than the maximum age: their API token or
     * one of their app tokens (an app token's use is recorded).
     */
    public Optional<UserAccount> authenticate(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) return Optional.empty();
        Optional<UserAccount> primary = users.findByTokenHash(ApiTokens.hash(token));
        if (primary.isPresent()) return primary.filter(a -> !a.disabled() && !expired(a.tokenIssuedAt()));
        return appTokens.recognise(token).flatMap(t -> users.find(t.userId())).filter(a -> !a.disabled());
    }

    /** The reader of this session cookie's secret while the session lasts and the reader is enabled. */
    public Optional<SessionHolder> authenticateSession(String secret) {
        if (secret == null || secret.isEmpty() || secret.length() > MAX_TOKEN_LENGTH) return Optional.empty();
        return sessions.recognise(secret).flatMap(s -> users.find(s.userId())
                .filter(a -> !a.disabled()).map(a -> new SessionHolder(a, s)));
    }

    /**
     * What an open stream or observation keeps of the token it was opened with: not the token, only its hash, so
     * it can be told later whether that token is still the reader's current one.
     */
    public static byte[] fingerprint(String token) {
        return ApiTokens.hash(token);
    }

    private boolean expired(Instant issuedAt) {
        return tokenMaxAge.isPresent() && !issuedAt.plus(tokenMaxAge.get()).isAfter(clock.instant());
    }

    /**
     * Of these readers, what still signs each one in who may sign in at all (exists, enabled): the API token unless
     * expired, the app tokens, the sessions still in use. A session whose fingerprint is not among its reader's
     * credentials here must end; a reader missing from the map has none.
     */
    public Map<Long, LiveCredentials> currentFingerprints(Collection<Long> userIds) {
        Map<Long, UserStore.TokenHolder> active = users.activeTokens(userIds);
        Map<Long, List<byte[]>> apps = appTokens.live(active.keySet());
        Map<Long, List<byte[]>> browsers = sessions.live(active.keySet());
        Map<Long, LiveCredentials> out = new HashMap<>();
        active.forEach((id, holder) -> {
            List<byte[]> live = new ArrayList<>();
            if (!expired(holder.tokenIssuedAt())) live.add(holder.tokenHash());
            live.addAll(apps.getOrDefault(id, List.of()));
            live.addAll(browsers.getOrDefault(id, List.of()));
            out.put(id, new LiveCredentials(live));
        });
        return out;
    }

    /** Whether the credential of this fingerprint still signs this reader in. */
    public boolean stillValid(long userId, byte[] fingerprint) {
        return currentFingerprints(Set.of(userId)).getOrDefault(userId, LiveCredentials.NONE).admits(fingerprint);
    }

    /**
     * A new token for this reader in place of the one of {@code currentFingerprint}, returned once; the old one stops
     * working when this returns. Empty: no such reader, or that token was already replaced.
     */
    /**
     * A new API token for a reader signed in some other way (a browser session, an app token), in place of whatever
     * token they hold; returned once. Empty: no such reader or disabled.
     */
    public Optional<NewUser> rotateFromElsewhere(long userId) {
        UserStore.TokenHolder holder = users.activeTokens(Set.of(userId)).get(userId);
        return holder == null ? Optional.empty() : rotate(userId, holder.tokenHash());
    }

    public Optional<NewUser> rotate(long userId, byte[] currentFingerprint) {
        String token = ApiTokens.newToken();
        return users.replaceToken(userId, currentFingerprint, ApiTokens.hash(token), clock.instant())
                .map(a -> new NewUser(a, token));
    }

    public List<UserAccount> list(long afterId, int limit) {
        return users.list(afterId, limit);
    }

    public Optional<UserAccount> disable(long userId) {
        return users.disable(userId, clock.instant());
    }

    public Optional<UserAccount> enable(long userId) {
        return users.enable(userId);
    }

    /** Deletes the reader, their library and their notification log; false when there was no such reader. */
    public boolean delete(long userId) {
        return users.delete(userId);
    }

    /** When this reader's token stops being accepted, or empty when tokens do not expire. */
    public Optional<Instant> expiresAt(UserAccount account) {
        return tokenMaxAge.map(age -> account.tokenIssuedAt().plus(age));
    }
}
