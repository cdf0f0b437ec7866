package com.mangahub.sync.reader;

import java.security.MessageDigest;
import java.util.List;

/**
 * What still signs one reader in: the fingerprints of their API token, their app tokens and their browser sessions
 * still in use. An open stream or observation whose fingerprint is not among them must end.
 */
public record LiveCredentials(List<byte[]> fingerprints) {
    /** A reader who may not sign in at all: disabled, deleted, or every credential gone. */
    public static final LiveCredentials NONE = new LiveCredentials(List.of());

    public LiveCredentials {
        fingerprints = List.copyOf(fingerprints);
    }

    /** Whether the credential of this fingerprint still works (false for null). */
    public boolean admits(byte[] fingerprint) {
        if (fingerprint == null) return false;
        for (byte[] live : fingerprints) {
            if (MessageDigest.isEqual(live, fingerprint)) return true;
        }
        return false;
    }
}
