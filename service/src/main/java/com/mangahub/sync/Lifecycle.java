package com.mangahub.sync;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a process started, closed in reverse start order; one failing to close does not keep the others open. */
final class Lifecycle implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    <T extends AutoCloseable> T track(T component) {
        started.push(component);
        return component;
    }

    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                log.warn("error while closing {}: {}", c.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
