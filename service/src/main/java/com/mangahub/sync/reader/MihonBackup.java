package com.mangahub.sync.reader;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import com.mangahub.sync.manga.Uuids;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A Mihon / Tachiyomi backup ({@code .tachibk}): gzip'd protobuf of Mihon's published schema
 * (app/src/main/java/eu/kanade/tachiyomi/data/backup/models: {@code Backup}, {@code BackupManga},
 * {@code BackupChapter}, {@code BackupSource}), read field by field with protobuf-java's wire reader, so only the
 * fields we use need to be known and every other field (present or future) is skipped. Its MangaDex entries are
 * those whose source is named "MangaDex" in the backup's source list (the MangaDex extension has one source id per
 * language), or, in a backup without that list, whose URL is the extension's {@code /manga/{uuid}}.
 */
final class MihonBackup {
    /** A backup inflates to at most this: a gzip bomb is refused, not inflated. */
    static final int MAX_INFLATED = 64 * 1024 * 1024;
    private static final Pattern MANGADEX_URL = Pattern.compile("(?:https?://(?:www\\.)?mangadex\\.org)?/(?:manga|title)/"
            + "([0-9a-fA-F-]{36})/?.*");
    // Backup
    private static final int BACKUP_MANGA = 1;
    private static final int BACKUP_SOURCES = 101;
    // BackupManga
    private static final int MANGA_SOURCE = 1;
    private static final int MANGA_URL = 2;
    private static final int MANGA_TITLE = 3;
    private static final int MANGA_CHAPTERS = 16;
    private static final int MANGA_FAVORITE = 100;
    // BackupChapter
    private static final int CHAPTER_READ = 4;
    private static final int CHAPTER_NUMBER = 9;
    // BackupSource
    private static final int SOURCE_NAME = 1;
    private static final int SOURCE_ID = 2;

    /** Why a file is not a backup we can read; the message says what is wrong with it. */
    static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message);
        }
    }

    /** One library entry: MangaDex's id when it is a MangaDex entry, and the highest chapter number marked read. */
    record Entry(long source, String url, String title, boolean favorite, Optional<UUID> mangaDexId,
                 Optional<BigDecimal> readUpTo) {}

    private MihonBackup() {}

    static List<Entry> read(byte[] file) {
        return parse(inflate(file));
    }

    /**
     * A backup as a sync client uploads it: gzip'd like a file, or the bare protobuf (SyncYomi clients send the
     * protobuf, gzip being the transfer's {@code Content-Encoding}).
     */
    static List<Entry> readUpload(byte[] body) {
        boolean gzip = body.length >= 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b;
        if (body.length == 0) throw new Unreadable("the backup is empty");
        return parse(gzip ? inflate(body) : body);
    }

    private static List<Entry> parse(byte[] proto) {
        List<RawManga> manga = new ArrayList<>();
        Map<Long, String> sources = new HashMap<>();
        try {
            CodedInputStream in = CodedInputStream.newInstance(proto);
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                switch (WireFormat.getTagFieldNumber(tag)) {
                    case BACKUP_MANGA -> manga.add(manga(expectMessage(in, tag)));
                    case BACKUP_SOURCES -> source(expectMessage(in, tag), sources);
                    default -> in.skipField(tag);
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw new Unreadable("not a Mihon backup, or a truncated one: the protobuf inside the gzip is malformed ("
                    + e.getMessage() + ")");
        } catch (IOException e) {
            throw new Unreadable("not a Mihon backup: " + e.getMessage());
        }
        return manga.stream().map(m -> m.entry(sources)).toList();
    }

    private static byte[] inflate(byte[] file) {
        if (file.length < 2 || (file[0] & 0xff) != 0x1f || (file[1] & 0xff) != 0x8b) {
            throw new Unreadable("not a gzip file: a Mihon backup (.tachibk) is gzip'd protobuf");
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(file))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                if (out.size() > MAX_INFLATED) throw new Unreadable("the backup inflates to more than " + MAX_INFLATED + " bytes");
            }
            return out.toByteArray();
        } catch (EOFException e) {
            throw new Unreadable("the backup is truncated: the gzip stream ends early");
        } catch (ZipException e) {
            throw new Unreadable("the backup's gzip stream is corrupt: " + e.getMessage());
        } catch (IOException e) {
            throw new Unreadable("the backup cannot be read: " + e.getMessage());
        }
    }

    /** A field we read as a nested message must be one on the wire, or this is not Mihon's schema. */
    private static CodedInputStream expectMessage(CodedInputStream in, int tag) throws IOException {
        if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            throw new Unreadable("not a Mihon backup: field " + WireFormat.getTagFieldNumber(tag) + " is not a message");
        }
        return in.readBytes().newCodedInput();
    }

    private record RawManga(long source, String url, String title, boolean favorite, Optional<BigDecimal> readUpTo) {
        Entry entry(Map<Long, String> sources) {
            String sourceName = sources.get(source);
            boolean mangaDex = sources.isEmpty() || sourceName == null
                    ? MANGADEX_URL.matcher(url).matches() : sourceName.equalsIgnoreCase("MangaDex");
            Optional<UUID> id = Optional.empty();
            Matcher m = MANGADEX_URL.matcher(url);
            if (mangaDex && m.matches()) id = Uuids.parse(m.group(1).toLowerCase());
            return new Entry(source, url, title, favorite, id, readUpTo);
        }
    }

    private static RawManga manga(CodedInputStream in) throws IOException {
        long source = 0;
        String url = "";
        String title = "";
        boolean favorite = true;
        BigDecimal readUpTo = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case MANGA_SOURCE -> source = in.readInt64();
                case MANGA_URL -> url = in.readString();
                case MANGA_TITLE -> title = in.readString();
                case MANGA_FAVORITE -> favorite = in.readBool();
                case MANGA_CHAPTERS -> readUpTo = max(readUpTo, readChapter(expectMessage(in, tag)));
                default -> in.skipField(tag);
            }
        }
        return new RawManga(source, url, title, favorite, Optional.ofNullable(readUpTo));
    }

    /** The chapter's number when it is marked read and numbered (Mihon writes -1 for "unknown"). */
    private static BigDecimal readChapter(CodedInputStream in) throws IOException {
        boolean read = false;
        float number = -1;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case CHAPTER_READ -> read = in.readBool();
                case CHAPTER_NUMBER -> number = in.readFloat();
                default -> in.skipField(tag);
            }
        }
        if (!read || number < 0 || Float.isNaN(number) || Float.isInfinite(number) || number >= 1_000_000) return null;
        // the float's shortest decimal form: 10.1f is "10.1", not 10.100000381...
        return new BigDecimal(Float.toString(number)).stripTrailingZeros();
    }

    private static void source(CodedInputStream in, Map<Long, String> sources) throws IOException {
        String name = "";
        long id = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case SOURCE_NAME -> name = in.readString();
                case SOURCE_ID -> id = in.readInt64();
                default -> in.skipField(tag);
            }
        }
        sources.put(id, name);
    }

    private static BigDecimal max(BigDecimal a, BigDecimal b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.max(b);
    }
}
