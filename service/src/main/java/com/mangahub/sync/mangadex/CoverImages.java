package com.mangahub.sync.mangadex;

import com.mangahub.sync.Version;
import com.mangahub.sync.config.Config;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Cover thumbnails from MangaDex's image host, for our cover proxy: MangaDex's usage policy forbids hotlinking
 * {@code uploads.mangadex.org} from our pages, so the service fetches each thumbnail once and serves it itself.
 * The image host is not the API and has no API rate limit, so these requests take no API budget; at most
 * {@link #MAX_CONCURRENT} run at once so a page full of covers stays polite. The answer is untrusted: its size is
 * capped while it streams, redirects are not followed, and only a body that is a JPEG, PNG or WebP is kept.
 */
public final class CoverImages implements AutoCloseable {
    static final long MAX_BYTES = 2L * 1024 * 1024;
    static final int MAX_CONCURRENT = 4;
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private final URI uploads;
    private final MangaDexHttp client;
    private final HttpClient http;
    private final Duration timeout;
    private final String userAgent = Version.current().userAgent();
    private final Semaphore inFlight = new Semaphore(MAX_CONCURRENT);

    /** With a client of its own. */
    public CoverImages(Config.MangaDex config) {
        this(config, MangaDexHttp.forOne(config.connectTimeout()));
    }

    /** With the process's client for MangaDex's hosts. */
    public CoverImages(Config.MangaDex config, MangaDexHttp client) {
        this.uploads = config.uploadsUrl();
        this.timeout = config.requestTimeout();
        this.client = client.hold();
        this.http = client.client();
    }

    /** A name MangaDex gives cover files (a uuid and an extension): nothing that could leave the covers path. */
    public static boolean isFileName(String name) {
        return name != null && FILE_NAME.matcher(name).matches() && !name.contains("..");
    }

    /** The 256 px thumbnail of a series' cover; empty when the image host has none (404, 410). */
    public Optional<byte[]> thumbnail(UUID mangaId, String fileName) {
        if (!isFileName(fileName)) throw new IllegalArgumentException("not a cover file name: " + fileName);
        URI uri = uploads.resolve("/covers/" + mangaId + "/" + fileName + ".256.jpg");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", userAgent)
                .header("Accept", "image/jpeg, image/png, image/webp").GET().build();
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MangaDexException.Unavailable("interrupted while waiting to fetch a cover", e);
        }
        try {
            return read(uri, http.sendAsync(request, CappedBody.handler(MAX_BYTES))
                    .get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CappedBody.TooLarge) {
                throw new MangaDexException.BadResponse("cover larger than " + MAX_BYTES + " bytes: " + uri, cause);
            }
            throw new MangaDexException.Unavailable("cover fetch failed: " + uri + ": " + cause, cause);
        } catch (TimeoutException e) {
            throw new MangaDexException.Unavailable("cover fetch timed out: " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MangaDexException.Unavailable("interrupted while fetching a cover", e);
        } finally {
            inFlight.release();
        }
    }

    private static Optional<byte[]> read(URI uri, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status == 404 || status == 410) return Optional.empty();
        if (status != 200) throw new MangaDexException.Unavailable("cover fetch answered " + status + ": " + uri, null);
        byte[] body = response.body();
        if (!isImage(body)) throw new MangaDexException.BadResponse("cover is not an image: " + uri, null);
        return Optional.of(body);
    }

    /** By the bytes, not the Content-Type header: JPEG (FF D8 FF), PNG (89 'PNG') or WebP (RIFF....WEBP). */
    static boolean isImage(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) return true;
        if (b.length >= 4 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') return true;
        return b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
                && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P';
    }

    @Override
    public void close() {
        client.close();
    }
}
