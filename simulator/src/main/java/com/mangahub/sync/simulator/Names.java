package com.mangahub.sync.simulator;

import java.util.List;
import java.util.Random;

/**
 * Word pools for titles and names that look like MangaDex's: English titles, romanized Japanese, Korean and
 * Chinese titles (many series have no English title at all), native-script alternative titles, author and group
 * names. Deterministic: everything is drawn from the caller's seeded {@link Random}.
 */
final class Names {
    private static final List<String> EN_ADJ = List.of("Lonely", "Last", "Silent", "Crimson", "Hidden", "Eternal",
            "Broken", "Gentle", "Wandering", "Forgotten", "Little", "Shining", "Cursed", "Second", "Infinite");
    private static final List<String> EN_NOUN = List.of("Knight", "Witch", "Dragon", "Princess", "Sword", "Garden",
            "Academy", "Villainess", "Hero", "Summer", "Star", "Ghost", "Detective", "Chef", "Demon King", "Sky");
    private static final List<String> EN_TAIL = List.of("", "", " of the North", " Chronicles", " in Another World",
            " Next Door", "'s Diary", " Reborn", " and Me", " After School");
    private static final List<String> JA_HEAD = List.of("Boku no", "Kimi to", "Ore no", "Watashi no", "Isekai",
            "Tensei shitara", "Sono", "Kanojo no", "Ano Hi no", "Himitsu no");
    private static final List<String> JA_NOUN = List.of("Kaijuu", "Senpai", "Ohime-sama", "Yuusha", "Majo",
            "Kareshi", "Tonari no Seki", "Hanayome", "Kenja", "Akuyaku Reijou", "Otouto", "Shinigami", "Tenshi");
    private static final List<String> JA_TAIL = List.of(" wa Nemurenai", " ga Suki", " Monogatari", " Nikki",
            "", " ni Naritai", " no Hon", " Desu", " to Issho");
    private static final List<String> KO = List.of("Na Honjaman Level Up", "Jeonjijeok Dokja Sijeom",
            "Gwisaeng", "Hwansaeng Yongsa", "Nae Nampyeon", "Sinui Tap", "Eoneu Nal", "Gaksi");
    private static final List<String> ZH = List.of("Wu Dong Qian Kun", "Xian Ni", "Dou Po Cang Qiong",
            "Wan Jie Shen Zhu", "Yao Shen Ji", "Xue Ying Ling Zhu", "Tian Guan Ci Fu");
    private static final List<String> JA_SCRIPT = List.of("君の名は", "僕の勇者", "魔女の旅", "花嫁", "異世界食堂",
            "先輩が", "天使の日記", "夜の学園");
    private static final List<String> KO_SCRIPT = List.of("나 혼자만 레벨업", "귀환자", "검술명가", "신의 탑", "공주님");
    private static final List<String> ZH_SCRIPT = List.of("武动乾坤", "仙逆", "斗破苍穹", "万界神主", "天官赐福");
    private static final List<String> FAMILY = List.of("Tanaka", "Suzuki", "Kawabe", "Oda", "Sato", "Kim", "Park",
            "Lee", "Wang", "Chen", "Yamada", "Mori", "Fujimoto", "Ito", "Choi", "Nakamura");
    private static final List<String> GIVEN = List.of("Hiroshi", "Yuki", "Masamichi", "Aya", "Jiwoo", "Minho",
            "Wei", "Tatsuki", "Haruka", "Ren", "Sora", "Eiichiro", "Seojin", "Mei");
    private static final List<String> GROUP_WORD = List.of("Doki", "Lunar", "Hikari", "Night", "Paper", "Kirei",
            "Asura", "Flame", "Reaper", "Tempest", "Velvet", "Galaxy", "Sakura", "Orion", "Nova");
    private static final List<String> GROUP_TAIL = List.of(" Scans", " Fansubs", " Translations", " Scanlations",
            " Team", " TL");

    private Names() {}

    static String english(Random r) {
        return "The " + pick(r, EN_ADJ) + " " + pick(r, EN_NOUN) + pick(r, EN_TAIL);
    }

    static String romanizedJapanese(Random r) {
        return pick(r, JA_HEAD) + " " + pick(r, JA_NOUN) + pick(r, JA_TAIL);
    }

    static String romanizedKorean(Random r) {
        return pick(r, KO) + (r.nextBoolean() ? "" : " " + (2 + r.nextInt(3)));
    }

    static String romanizedChinese(Random r) {
        return pick(r, ZH) + (r.nextBoolean() ? "" : " Zhi " + pick(r, ZH).split(" ")[0]);
    }

    static String nativeScript(Random r, String originalLanguage) {
        return switch (originalLanguage) {
            case "ko" -> pick(r, KO_SCRIPT);
            case "zh", "zh-hk" -> pick(r, ZH_SCRIPT);
            default -> pick(r, JA_SCRIPT);
        };
    }

    static String person(Random r) {
        return pick(r, FAMILY) + " " + pick(r, GIVEN);
    }

    static String group(Random r) {
        return pick(r, GROUP_WORD) + pick(r, GROUP_TAIL);
    }

    static <T> T pick(Random r, List<T> items) {
        return items.get(r.nextInt(items.size()));
    }
}
