/**
 * Configuration: every setting comes from an environment variable, is parsed once into the immutable
 * {@link com.mangahub.sync.config.Config}, and fails fast with the key and the bad value named.
 */
package com.mangahub.sync.config;
