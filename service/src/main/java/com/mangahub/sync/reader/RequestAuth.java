package com.mangahub.sync.reader;

import com.mangahub.sync.config.Secret;
import com.mangahub.sync.store.UserStore.UserAccount;
import com.mangahub.sync.web.AdminGate;
import com.mangahub.sync.web.ApiError;
import io.javalin.http.Context;

/** Who is calling: a user by their API token, or the operator by the admin token (compared in constant time). */
public final class RequestAuth {
    private final UserAccounts accounts;
    private final AdminGate admin;

    public RequestAuth(UserAccounts accounts, Secret adminToken) {
        this.accounts = accounts;
        this.admin = new AdminGate(adminToken);
    }

    /** The user whose token is in {@code Authorization: Bearer <token>}; 401 otherwise. */
    public UserAccount user(Context ctx) {
        return accounts.authenticate(AdminGate.bearer(ctx)).orElseThrow(ApiError::unauthorized);
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
