/**
 * Configuration: every setting comes from an environment variable, is parsed once into the immutable
 * {@link com.mangahub.sync.config.Config}, and fails fast with the key and the bad value named. The
 * {@link com.mangahub.sync.config.Role}s a process serves come from here too ({@code serve --role} overrides them).
 */
package com.mangahub.sync.config;
