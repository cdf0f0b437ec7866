package com.mangahub.sync.notify.coap;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.eclipse.californium.core.observe.ObserveRelation;

/** The live observations: each relation's session, and each user's relations (a user may observe from several clients). */
final class Observers {
    private final Map<ObserveRelation, ObserverSession> sessions = new ConcurrentHashMap<>();
    private final Map<Long, Set<ObserveRelation>> byUser = new ConcurrentHashMap<>();

    ObserverSession get(ObserveRelation relation) {
        return sessions.get(relation);
    }

    void add(ObserveRelation relation, ObserverSession session) {
        sessions.put(relation, session);
        byUser.compute(session.userId, (id, set) -> {
            Set<ObserveRelation> relations = set == null ? ConcurrentHashMap.newKeySet() : set;
            relations.add(relation);
            return relations;
        });
    }

    /** Ends an observation: its session stops, and the user's entry goes when it was their last; returns it. */
    ObserverSession forget(ObserveRelation relation) {
        ObserverSession session = sessions.remove(relation);
        if (session == null) return null;
        session.close();
        byUser.computeIfPresent(session.userId, (id, relations) -> {
            relations.remove(relation);
            return relations.isEmpty() ? null : relations;
        });
        return session;
    }

    void forEachOf(long userId, BiConsumer<ObserveRelation, ObserverSession> action) {
        Set<ObserveRelation> relations = byUser.get(userId);
        if (relations == null) return;
        for (ObserveRelation relation : relations) {
            ObserverSession session = sessions.get(relation);
            if (session != null) action.accept(relation, session);
        }
    }

    Set<Long> readers() {
        return Set.copyOf(byUser.keySet());
    }

    /** Observers still reading their backlog from the log (a gauge: O(observers), read at scrape time only). */
    int catchingUp() {
        return (int) sessions.values().stream().filter(s -> !s.caughtUp()).count();
    }

    int size() {
        return sessions.size();
    }
}
