package com.mangahub.sync.support;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a real Mihon backup (.tachibk): Mihon's published schema (app/src/main/java/eu/kanade/tachiyomi/data/
 * backup/models/Backup.kt, BackupManga.kt, BackupChapter.kt, BackupSource.kt at mihonapp/mihon), declared here as
 * protobuf descriptors with Mihon's field numbers and types and encoded by protobuf-java itself, then gzip'd as Mihon
 * does. Fields we do not read are written too (author, genre, dateAdded, scanlator, dateUpload, categories), so
 * the reader is shown to skip what it does not know.
 */
public final class MihonBackupFile {
    /** The English MangaDex extension's source id (each of its languages has its own). */
    public static final long MANGADEX_EN = 2499283573021220255L;

    private static final Descriptor BACKUP;
    private static final Descriptor MANGA;
    private static final Descriptor CHAPTER;
    private static final Descriptor SOURCE;

    static {
        FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("tachibk.proto").setSyntax("proto2")
                .addMessageType(DescriptorProto.newBuilder().setName("BackupChapter")
                        .addField(field("url", 1, Type.TYPE_STRING, Label.LABEL_REQUIRED, null))
                        .addField(field("name", 2, Type.TYPE_STRING, Label.LABEL_REQUIRED, null))
                        .addField(field("scanlator", 3, Type.TYPE_STRING, Label.LABEL_OPTIONAL, null))
                        .addField(field("read", 4, Type.TYPE_BOOL, Label.LABEL_OPTIONAL, null))
                        .addField(field("bookmark", 5, Type.TYPE_BOOL, Label.LABEL_OPTIONAL, null))
                        .addField(field("lastPageRead", 6, Type.TYPE_INT64, Label.LABEL_OPTIONAL, null))
                        .addField(field("dateUpload", 8, Type.TYPE_INT64, Label.LABEL_OPTIONAL, null))
                        .addField(field("chapterNumber", 9, Type.TYPE_FLOAT, Label.LABEL_OPTIONAL, null)))
                .addMessageType(DescriptorProto.newBuilder().setName("BackupManga")
                        .addField(field("source", 1, Type.TYPE_INT64, Label.LABEL_REQUIRED, null))
                        .addField(field("url", 2, Type.TYPE_STRING, Label.LABEL_REQUIRED, null))
                        .addField(field("title", 3, Type.TYPE_STRING, Label.LABEL_OPTIONAL, null))
                        .addField(field("author", 5, Type.TYPE_STRING, Label.LABEL_OPTIONAL, null))
                        .addField(field("genre", 7, Type.TYPE_STRING, Label.LABEL_REPEATED, null))
                        .addField(field("dateAdded", 13, Type.TYPE_INT64, Label.LABEL_OPTIONAL, null))
                        .addField(field("chapters", 16, Type.TYPE_MESSAGE, Label.LABEL_REPEATED, ".BackupChapter"))
                        .addField(field("categories", 17, Type.TYPE_INT64, Label.LABEL_REPEATED, null))
                        .addField(field("favorite", 100, Type.TYPE_BOOL, Label.LABEL_OPTIONAL, null)))
                .addMessageType(DescriptorProto.newBuilder().setName("BackupSource")
                        .addField(field("name", 1, Type.TYPE_STRING, Label.LABEL_OPTIONAL, null))
                        .addField(field("sourceId", 2, Type.TYPE_INT64, Label.LABEL_REQUIRED, null)))
                .addMessageType(DescriptorProto.newBuilder().setName("Backup")
                        .addField(field("backupManga", 1, Type.TYPE_MESSAGE, Label.LABEL_REPEATED, ".BackupManga"))
                        .addField(field("backupSources", 101, Type.TYPE_MESSAGE, Label.LABEL_REPEATED, ".BackupSource")))
                .build();
        try {
            Descriptors.FileDescriptor fd = Descriptors.FileDescriptor.buildFrom(file, new Descriptors.FileDescriptor[0]);
            CHAPTER = fd.findMessageTypeByName("BackupChapter");
            MANGA = fd.findMessageTypeByName("BackupManga");
            SOURCE = fd.findMessageTypeByName("BackupSource");
            BACKUP = fd.findMessageTypeByName("Backup");
        } catch (Descriptors.DescriptorValidationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static FieldDescriptorProto field(String name, int number, Type type, Label label, String typeName) {
        FieldDescriptorProto.Builder b = FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
                .setLabel(label);
        if (typeName != null) b.setTypeName(typeName);
        return b.build();
    }

    /** One chapter of an entry. */
    public record Chapter(String url, float number, boolean read) {}

    /** One library entry. */
    public record Entry(long source, String url, String title, boolean favorite, List<Chapter> chapters) {}

    private final List<Entry> entries = new ArrayList<>();
    private final List<DynamicMessage> sources = new ArrayList<>();

    public MihonBackupFile source(long id, String name) {
        sources.add(DynamicMessage.newBuilder(SOURCE).setField(SOURCE.findFieldByName("name"), name)
                .setField(SOURCE.findFieldByName("sourceId"), id).build());
        return this;
    }

    public MihonBackupFile add(Entry entry) {
        entries.add(entry);
        return this;
    }

    /** The bare protobuf, as a SyncYomi client uploads it (gzip being the transfer's encoding). */
    public byte[] protobuf() {
        DynamicMessage.Builder backup = DynamicMessage.newBuilder(BACKUP);
        for (Entry e : entries) backup.addRepeatedField(BACKUP.findFieldByName("backupManga"), manga(e));
        for (DynamicMessage s : sources) backup.addRepeatedField(BACKUP.findFieldByName("backupSources"), s);
        return backup.build().toByteArray();
    }

    /** The gzip'd protobuf, as Mihon writes a .tachibk. */
    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(protobuf());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static DynamicMessage manga(Entry e) {
        DynamicMessage.Builder m = DynamicMessage.newBuilder(MANGA)
                .setField(MANGA.findFieldByName("source"), e.source())
                .setField(MANGA.findFieldByName("url"), e.url())
                .setField(MANGA.findFieldByName("title"), e.title())
                .setField(MANGA.findFieldByName("author"), "Some Author")
                .addRepeatedField(MANGA.findFieldByName("genre"), "Action")
                .setField(MANGA.findFieldByName("dateAdded"), 1_700_000_000_000L)
                .addRepeatedField(MANGA.findFieldByName("categories"), 1L)
                .setField(MANGA.findFieldByName("favorite"), e.favorite());
        for (Chapter c : e.chapters()) {
            m.addRepeatedField(MANGA.findFieldByName("chapters"), DynamicMessage.newBuilder(CHAPTER)
                    .setField(CHAPTER.findFieldByName("url"), c.url())
                    .setField(CHAPTER.findFieldByName("name"), "Chapter " + c.number())
                    .setField(CHAPTER.findFieldByName("scanlator"), "Some Group")
                    .setField(CHAPTER.findFieldByName("read"), c.read())
                    .setField(CHAPTER.findFieldByName("dateUpload"), 1_700_000_000_000L)
                    .setField(CHAPTER.findFieldByName("chapterNumber"), c.number())
                    .build());
        }
        return m.build();
    }
}
