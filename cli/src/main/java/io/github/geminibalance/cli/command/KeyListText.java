package io.github.geminibalance.cli.command;

import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The keys of a key file: one per line, or any pasted text (a JSON array, a {@code .env} line, a
 * chat message) from which Google API keys are picked out. Either way duplicates are dropped and
 * the first occurrence keeps its place.
 */
final class KeyListText {

    /** A Google API key, not part of a longer token. */
    static final Pattern GOOGLE_KEY =
            Pattern.compile("(?<![0-9A-Za-z_\\-])AIza[0-9A-Za-z_\\-]{35}(?![0-9A-Za-z_\\-])");

    /** A line that is one key and nothing else; relays may issue keys of other shapes. */
    private static final Pattern BARE_KEY = Pattern.compile("[0-9A-Za-z_\\-.]+");

    private KeyListText() {}

    /** The keys in {@code text}, in order, each once; blank lines and {@code #} comments are skipped. */
    static List<String> keys(String text) {
        List<String> lines = text.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
        boolean onePerLine = lines.stream().allMatch(line -> BARE_KEY.matcher(line).matches());
        Stream<String> keys = onePerLine ? lines.stream() : GOOGLE_KEY.matcher(text).results().map(MatchResult::group);
        return keys.distinct().toList();
    }
}
