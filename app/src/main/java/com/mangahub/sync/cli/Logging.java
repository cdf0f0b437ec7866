package com.mangahub.sync.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Applies MANGAHUB_LOG_LEVEL to our own loggers (libraries stay at the levels config.LogSetup sets). */
final class Logging {
    private Logging() {}

    static void apply(String level) {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level, Level.INFO));
        ((Logger) LoggerFactory.getLogger("com.mangahub")).setLevel(Level.toLevel(level, Level.INFO));
    }
}
