package com.mangahub.sync.web;

import com.mangahub.sync.config.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The {@code roles} component of {@code /health}: the roles this process serves, the live processes serving each
 * role on this database, and a warning (not a failure: this process still works) when a role has no live process —
 * a stopped notify means notifications wait in the outbox, a stopped sync means no new chapters are found.
 */
public final class RolesHealth {
    private RolesHealth() {}

    /** @param servedBy each role's live processes, as the heartbeat table says */
    public static HealthCheck check(Set<Role> mine, Supplier<Map<Role, List<String>>> servedBy) {
        return new HealthCheck("roles", () -> {
            Map<Role, List<String>> served = servedBy.get();
            List<String> missing = new ArrayList<>();
            Map<String, Object> byRole = new LinkedHashMap<>();
            for (Role role : Role.values()) {
                List<String> processes = served.getOrDefault(role, List.of());
                byRole.put(role.label(), processes);
                if (processes.isEmpty()) missing.add(role.label());
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("process", mine.stream().map(Role::label).toList());
            details.put("served_by", byRole);
            details.put("missing", missing);
            if (missing.isEmpty()) return HealthCheck.Result.up(details);
            details.put("warning", "no live process serves " + String.join(", ", missing));
            return HealthCheck.Result.warn(details);
        });
    }
}
