package com.mangahub.sync.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.List;
import org.slf4j.Logger;

/**
 * The logging set-up, in code: logback finds it through {@code META-INF/services} before it looks for a
 * {@code logback.xml}. Written out rather than read from XML because the XML configurator loads about 440 classes
 * (Joran, its model, a SAX parser) that stay in memory for the life of the process, a few MB of a footprint that is
 * measured ({@code MemoryBenchmark}). An operator's own file still wins: with {@code -Dlogback.configurationFile}
 * set this steps aside and logback reads that file as usual.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
    /** Logs go to stderr so stdout stays clean for command output (listen, db status, progress). */
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{24} - %msg%n";
    /** Libraries that are chatty at INFO; MANGAHUB_LOG_LEVEL applies to our own loggers and the root. */
    static final List<String> QUIET_LIBRARIES = List.of("org.eclipse.jetty", "io.javalin", "com.zaxxer.hikari",
            "org.flywaydb", "io.zonky", "org.eclipse.californium");

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        for (String library : QUIET_LIBRARIES) context.getLogger(library).setLevel(Level.WARN);
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
