package com.mangahub.sync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** MANGAHUB_SMTP_*: the email channel's one SMTP server, from the environment only. */
class SmtpConfigTest {

    @Test
    void withoutAHostThereIsNoSmtpServerAndSoNoEmail() {
        assertThat(Config.from(Map.of()).channels().smtp()).isEmpty();
        assertThat(Config.from(Map.of("MANGAHUB_SMTP_HOST", "  ")).channels().smtp()).isEmpty();
    }

    @Test
    void starttlsOnTheSubmissionPortIsTheDefaultAndEachSecurityHasItsPort() {
        Config.Smtp smtp = Config.from(Map.of("MANGAHUB_SMTP_HOST", "smtp.example.org")).channels().smtp().orElseThrow();
        assertThat(smtp.security()).isEqualTo(Config.SmtpSecurity.STARTTLS);
        assertThat(smtp.port()).isEqualTo(587);
        assertThat(smtp.from()).isEqualTo("mangahub-sync@smtp.example.org");
        assertThat(Config.from(Map.of("MANGAHUB_SMTP_HOST", "h", "MANGAHUB_SMTP_SECURITY", "tls")).channels().smtp()
                .orElseThrow().port()).isEqualTo(465);
        Config.Smtp plain = Config.from(Map.of("MANGAHUB_SMTP_HOST", "h", "MANGAHUB_SMTP_SECURITY", "NONE",
                "MANGAHUB_SMTP_PORT", "2525", "MANGAHUB_SMTP_FROM", "MangaHub <m@example.org>")).channels().smtp().orElseThrow();
        assertThat(plain.security()).isEqualTo(Config.SmtpSecurity.NONE);
        assertThat(plain.port()).isEqualTo(2525);
        assertThat(plain.from()).isEqualTo("MangaHub <m@example.org>");
    }

    @Test
    void thePasswordIsASecretNeverPrintedAndNeedsAUser() {
        Config c = Config.from(Map.of("MANGAHUB_SMTP_HOST", "h", "MANGAHUB_SMTP_USERNAME", "mailer",
                "MANGAHUB_SMTP_PASSWORD", "sm7p-pa55word"));
        assertThat(c.channels().smtp().orElseThrow().password().orElseThrow().value()).isEqualTo("sm7p-pa55word");
        assertThat(c.toString()).doesNotContain("sm7p-pa55word").contains("mailer");
        assertThatThrownBy(() -> Config.from(Map.of("MANGAHUB_SMTP_HOST", "h", "MANGAHUB_SMTP_PASSWORD", "x")))
                .hasMessageContaining("MANGAHUB_SMTP_PASSWORD");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> Config.from(Map.of("MANGAHUB_SMTP_HOST", "h", "MANGAHUB_SMTP_SECURITY", "ssl")))
                .hasMessageContaining("MANGAHUB_SMTP_SECURITY");
        assertThatThrownBy(() -> Config.from(Map.of("MANGAHUB_SMTP_HOST", "h", "MANGAHUB_SMTP_PORT", "70000")))
                .hasMessageContaining("MANGAHUB_SMTP_PORT");
        assertThatThrownBy(() -> Config.from(Map.of("MANGAHUB_SMTP_HOST", "h", "MANGAHUB_SMTP_FROM", "nobody")))
                .hasMessageContaining("MANGAHUB_SMTP_FROM");
    }
}
