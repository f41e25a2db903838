package io.github.geminibalance.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads typed settings from the raw strings, collecting a problem for every value it cannot use
 * instead of stopping at the first. A method that finds a value invalid returns its fallback, so
 * that reading goes on; the caller discards the result when there are errors.
 *
 * <p>A blank value counts as unset: {@code PORT=} means the default port.
 */
final class SettingReader {

    /** Lenient on what people write by hand ('single quotes', trailing commas), strict on garbage after the array. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final String LIST = "a JSON array of strings or a comma-separated list";

    private final Map<String, String> settings;
    private final Set<String> consulted = new HashSet<>();
    private final List<ConfigProblem> errors = new ArrayList<>();
    private final List<ConfigProblem> warnings = new ArrayList<>();

    SettingReader(Map<String, String> settings) {
        this.settings = settings;
    }

    /** The trimmed value, empty when the setting is unset or blank. */
    Optional<String> value(String name) {
        consulted.add(name);
        return Optional.ofNullable(settings.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    String string(String name, String fallback) {
        return value(name).orElse(fallback);
    }

    Optional<Secret> secret(String name) {
        return value(name).map(Secret::new);
    }

    List<String> list(String name, List<String> fallback) {
        return value(name).map(raw -> elements(name, raw, false)).orElse(fallback);
    }

    List<Secret> secretList(String name) {
        return value(name).map(raw -> elements(name, raw, true)).orElse(List.of()).stream()
                .map(Secret::new)
                .toList();
    }

    /** An integer in {@code [min, max]}; {@code max} is {@link Integer#MAX_VALUE} when there is no upper bound. */
    int integer(String name, int fallback, int min, int max) {
        String expected = max == Integer.MAX_VALUE
                ? "an integer of at least " + min
                : "an integer between " + min + " and " + max;
        return parsed(name, fallback, expected, raw -> {
            try {
                int number = Integer.parseInt(raw);
                return number >= min && number <= max ? Optional.of(number) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    boolean bool(String name, boolean fallback) {
        return parsed(name, fallback, "true or false (also 1/0, yes/no, on/off)", raw ->
                switch (raw.toLowerCase(Locale.ROOT)) {
                    case "true", "1", "yes", "on" -> Optional.of(true);
                    case "false", "0", "no", "off" -> Optional.of(false);
                    default -> Optional.empty();
                });
    }

    /** A non-negative, possibly fractional number of seconds such as {@code 0.016}. */
    Duration seconds(String name, Duration fallback) {
        return parsed(name, fallback, "a number of seconds of at least 0, such as 0.016", raw -> {
            try {
                // BigDecimal, unlike Double.parseDouble, rejects NaN, Infinity, hex and "1d".
                BigDecimal seconds = new BigDecimal(raw);
                if (seconds.signum() < 0) {
                    return Optional.empty();
                }
                long nanos = seconds.movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact();
                return Optional.of(Duration.ofNanos(nanos));
            } catch (NumberFormatException | ArithmeticException e) {
                return Optional.empty();
            }
        });
    }

    URI httpUrl(String name, String fallback) {
        return optionalHttpUrl(name).orElseGet(() -> URI.create(fallback));
    }

    Optional<URI> optionalHttpUrl(String name) {
        return value(name).flatMap(raw -> {
            Optional<URI> url = parseHttpUrl(raw);
            if (url.isEmpty()) {
                error(name, raw, "an absolute http or https URL");
            }
            return url;
        });
    }

    /** A JSON array; empty, after reporting an error, when the value is something else. */
    Optional<List<JsonNode>> jsonArray(String name, String expected) {
        return value(name).flatMap(raw -> {
            Optional<List<JsonNode>> array = parseJsonArray(raw);
            if (array.isEmpty()) {
                error(name, raw, expected);
            }
            return array;
        });
    }

    /** Reads a value with {@code parse}; an empty result means invalid. */
    <T> T parsed(String name, T fallback, String expected, Function<String, Optional<T>> parse) {
        return value(name).map(raw -> parse.apply(raw).orElseGet(() -> {
            error(name, raw, expected);
            return fallback;
        })).orElse(fallback);
    }

    void error(String setting, String shownValue, String expected) {
        errors.add(new ConfigProblem(setting, shownValue, expected));
    }

    void warning(String setting, String shownValue, String expected) {
        warnings.add(new ConfigProblem(setting, shownValue, expected));
    }

    /** True when no error was reported for any of {@code names}, so that rules relating them make sense. */
    boolean allValid(String... names) {
        List<String> checked = Arrays.asList(names);
        return errors.stream().noneMatch(problem -> checked.contains(problem.setting()));
    }

    /** Whether {@code name} was read by any of the methods above. */
    boolean consulted(String name) {
        return consulted.contains(name);
    }

    ConfigResult result(GatewayConfig candidate, LogLevel logLevel) {
        return new ConfigResult(errors.isEmpty() ? Optional.of(candidate) : Optional.empty(),
                errors, warnings, logLevel, candidate.plugins());
    }

    private List<String> elements(String name, String raw, boolean secret) {
        if (!raw.startsWith("[")) {
            return Arrays.stream(raw.split(",")).map(String::strip).filter(e -> !e.isEmpty()).toList();
        }
        Optional<List<String>> strings = parseJsonArray(raw)
                .filter(array -> array.stream().allMatch(JsonNode::isTextual))
                .map(array -> array.stream().map(JsonNode::asText).map(String::strip).filter(e -> !e.isEmpty()).toList());
        if (strings.isEmpty()) {
            error(name, secret ? Secret.mask(raw) : raw, LIST);
        }
        return strings.orElse(List.of());
    }

    private static Optional<List<JsonNode>> parseJsonArray(String raw) {
        try {
            JsonNode node = JSON.readTree(raw);
            if (node == null || !node.isArray()) {
                return Optional.empty();
            }
            List<JsonNode> items = new ArrayList<>();
            node.forEach(items::add);
            return Optional.of(items);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static Optional<URI> parseHttpUrl(String raw) {
        try {
            URI uri = new URI(raw);
            boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            return http && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
