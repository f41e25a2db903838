package io.github.geminibalance.gateway.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A scrape in Prometheus' text format, parsed as Prometheus reads it: each sample line is a
 * metric name, its labels and a value; {@code #} lines are help and type.
 */
final class PrometheusText {

    /** One sample: its name and labels. */
    record Series(String name, Map<String, String> labels) {}

    private final Map<Series, Double> samples;

    private PrometheusText(Map<Series, Double> samples) {
        this.samples = samples;
    }

    static PrometheusText parse(String text) {
        Map<Series, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            Map<String, String> labels = new TreeMap<>();
            String name;
            if (end < 0 || end > space) {
                name = line.substring(0, line.indexOf(' '));
            } else {
                name = line.substring(0, end);
                parseLabels(line, end + 1, labels);
            }
            Series series = new Series(name, labels);
            if (samples.put(series, Double.parseDouble(line.substring(space + 1))) != null) {
                throw new IllegalArgumentException("the same series twice: " + line);
            }
        }
        return new PrometheusText(samples);
    }

    /** Reads {@code key="value",...}} from {@code at}, with the format's escapes (\\, \", \n). */
    private static void parseLabels(String line, int at, Map<String, String> labels) {
        int i = at;
        while (line.charAt(i) != '}') {
            int equals = line.indexOf('=', i);
            String key = line.substring(i, equals);
            StringBuilder value = new StringBuilder();
            int j = equals + 2; // past ="
            for (char c = line.charAt(j); c != '"'; c = line.charAt(++j)) {
                if (c == '\\') {
                    char escaped = line.charAt(++j);
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    value.append(c);
                }
            }
            labels.put(key, value.toString());
            i = line.charAt(j + 1) == ',' ? j + 2 : j + 1;
        }
    }

    /** The value of the series with exactly these labels ({@code key, value, key, value, ...}). */
    Optional<Double> value(String name, String... labels) {
        return Optional.ofNullable(samples.get(new Series(name, labelMap(labels))));
    }

    double valueOf(String name, String... labels) {
        return value(name, labels).orElseThrow(
                () -> new AssertionError("no series " + name + labelMap(labels) + " in the scrape"));
    }

    /** The sum over every series of {@code name} whose labels include these. */
    double sum(String name, String... labels) {
        Map<String, String> wanted = labelMap(labels);
        return samples.entrySet().stream()
                .filter(sample -> sample.getKey().name().equals(name)
                        && sample.getKey().labels().entrySet().containsAll(wanted.entrySet()))
                .mapToDouble(Map.Entry::getValue)
                .sum();
    }

    private static Map<String, String> labelMap(String... labels) {
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            map.put(labels[i], labels[i + 1]);
        }
        return map;
    }
}
