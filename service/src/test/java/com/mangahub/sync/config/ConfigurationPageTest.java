package com.mangahub.sync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md names every environment variable the configuration reads, aliases included: the loader is
 * run on an environment that records each name it asks for (once with SMTP set, whose settings are read only then).
 */
class ConfigurationPageTest {
    @Test
    void theConfigurationPageNamesEveryVariableTheServiceReads() throws Exception {
        Set<String> asked = new TreeSet<>();
        ConfigLoader.load(recording(Map.of(), asked));
        ConfigLoader.load(recording(Map.of("MANGAHUB_SMTP_HOST", "smtp.example.org",
                "MANGAHUB_SMTP_USERNAME", "mangahub", "MANGAHUB_SMTP_PASSWORD", "secret"), asked));
        assertThat(asked).as("variables the loader reads").hasSizeGreaterThan(40);

        String page = Files.readString(Path.of(System.getProperty("mangahub.root", ".."), "docs", "configuration.md"));
        assertThat(asked.stream().filter(name -> !page.contains("`" + name + "`")).toList())
                .as("variables missing from docs/configuration.md").isEmpty();
    }

    private static Map<String, String> recording(Map<String, String> values, Set<String> asked) {
        return new HashMap<>(values) {
            @Override
            public String get(Object key) {
                asked.add((String) key);
                return super.get(key);
            }
        };
    }
}
