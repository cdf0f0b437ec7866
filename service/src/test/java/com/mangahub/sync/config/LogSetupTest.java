package com.mangahub.sync.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LogSetupTest {
    @Test
    void logbackIsSetUpByTheServiceConfiguratorNotByXml() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        var root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        var appender = root.getAppender("STDERR");
        assertThat(appender).as("found through META-INF/services").isInstanceOf(ConsoleAppender.class);
        ConsoleAppender<?> console = (ConsoleAppender<?>) appender;
        assertThat(console.getTarget()).isEqualTo("System.err");
        assertThat(((PatternLayoutEncoder) console.getEncoder()).getPattern()).isEqualTo(LogSetup.PATTERN);
        for (String library : LogSetup.QUIET_LIBRARIES) {
            assertThat(context.getLogger(library).getLevel()).as(library).isEqualTo(Level.WARN);
        }
        var statuses = context.getStatusManager().getCopyOfStatusList().stream().map(Object::toString).toList();
        assertThat(statuses).as("logback's own account of its set-up")
                .anyMatch(m -> m.contains(LogSetup.class.getName() + ".configure()")
                        && m.contains("ExecutionStatus=DO_NOT_INVOKE_NEXT_IF_ANY"))
                .noneMatch(m -> m.contains("Joran") || m.contains("logback.xml"));
    }

    @Test
    void anOperatorsOwnLogbackFileTakesOver() {
        LoggerContext fresh = new LoggerContext();
        LogSetup setup = new LogSetup();
        setup.setContext(fresh);
        String before = System.getProperty("logback.configurationFile");
        System.setProperty("logback.configurationFile", "/etc/mangahub/logback.xml");
        try {
            assertThat(setup.configure(fresh)).as("logback goes on to the file").isEqualTo(
                    ch.qos.logback.classic.spi.Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(fresh.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
        } finally {
            if (before == null) System.clearProperty("logback.configurationFile");
            else System.setProperty("logback.configurationFile", before);
        }
        assertThat(setup.configure(fresh)).isEqualTo(
                ch.qos.logback.classic.spi.Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        assertThat(fresh.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNotNull();
    }
}
