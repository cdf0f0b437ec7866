package com.mangahub.sync.notify.channel;

import java.net.URI;
import java.util.Map;

/** One HTTP POST to a receiver: where, which headers, which JSON body. */
public record ChannelRequest(URI uri, Map<String, String> headers, String body) {}
