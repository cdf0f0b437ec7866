package com.mangahub.sync.store;

import com.mangahub.sync.config.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which live process serves which role, for {@code /health} of every process. Each process writes its row every
 * {@link #BEAT} and deletes it when it stops cleanly; a process killed without stopping counts as gone once its
 * row is {@link #LIVE} old. Times are the database's ({@code now()}), never a host's, so processes on hosts with
 * skewed clocks still agree on who is live.
 */
public final class ProcessHeartbeats {
    /** How often a process says it is alive. */
    public static final Duration BEAT = Duration.ofSeconds(5);
    /** How long after its last beat a process still counts as serving its roles: three beats missed. */
    public static final Duration LIVE = Duration.ofSeconds(20);
    /** Rows of processes gone this long are deleted by any process that beats. */
    private static final Duration FORGET = Duration.ofDays(1);

    private final Database db;
    private final String processId;
    private final Set<Role> roles;
    private final String host;
    private final Instant startedAt;

    public ProcessHeartbeats(Database db, String processId, Set<Role> roles, String host, Instant startedAt) {
        this.db = db;
        this.processId = processId;
        this.roles = roles;
        this.host = host;
        this.startedAt = startedAt;
    }

    /** One live process and what it serves. */
    public record LiveProcess(String processId, String host, List<Role> roles) {}

    /** Says this process is alive; returns 0, as a periodic round that leaves nothing waiting. */
    public int beat() {
        String[] names = roles.stream().map(Role::label).toArray(String[]::new);
        db.inTransaction(h -> {
            h.createUpdate("insert into process_heartbeats (process_id, roles, host, started_at, heartbeat_at) "
                            + "values (:id, :roles, :host, :startedAt, now()) on conflict (process_id) do update "
                            + "set roles = excluded.roles, heartbeat_at = now()")
                    .bind("id", processId).bind("roles", names).bind("host", host).bind("startedAt", startedAt)
                    .execute();
            return h.createUpdate("delete from process_heartbeats where heartbeat_at < now() - make_interval(secs => :forget)")
                    .bind("forget", FORGET.toSeconds()).execute();
        });
        return 0;
    }

    /** This process stops: its roles are no longer served by it, at once rather than after {@link #LIVE}. */
    public void leave() {
        db.inTransaction(h -> h.createUpdate("delete from process_heartbeats where process_id = :id")
                .bind("id", processId).execute());
    }

    /** Every process whose last beat is recent, this one included once it has beaten. */
    public List<LiveProcess> live() {
        return db.inTransaction(h -> h.createQuery("select process_id, host, roles from process_heartbeats "
                        + "where heartbeat_at > now() - make_interval(secs => :live) order by started_at, process_id")
                .bind("live", LIVE.toSeconds())
                .map((rs, ctx) -> {
                    List<Role> served = new ArrayList<>();
                    for (String name : (String[]) rs.getArray("roles").getArray()) {
                        served.add(Role.valueOf(name.toUpperCase(java.util.Locale.ROOT)));
                    }
                    return new LiveProcess(rs.getString("process_id"), rs.getString("host"), List.copyOf(served));
                })
                .list());
    }

    /** For each role, the live processes serving it (a role nobody serves maps to an empty list). */
    public Map<Role, List<String>> servedBy() {
        Map<Role, List<String>> served = new EnumMap<>(Role.class);
        for (Role role : Role.values()) served.put(role, new ArrayList<>());
        for (LiveProcess p : live()) p.roles().forEach(r -> served.get(r).add(p.processId()));
        return served;
    }
}
