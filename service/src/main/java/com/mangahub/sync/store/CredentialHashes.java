package com.mangahub.sync.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One stored credential's hash and whose it is: what the stores of app tokens and sessions answer, by reader. */
record CredentialHashes(long userId, byte[] hash) {
    static Map<Long, List<byte[]>> byReader(List<CredentialHashes> rows) {
        Map<Long, List<byte[]>> out = new HashMap<>();
        rows.forEach(row -> out.computeIfAbsent(row.userId(), id -> new ArrayList<>()).add(row.hash()));
        return out;
    }
}
