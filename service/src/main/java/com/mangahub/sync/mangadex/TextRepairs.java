package com.mangahub.sync.mangadex;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts and logs the texts {@link StorableText} had to repair in MangaDex's answers:
 * {@code mangadex_text_repaired_total{repair=nul|surrogate|truncated}} and one warning per body naming the endpoint
 * and the first field repaired (its JSON pointer, never the text itself).
 */
final class TextRepairs {
    private static final Logger log = LoggerFactory.getLogger(TextRepairs.class);
    private final Counter nul;
    private final Counter surrogate;
    private final Counter truncated;

    TextRepairs(MeterRegistry registry) {
        this.nul = counter(registry, "nul", "NUL characters removed");
        this.surrogate = counter(registry, "surrogate", "lone UTF-16 surrogates replaced by U+FFFD");
        this.truncated = counter(registry, "truncated", "cut to the field's cap");
    }

    private static Counter counter(MeterRegistry registry, String repair, String what) {
        return Counter.builder("mangadex_text_repaired").tag("repair", repair)
                .description("texts from MangaDex made storable: " + what).register(registry);
    }

    void record(String endpoint, StorableText.Repairs repairs) {
        if (!repairs.any()) return;
        nul.increment(repairs.nul);
        surrogate.increment(repairs.surrogate);
        truncated.increment(repairs.truncated);
        log.warn("MangaDex {}: repaired texts ({}), first at {}", endpoint, repairs, repairs.firstField);
    }
}
