package io.github.geminibalance.gateway.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings written in a {@code .env} file, read the way the original gateway (python-dotenv)
 * reads them, so that an existing file keeps working:
 *
 * <ul>
 *   <li>{@code NAME=value} lines, optionally prefixed with {@code export}; blank lines and
 *       {@code #} comment lines are skipped; a later line for the same name wins;
 *   <li>unquoted values are taken verbatim up to an inline comment (a {@code #} after whitespace),
 *       so {@code a=b} and {@code ["x","y"]} keep their {@code =} and quotes;
 *   <li>{@code 'single-quoted'} values are literal; {@code "double-quoted"} values understand
 *       {@code \n}, {@code \r}, {@code \t}, {@code \"} and {@code \\}; both may span lines.
 * </ul>
 *
 * @param values the settings in file order
 * @param problems one per line that could not be parsed; such a line contributes no value
 */
public record DotEnvFile(Map<String, String> values, List<ConfigProblem> problems) {

    private static final Pattern ENTRY = Pattern.compile("(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.*)");
    private static final Pattern INLINE_COMMENT = Pattern.compile("\\s#.*");

    public DotEnvFile {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        problems = List.copyOf(problems);
    }

    /**
     * Parses the text of a {@code .env} file.
     *
     * @param source how problems name the file, e.g. its path
     */
    public static DotEnvFile parse(String source, String text) {
        return new Parser(source, text).parse();
    }

    /** Parses one file; holds the position, since a quoted value may consume several lines. */
    private static final class Parser {
        private final String source;
        private final String[] lines;
        private final Map<String, String> values = new LinkedHashMap<>();
        private final List<ConfigProblem> problems = new ArrayList<>();
        private int index;

        Parser(String source, String text) {
            this.source = source;
            // A byte order mark written by some Windows editors would otherwise become part of the first name.
            this.lines = text.replaceFirst("^\uFEFF", "").split("\\R", -1);
        }

        DotEnvFile parse() {
            for (index = 0; index < lines.length; index++) {
                String line = lines[index].stripLeading();
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                Matcher entry = ENTRY.matcher(line);
                if (!entry.matches()) {
                    problem(index, line, "NAME=value, with a NAME of letters, digits and underscores");
                    continue;
                }
                String rest = entry.group(2);
                boolean quoted = rest.startsWith("\"") || rest.startsWith("'");
                String value = quoted ? quoted(line, rest) : unquoted(rest);
                if (value != null) {
                    values.put(entry.group(1), value);
                }
            }
            return new DotEnvFile(values, problems);
        }

        private static String unquoted(String rest) {
            return INLINE_COMMENT.matcher(rest).replaceFirst("").strip();
        }

        /** The value of a quoted entry, or null (after reporting a problem) when it is malformed. */
        private String quoted(String line, String rest) {
            int start = index;
            char quote = rest.charAt(0);
            StringBuilder content = new StringBuilder();
            String segment = rest.substring(1);
            int close;
            while ((close = closingQuote(segment, quote)) < 0) {
                if (index + 1 == lines.length) {
                    problem(start, line, "a closing " + quote + " quote");
                    return null;
                }
                content.append(segment).append('\n');
                segment = lines[++index];
            }
            content.append(segment, 0, close);
            String after = segment.substring(close + 1).strip();
            if (!after.isEmpty() && !after.startsWith("#")) {
                problem(start, line, "nothing but a # comment after the closing " + quote + " quote");
                return null;
            }
            return quote == '"' ? unescape(content) : content.toString();
        }

        private static int closingQuote(String segment, char quote) {
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                if (c == '\\' && quote == '"') {
                    i++;
                } else if (c == quote) {
                    return i;
                }
            }
            return -1;
        }

        private static String unescape(CharSequence content) {
            StringBuilder out = new StringBuilder(content.length());
            for (int i = 0; i < content.length(); i++) {
                char c = content.charAt(i);
                if (c != '\\' || i + 1 == content.length()) {
                    out.append(c);
                    continue;
                }
                char next = content.charAt(++i);
                switch (next) {
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case '"', '\\' -> out.append(next);
                    // Unknown escapes stay as written, as python-dotenv leaves them.
                    default -> out.append('\\').append(next);
                }
            }
            return out.toString();
        }

        private void problem(int lineIndex, String line, String expected) {
            // The line cannot be tied to a setting, and it may well be a pasted key: always mask it.
            problems.add(new ConfigProblem(source + ":" + (lineIndex + 1), Secret.mask(line.strip()), expected));
        }
    }
}
