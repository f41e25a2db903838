package io.github.geminibalance.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a tar stream as Jib and Docker write them: ustar headers, pax extended headers for long paths
 * (GNU long names from older tools), and base-256 numbers where octal does not fit.
 */
final class Tar {

    /**
     * One member of the archive.
     *
     * @param path its path, without a leading {@code ./} or {@code /} and without a trailing {@code /}
     * @param type the ustar type flag: {@code '0'} a file, {@code '5'} a directory, {@code '2'} a symlink...
     * @param mode the permission bits, such as {@code 0755}
     */
    record Entry(String path, char type, int mode, long uid, long gid, byte[] content) {

        boolean isDirectory() {
            return type == '5';
        }

        boolean isFile() {
            return type == '0' || type == '\0';
        }
    }

    private static final int BLOCK = 512;

    private Tar() {
    }

    /** Every member of the archive, in order, with its content. */
    static List<Entry> read(InputStream in) throws IOException {
        List<Entry> entries = new ArrayList<>();
        Map<String, String> extended = Map.of();
        byte[] header = new byte[BLOCK];
        // The archive ends with zero blocks; some writers also stop short of them.
        while (in.readNBytes(header, 0, BLOCK) == BLOCK && !isZero(header)) {
            char type = (char) header[156];
            long size = number(header, 124, 12);
            byte[] content = in.readNBytes(Math.toIntExact(size));
            in.skipNBytes((BLOCK - size % BLOCK) % BLOCK);
            switch (type) {
                // The next member's pax records, or its GNU long name.
                case 'x' -> extended = paxRecords(content);
                case 'L' -> extended = Map.of("path", text(content, 0, content.length));
                // Global pax records: defaults for the whole archive, none of which matters here.
                case 'g' -> { }
                default -> {
                    entries.add(new Entry(
                            normalize(extended.getOrDefault("path", ustarPath(header))),
                            type,
                            // The permission bits: some writers add the file type's bits above them.
                            (int) number(header, 100, 8) & 07777,
                            number(header, 108, 8),
                            number(header, 116, 8),
                            content));
                    extended = Map.of();
                }
            }
        }
        return entries;
    }

    private static String ustarPath(byte[] header) {
        String name = text(header, 0, 100);
        boolean ustar = text(header, 257, 5).equals("ustar");
        String prefix = ustar ? text(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String normalize(String path) {
        String normalized = path.startsWith("./") ? path.substring(2) : path;
        normalized = normalized.startsWith("/") ? normalized.substring(1) : normalized;
        return normalized.endsWith("/") ? normalized.substring(0, normalized.length() - 1) : normalized;
    }

    /** Records of the form {@code "<length> <key>=<value>\n"}, where the length counts the whole record. */
    private static Map<String, String> paxRecords(byte[] content) {
        Map<String, String> records = new HashMap<>();
        int at = 0;
        while (at < content.length) {
            int space = at;
            while (content[space] != ' ') {
                space++;
            }
            int length = Integer.parseInt(new String(content, at, space - at, StandardCharsets.US_ASCII));
            String record = new String(content, space + 1, at + length - space - 2, StandardCharsets.UTF_8);
            int equals = record.indexOf('=');
            records.put(record.substring(0, equals), record.substring(equals + 1));
            at += length;
        }
        return records;
    }

    /** An octal field, NUL or space terminated; or, with the high bit of its first byte set, base-256. */
    private static long number(byte[] header, int offset, int length) {
        if ((header[offset] & 0x80) != 0) {
            long value = header[offset] & 0x7f;
            for (int i = offset + 1; i < offset + length; i++) {
                value = (value << 8) | (header[i] & 0xff);
            }
            return value;
        }
        String digits = text(header, offset, length).trim();
        return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
    }

    private static String text(byte[] bytes, int offset, int length) {
        int end = offset;
        while (end < offset + length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
