package com.mangahub.sync.config;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a process does. Any mix of processes on one database works because PostgreSQL coordinates them (advisory
 * locks, SKIP LOCKED, the shared MangaDex budget); a role only decides which components this process starts.
 */
public enum Role {
    /** the MangaDex workflows: import, polls, reconcile, jobs */
    SYNC,
    /** the outbox dispatcher, the notification feed, CoAP push and the SSE fan-in, retention */
    NOTIFY,
    /** the HTTP API and the reader's page */
    API;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads {@code sync}, {@code notify}, {@code api} and {@code all}, comma-separated; {@code key} names the setting
     * in the error.
     */
    public static Set<Role> parse(String key, String text) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        for (String part : text.split(",")) {
            String name = part.strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) continue;
            if (name.equals("all")) {
                roles.addAll(EnumSet.allOf(Role.class));
                continue;
            }
            try {
                roles.add(Role.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key, "unknown role '" + part.strip() + "' (known: sync, notify, api, all)");
            }
        }
        if (roles.isEmpty()) throw new ConfigException(key, "names no role (known: sync, notify, api, all)");
        return Collections.unmodifiableSet(roles); // an EnumSet: always listed sync, notify, api
    }
}
