package com.mangahub.sync.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * axe-core (Deque's accessibility engine, from npm) run inside the page a {@link HeadlessChromium} shows: the script
 * is injected over the DevTools protocol (the page's own Content-Security-Policy stays as strict as in production),
 * then {@code axe.run} checks the document against WCAG 2.x A/AA and best practices.
 */
public final class AxeCore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String script;

    private AxeCore(String script) {
        this.script = script;
    }

    public static AxeCore load() throws Exception {
        Path file = NpmTools.install().resolve("node_modules/axe-core/axe.min.js");
        return new AxeCore(Files.readString(file));
    }

    /** One rule a page breaks, with where. */
    public record Violation(String rule, String impact, String help, List<String> targets) {
        @Override
        public String toString() {
            return impact + " " + rule + " (" + help + ") at " + targets;
        }
    }

    /** The serious and critical violations of the page as it is now. */
    public List<Violation> seriousViolations(HeadlessChromium browser) throws Exception {
        if (!browser.eval("typeof window.axe === 'object'").asBoolean()) browser.eval(script + "\n;true");
        JsonNode violations = browser.eval("axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', "
                + "'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] })"
                + ".then(r => JSON.stringify(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, "
                + "targets: v.nodes.map(n => n.target.join(' ')) }))))");
        List<Violation> out = new ArrayList<>();
        for (JsonNode v : JSON.readTree(violations.asText())) {
            String impact = v.path("impact").asText();
            if (!impact.equals("serious") && !impact.equals("critical")) continue;
            List<String> targets = new ArrayList<>();
            v.path("targets").forEach(t -> targets.add(t.asText()));
            out.add(new Violation(v.path("id").asText(), impact, v.path("help").asText(), targets));
        }
        return out;
    }
}
