package com.mangahub.sync.simulator;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import javax.imageio.ImageIO;

/**
 * MangaDex's image host ({@code uploads.mangadex.org}) for the offline world: {@code GET /covers/{mangaId}/{file}}
 * and its thumbnails {@code {file}.256.jpg} / {@code .512.jpg} answer a small JPEG, coloured by the file name, for the
 * series' real cover file only (anything else is a 404, as on MangaDex). The image host has no API rate limit, so
 * these requests bypass the API's pipeline and statistics.
 */
final class CoverImages {
    private final World world;

    CoverImages(World world) {
        this.world = world;
    }

    void register(Javalin app) {
        app.get("/covers/{mangaId}/{file}", this::cover);
    }

    private void cover(Context ctx) {
        UUID mangaId;
        try {
            mangaId = UUID.fromString(ctx.pathParam("mangaId"));
        } catch (IllegalArgumentException e) {
            ctx.status(404).result("not found");
            return;
        }
        String file = ctx.pathParam("file");
        int width = file.endsWith(".256.jpg") ? 256 : file.endsWith(".512.jpg") ? 512 : 1024;
        String original = width == 1024 ? file : file.substring(0, file.length() - ".256.jpg".length());
        if (!world.coverFileName(mangaId).map(original::equals).orElse(false)) {
            ctx.status(404).result("not found");
            return;
        }
        ctx.contentType("image/jpeg").header("Cache-Control", "public, max-age=604800").result(jpeg(original, width));
    }

    private static byte[] jpeg(String seed, int width) {
        int height = width * 3 / 2;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        float hue = (seed.hashCode() & 0xffff) / 65535f;
        g.setColor(Color.getHSBColor(hue, 0.55f, 0.85f));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.getHSBColor(hue, 0.7f, 0.45f));
        g.fillRect(width / 8, height / 8, width * 3 / 4, height / 5);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
