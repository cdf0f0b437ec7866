package com.mangahub.sync.periodic;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The loops of this JVM that were started and not yet stopped, so /health can name one whose thread ended by itself.
 * One registry per JVM, not per component: loops are made deep inside a dozen components, and the thread that dies is
 * the JVM's, as is the handler that then ends the process.
 */
public final class LoopRegistry {
    private static final Set<PeriodicLoop> LIVE = ConcurrentHashMap.newKeySet();

    private LoopRegistry() {}

    static void started(PeriodicLoop loop) {
        LIVE.add(loop);
    }

    static void stopped(PeriodicLoop loop) {
        LIVE.remove(loop);
    }

    /** Loops started and not stopped. */
    public static int running() {
        return LIVE.size();
    }

    /** The loops whose thread ended without being stopped, by name, with what ended it. */
    public static Map<String, String> dead() {
        Map<String, String> dead = new TreeMap<>();
        for (PeriodicLoop loop : LIVE) {
            loop.stoppedBy().ifPresent(e -> dead.put(loop.name(), e.toString()));
        }
        return dead;
    }
}
