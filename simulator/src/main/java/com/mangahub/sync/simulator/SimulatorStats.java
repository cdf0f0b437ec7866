package com.mangahub.sync.simulator;

import java.util.Map;

/**
 * What the simulator has seen since start or the last reset. Admin ({@code /_sim/}) requests are not counted.
 *
 * @param requestsByEndpointAndStatus e.g. {@code "GET /chapter 200"}, {@code "GET /manga/{id}/feed 429"};
 *                                    connections cut without an answer count as status {@code reset}
 * @param tooManyRequests             429 answers
 * @param bans                        HTML 403 ban answers
 * @param maxRequestsInAnySecond      the most requests any one client sent within any sliding 1-second window,
 *                                    by their real arrival time at the server (not the world clock)
 */
public record SimulatorStats(long totalRequests, Map<String, Long> requestsByEndpointAndStatus, long tooManyRequests,
                             long bans, int maxRequestsInAnySecond, Map<String, Integer> maxRequestsInAnySecondByClient) {

    public SimulatorStats {
        requestsByEndpointAndStatus = Map.copyOf(requestsByEndpointAndStatus);
        maxRequestsInAnySecondByClient = Map.copyOf(maxRequestsInAnySecondByClient);
    }

    /** The count for one key such as {@code "GET /chapter 200"}; 0 when never seen. */
    public long count(String endpointAndStatus) {
        return requestsByEndpointAndStatus.getOrDefault(endpointAndStatus, 0L);
    }
}
