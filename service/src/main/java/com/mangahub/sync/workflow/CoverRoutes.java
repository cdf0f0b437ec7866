package com.mangahub.sync.workflow;

import com.mangahub.sync.mangadex.CoverImages;
import com.mangahub.sync.mangadex.MangaDexException;
import com.mangahub.sync.store.CatalogueQueries;
import com.mangahub.sync.web.ApiError;
import com.mangahub.sync.web.RequestParams;
import com.mangahub.sync.web.Routes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code GET /covers/{manga_id}/{file}.256.jpg}: the cover proxy the web app shows thumbnails through, because
 * MangaDex's usage policy forbids hotlinking its image host from our pages. Only the stored cover of a catalogued
 * series is served (this is no open proxy); each thumbnail is fetched once and kept on disk under the data
 * directory, where a restart finds it again. MangaDex gives a new cover a new file name, so a cached file never goes
 * stale and browsers may keep it for a week.
 */
public final class CoverRoutes implements Routes {
    static final String THUMBNAIL_SUFFIX = ".256.jpg";

    private final CatalogueQueries catalogue;
    private final CoverImages images;
    private final Path cacheDir;

    public CoverRoutes(CatalogueQueries catalogue, CoverImages images, Path cacheDir) {
        this.catalogue = catalogue;
        this.images = images;
        this.cacheDir = cacheDir;
    }

    @Override
    public void register(Javalin app) {
        app.get("/covers/{manga_id}/{file}", this::thumbnail);
    }

    private void thumbnail(Context ctx) {
        UUID mangaId = RequestParams.pathUuid(ctx, "manga_id", "a MangaDex manga id (uuid)");
        String requested = RequestParams.pathText(ctx, "file", 220);
        if (!requested.endsWith(THUMBNAIL_SUFFIX)) {
            throw ApiError.badRequest("file", "only the 256 px thumbnail is served: {file}" + THUMBNAIL_SUFFIX);
        }
        String file = requested.substring(0, requested.length() - THUMBNAIL_SUFFIX.length());
        Optional<String> stored = catalogue.coverFile(mangaId);
        if (stored.isEmpty() || !stored.get().equals(file) || !CoverImages.isFileName(file)) {
            throw ApiError.notFound("no cover " + requested + " for series " + mangaId);
        }
        byte[] image = cached(mangaId, file).orElseGet(() -> fetchAndKeep(mangaId, file));
        ctx.contentType(contentType(image))
                .header("Cache-Control", "public, max-age=604800, immutable")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'")
                .result(image);
    }

    private Optional<byte[]> cached(UUID mangaId, String file) {
        Path path = cachePath(mangaId, file);
        try {
            return Files.isRegularFile(path) ? Optional.of(Files.readAllBytes(path)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // an unreadable cache entry is fetched again, and rewritten
        }
    }

    private byte[] fetchAndKeep(UUID mangaId, String file) {
        byte[] image;
        try {
            image = images.thumbnail(mangaId, file)
                    .orElseThrow(() -> ApiError.notFound("MangaDex has no thumbnail of cover " + file));
        } catch (MangaDexException e) {
            throw new ApiError(502, "mangadex_unavailable", "the cover could not be fetched from MangaDex", null);
        }
        Path path = cachePath(mangaId, file);
        try {
            Files.createDirectories(path.getParent());
            // written beside its final name and moved, so a concurrent reader never sees half a file
            Path partial = Files.createTempFile(path.getParent(), file, ".part");
            Files.write(partial, image);
            Files.move(partial, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep a cover in " + cacheDir, e);
        }
        return image;
    }

    /** Both parts are checked names (a uuid, a cover file name), so the path stays under the cache directory. */
    private Path cachePath(UUID mangaId, String file) {
        return cacheDir.resolve(mangaId.toString()).resolve(file + THUMBNAIL_SUFFIX);
    }

    private static String contentType(byte[] image) {
        if ((image[0] & 0xff) == 0x89) return "image/png";
        if (image[0] == 'R') return "image/webp";
        return "image/jpeg";
    }
}
