package com.mangahub.sync.cli;

import com.mangahub.sync.config.Config;
import java.net.URI;
import java.time.Duration;

/** The demo's configuration: the user's, pointed at the simulator, with short intervals and its own data. */
final class DemoConfig {
    private DemoConfig() {}

    static Config wiredTo(Config base, URI simulator) {
        Config.MangaDex m = base.mangadex();
        Config.Sync s = base.sync();
        Config.Storage st = base.storage();
        return new Config(
                // never the operator's database: the demo's series and events are not real
                new Config.Storage(st.dataDir().resolve("demo"), java.util.Optional.empty(), st.poolSize()),
                base.server(),
                new Config.MangaDex(simulator, m.apiKey(), m.rate(), m.connectTimeout(), m.requestTimeout(),
                        m.contentRatings(), m.maxBodyBytes()),
                new Config.Sync(s.initialCount(), false, Duration.ofSeconds(30), Duration.ofSeconds(10),
                        Duration.ofMinutes(5), s.overlap(), s.languages(), s.workers(), s.chapterBatchSize()),
                base.notifications(), base.operations(), base.logLevel(), base.channels(),
                base.limits(),

                new Config.Sources(simulator, base.sources().interval(), base.sources().secretKey()), base.signIn());
    }
}
