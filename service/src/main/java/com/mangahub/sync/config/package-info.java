/**
 * Configuration: every setting comes from an environment variable, is parsed once into the immutable
 * {@link com.mangahub.sync.config.Config}, and fails fast with the key and the bad value named. The
 * {@link com.mangahub.sync.config.Role}s a process serves come from here too ({@code serve --role} overrides them),
 * and so does the logging set-up ({@link com.mangahub.sync.config.LogSetup}, found by logback as a service).
 */
package com.mangahub.sync.config;
