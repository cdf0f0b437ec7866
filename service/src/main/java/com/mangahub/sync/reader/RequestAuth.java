package com.mangahub.sync.reader;

import com.mangahub.sync.config.Secret;
import com.mangahub.sync.store.UserStore.UserAccount;
import com.mangahub.sync.web.AdminGate;
import com.mangahub.sync.web.ApiError;
import io.javalin.http.Context;

/** Who is calling: a user by their API token, or the operator by the admin token (compared in constant time). */
public final class RequestAuth {
    private static final String SPENT = "mangahub.reader.spent";
    private static final String READER = "mangahub.reader.id";
    private final UserAccounts accounts;
    private final AdminGate admin;
    private final ReaderLimits limits;

    /** Without per-reader limits (routes tested on their own). */
    public RequestAuth(UserAccounts accounts, Secret adminToken) {
        this(accounts, adminToken, ReaderLimits.none());
    }

    public RequestAuth(UserAccounts accounts, Secret adminToken, ReaderLimits limits) {
        this.accounts = accounts;
        this.admin = new AdminGate(adminToken);
        this.limits = limits;
    }

    /**
     * The user whose token is in {@code Authorization: Bearer <token>}; 401 otherwise. The first call of a request
     * spends one of the reader's requests (429 when they have none left): every reader route asks who is calling.
     */
    public UserAccount user(Context ctx) {
        UserAccount user = accounts.authenticate(AdminGate.bearer(ctx)).orElseThrow(ApiError::unauthorized);
        if (ctx.attribute(SPENT) == null) {
            ctx.attribute(SPENT, Boolean.TRUE);
            limits.spend(user.id());
        }
        ctx.attribute(READER, user.id());
        return user;
    }

    /** The reader this request was signed in as by {@link #user}, if it was. */
    static java.util.Optional<Long> signedInReader(Context ctx) {
        return java.util.Optional.ofNullable(ctx.attribute(READER));
    }

    /** The reader's limits, for a route that causes MangaDex work. */
    public ReaderLimits limits() {
        return limits;
    }

    /** Whether the request carries a reader's valid token (for routes open to all that do more for readers). */
    public boolean signedIn(Context ctx) {
        return accounts.authenticate(AdminGate.bearer(ctx)).isPresent();
    }

    /** The fingerprint of the token this request carries, for a session that must end when the token stops working. */
    public byte[] tokenFingerprint(Context ctx) {
        return UserAccounts.fingerprint(AdminGate.bearer(ctx));
    }

    /** Whether the token of this fingerprint still signs this reader in (not rotated, disabled, deleted or expired). */
    public boolean stillValid(long userId, byte[] fingerprint) {
        byte[] current = accounts.currentFingerprints(java.util.Set.of(userId)).get(userId);
        return current != null && java.security.MessageDigest.isEqual(current, fingerprint);
    }

    /** Passes only with the admin token; 401 otherwise. */
    public void requireAdmin(Context ctx) {
        admin.require(ctx);
    }
}
