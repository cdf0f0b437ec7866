package com.mangahub.sync.config;

/** Bad configuration: names the key and the value so the operator can fix it. Maps to exit code 2. */
public final class ConfigException extends RuntimeException {
    private final String key;

    public ConfigException(String key, String message) {
        super(key + ": " + message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
