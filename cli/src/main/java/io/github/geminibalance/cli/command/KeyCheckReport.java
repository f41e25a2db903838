package io.github.geminibalance.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.geminibalance.gateway.check.KeyCheckResult;
import io.github.geminibalance.gateway.check.KeyClass;
import io.github.geminibalance.gateway.config.Secret;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@code keys check} prints: a table, JSON or CSV of the results in input order, and the
 * count per class. Keys are masked (first 6 and last 4 characters) unless shown on request.
 */
final class KeyCheckReport {

    /** Exit code when some keys are usable and some are not. */
    static final int SOME_UNUSABLE = 1;
    /** Exit code when no key is usable. */
    static final int NONE_USABLE = 3;

    private final List<KeyCheckResult> results;
    private final boolean showKeys;
    private final Map<KeyClass, Integer> counts = new EnumMap<>(KeyClass.class);

    KeyCheckReport(List<KeyCheckResult> results, boolean showKeys) {
        this.results = List.copyOf(results);
        this.showKeys = showKeys;
        for (KeyClass klass : KeyClass.values()) {
            counts.put(klass, 0);
        }
        results.forEach(result -> counts.merge(result.klass(), 1, Integer::sum));
    }

    /** 0 when every key is usable ({@link KeyClass#OK}), 3 when none is, 1 otherwise. */
    int exitCode() {
        int usable = counts.get(KeyClass.OK);
        if (usable == results.size()) {
            return 0;
        }
        return usable == 0 ? NONE_USABLE : SOME_UNUSABLE;
    }

    /** Aligned columns, then the summary line. */
    String table() {
        int keyWidth = Math.max(3, results.stream().mapToInt(result -> key(result).length()).max().orElse(0));
        int reasonWidth = Math.max(6, results.stream().mapToInt(result -> result.reason().length()).max().orElse(0));
        String row = "%-" + keyWidth + "s  %-15s  %-" + reasonWidth + "s  %7s%n";
        StringBuilder table = new StringBuilder(String.format(row, "KEY", "CLASS", "REASON", "MS"));
        for (KeyCheckResult result : results) {
            table.append(String.format(row, key(result), result.klass().label(), result.reason(), millis(result)));
        }
        return table.append(summary()).append('\n').toString();
    }

    /** {@code {"results":[{"key","class","reason","ms"}…],"summary":{"total":…,"ok":…,…}}}, pretty-printed. */
    String json() throws JsonProcessingException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        ArrayNode rows = root.putArray("results");
        for (KeyCheckResult result : results) {
            rows.addObject()
                    .put("key", key(result))
                    .put("class", result.klass().label())
                    .put("reason", result.reason())
                    .put("ms", millis(result));
        }
        ObjectNode summary = root.putObject("summary").put("total", results.size());
        counts.forEach((klass, count) -> summary.put(klass.label(), count));
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + '\n';
    }

    /** A header row and one row per key; RFC 4180 quoting where a field needs it. */
    String csv() {
        StringBuilder csv = new StringBuilder("key,class,reason,ms\r\n");
        for (KeyCheckResult result : results) {
            csv.append(field(key(result))).append(',')
                    .append(result.klass().label()).append(',')
                    .append(field(result.reason())).append(',')
                    .append(millis(result)).append("\r\n");
        }
        return csv.toString();
    }

    /** {@code 5 keys: 1 ok, 1 invalid, …}, every class with at least one key. */
    String summary() {
        return results.size() + (results.size() == 1 ? " key: " : " keys: ") + counts.entrySet().stream()
                .filter(entry -> entry.getValue() > 0)
                .map(entry -> entry.getValue() + " " + entry.getKey().label())
                .collect(Collectors.joining(", "));
    }

    private String key(KeyCheckResult result) {
        return showKeys ? result.key().value() : Secret.mask(result.key().value());
    }

    private static long millis(KeyCheckResult result) {
        return result.took().toMillis();
    }

    private static String field(String value) {
        boolean quote = value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r");
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
